package org.netllm.testbed.serverbench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.netllm.testbed.serverbench.LoadReport.ThroughputFigures;

/**
 * Static segment throughput on loopback: K keep-alive connections each GET the same unshaped
 * segment back to back for a fixed time, counting body bytes as they arrive (nothing is kept).
 * Runs as callbacks on the generator's event loop.
 */
final class SegmentThroughput {

    private static final int HTTP_OK = 200;

    private final LoadHttp http;
    private final String path;
    private final int fetchers;
    private final long deadlineNanos;
    private final Promise<ThroughputFigures> done = Promise.promise();
    private long startNanos;
    private long bytes;
    private long requests;
    private long errors;
    private int running;

    SegmentThroughput(LoadHttp http, String path, int fetchers, double seconds) {
        this.http = http;
        this.path = path;
        this.fetchers = fetchers;
        this.deadlineNanos = System.nanoTime() + (long) (seconds * 1e9);
    }

    /** Must be called on the generator's event loop. */
    Future<ThroughputFigures> start() {
        startNanos = System.nanoTime();
        running = fetchers;
        for (int i = 0; i < fetchers; i++) {
            fetch();
        }
        return done.future();
    }

    private void fetch() {
        if (System.nanoTime() >= deadlineNanos) {
            if (--running == 0) {
                double s = (System.nanoTime() - startNanos) / 1e9;
                done.complete(new ThroughputFigures(path, fetchers, bytes, requests, s, errors));
            }
            return;
        }
        RequestOptions opts = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(http.baseUrl() + path);
        http.client().request(opts).compose(req -> req.send()).onComplete(ar -> {
            if (ar.failed()) {
                errors++;
                fetch();
                return;
            }
            var resp = ar.result();
            boolean ok = resp.statusCode() == HTTP_OK;
            resp.handler(buf -> {
                if (ok) {
                    bytes += buf.length();
                }
            });
            boolean[] settled = {false}; // a reset connection may report an exception and no end
            resp.exceptionHandler(e -> {
                if (!settled[0]) {
                    settled[0] = true;
                    errors++;
                    fetch();
                }
            });
            resp.endHandler(v -> {
                if (!settled[0]) {
                    settled[0] = true;
                    if (ok) {
                        requests++;
                    } else {
                        errors++;
                    }
                    fetch();
                }
            });
        });
    }
}

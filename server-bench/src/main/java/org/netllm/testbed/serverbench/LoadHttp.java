package org.netllm.testbed.serverbench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/** The load generator's non-blocking JSON POSTs over one pooled Vert.x client (keep-alive, as a browser). */
final class LoadHttp {

    private static final String JSON = "application/json";

    private final HttpClient client;
    private final String baseUrl;

    LoadHttp(HttpClient client, String baseUrl) {
        this.client = client;
        this.baseUrl = baseUrl;
    }

    /** A reply's status and whole body. */
    record Reply(int status, Buffer body) {
        String text() {
            return body.toString();
        }
    }

    Future<Reply> postJson(String path, String body) {
        RequestOptions opts = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(baseUrl + path)
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        return client.request(opts).compose(req -> req.send(body))
                .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), b)));
    }

    HttpClient client() {
        return client;
    }

    String baseUrl() {
        return baseUrl;
    }
}

package org.netllm.testbed.serverbench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.netllm.testbed.serverbench.LoadReport.AlgorithmFigures;
import org.netllm.testbed.serverbench.LoadReport.ThroughputFigures;

/**
 * Synthetic players over loopback, non-blocking: one Vert.x event loop drives every player (no
 * thread per session). Per algorithm, N sessions are created, then each reports its chunks in
 * order (the next report only after the reply, after a think time unless closed-loop), then ends.
 * Then K connections fetch one unshaped segment in a loop to measure static throughput.
 * Sessions use link mode "none" (decisions and static files are what is measured, not the link).
 * Run it in its own JVM ({@link LoadGeneratorMain}) so that it does not share a heap, GC and
 * JIT threads with the server.
 */
public final class LoadGenerator {

    /** One generator event loop: all player state is confined to it. */
    private static final int EVENT_LOOPS = 1;
    /** Spare pooled connections beyond one per session (the end/create requests overlap a little). */
    private static final int SPARE_CONNECTIONS = 8;

    private final LoadSettings settings;

    public LoadGenerator(LoadSettings settings) {
        this.settings = settings;
    }

    public LoadReport run() throws InterruptedException {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS));
        try {
            LoadHttp http = new LoadHttp(vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                    new PoolOptions().setHttp1MaxSize(Math.max(settings.sessions(), settings.fetchers()) + SPARE_CONNECTIONS)),
                    settings.baseUrl());
            Context loop = vertx.getOrCreateContext();
            List<AlgorithmFigures> rounds = new ArrayList<>();
            for (String algorithm : settings.algorithms()) {
                rounds.add(onLoop(loop, () -> new DecisionRound(vertx, http, settings, algorithm).start()));
            }
            ThroughputFigures segs = !settings.hasThroughputPhase() ? null : onLoop(loop, () ->
                    new SegmentThroughput(http, settings.segmentPath(), settings.fetchers(), settings.segmentSeconds()).start());
            return new LoadReport(settings.pacing(), rounds, segs);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** Starts {@code phase} on the generator's event loop and blocks the caller until it completes. */
    private static <T> T onLoop(Context loop, Supplier<Future<T>> phase) throws InterruptedException {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.runOnContext(v -> phase.get().onComplete(ar -> {
            if (ar.succeeded()) {
                result.complete(ar.result());
            } else {
                result.completeExceptionally(ar.cause());
            }
        }));
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("load phase failed: " + e.getCause(), e.getCause());
        }
    }
}

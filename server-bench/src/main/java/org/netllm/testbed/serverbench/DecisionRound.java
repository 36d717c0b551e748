package org.netllm.testbed.serverbench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.netllm.testbed.serverbench.LoadReport.AlgorithmFigures;

/**
 * One algorithm's round: create N sessions, then run N synthetic players until each has reported
 * its chunks, then end the sessions. Everything runs as callbacks on the generator's one event
 * loop (no thread per player), so the generator itself adds little scheduling noise. Paced
 * players start staggered over one interval, as independent viewers would, not in lock step.
 */
final class DecisionRound {

    /** Synthetic report values: a plausible 4 s chunk at ~1.2 Mbit/s. */
    private static final long CHUNK_BYTES = 600_000;
    private static final long DOWNLOAD_MS = 800;
    private static final long FIRST_BYTE_MS = 40;
    private static final double CHUNK_S = 4.0;
    private static final long CHUNK_MS = 4000;
    private static final double MAX_BUFFER_S = 60;
    private static final long EPOCH_BASE_MS = 1_700_000_000_000L;
    private static final int HTTP_OK = 200;
    private static final int HTTP_CREATED = 201;
    private static final int ERROR_SAMPLES = 5;
    private static final double NANOS_PER_MS = 1e6;

    private final Vertx vertx;
    private final LoadHttp http;
    private final LoadSettings settings;
    private final String algorithm;
    private final Promise<AlgorithmFigures> done = Promise.promise();

    private final Samples serverMs = new Samples();
    private final Samples queueMs = new Samples();
    private final Samples algorithmMs = new Samples();
    private final Samples computeMs = new Samples();
    private final Samples roundTripMs = new Samples();
    private final List<String> errorSamples = new ArrayList<>();
    private final List<Player> players = new ArrayList<>();
    private long errors;
    private int pendingCreates;
    private int running;
    private long firstReportNanos = -1;
    private long lastReplyNanos;

    DecisionRound(Vertx vertx, LoadHttp http, LoadSettings settings, String algorithm) {
        this.vertx = vertx;
        this.http = http;
        this.settings = settings;
        this.algorithm = algorithm;
    }

    /** Must be called on the generator's event loop; completes there. */
    Future<AlgorithmFigures> start() {
        pendingCreates = settings.sessions();
        for (int i = 0; i < settings.sessions(); i++) {
            create();
        }
        return done.future();
    }

    private void create() {
        String body = "{\"algorithm\":\"" + algorithm + "\",\"video\":\"" + settings.video()
                + "\",\"trace\":null,\"link\":{\"mode\":\"none\",\"delayMs\":0},\"label\":\"load\"}";
        http.postJson("/api/sessions", body).onComplete(ar -> {
            try {
                if (ar.failed()) {
                    error("create session: " + ar.cause());
                } else if (ar.result().status() != HTTP_CREATED) {
                    error("create session: HTTP " + ar.result().status() + " " + ar.result().text());
                } else {
                    JsonObject c = ar.result().body().toJsonObject();
                    players.add(new Player(c.getString("id"), Math.min(settings.chunks(), c.getInteger("totalChunks")),
                            c.getInteger("initialQuality")));
                }
            } catch (DecodeException | ClassCastException | NullPointerException e) {
                error("create session: unreadable reply: " + e.getMessage());
            }
            if (--pendingCreates == 0) {
                startPlayers();
            }
        });
    }

    /** All sessions exist: start the players together (closed loop) or staggered over one interval (paced). */
    private void startPlayers() {
        running = players.size();
        if (running == 0) {
            finish();
            return;
        }
        LoadSettings.Pacing pacing = settings.pacing();
        for (int i = 0; i < players.size(); i++) {
            Player p = players.get(i);
            if (pacing.closedLoop()) {
                p.report();
            } else {
                long offsetMs = 1 + i * pacing.intervalMs() / players.size();
                vertx.setTimer(offsetMs, t -> p.report());
            }
        }
    }

    private void error(String what) {
        errors++;
        if (errorSamples.size() < ERROR_SAMPLES) {
            errorSamples.add(what);
        }
    }

    private void playerDone() {
        if (--running == 0) {
            finish();
        }
    }

    private void finish() {
        double wallS = firstReportNanos < 0 ? 0 : (lastReplyNanos - firstReportNanos) / 1e9;
        done.complete(new AlgorithmFigures(algorithm, settings.sessions(), serverMs.sorted(), queueMs.sorted(),
                algorithmMs.sorted(), computeMs.sorted(), roundTripMs.sorted(), errors, List.copyOf(errorSamples), wallS));
    }

    private static double number(JsonObject reply, String field) {
        Object v = reply.getValue(field);
        if (!(v instanceof Number n)) {
            throw new IllegalStateException("decision reply lacks number \"" + field + "\": " + reply.encode());
        }
        return n.doubleValue();
    }

    /** One synthetic viewer: reports chunk k, reads the decision, waits its think time, reports k + 1. */
    private final class Player {
        private final String id;
        private final String decisionPath;
        private final int chunks;
        private int quality;
        private int chunk;
        private double bufferS;

        Player(String id, int chunks, int initialQuality) {
            this.id = id;
            this.decisionPath = "/api/sessions/" + id + "/decision";
            this.chunks = chunks;
            this.quality = initialQuality;
        }

        void report() {
            bufferS = Math.min(MAX_BUFFER_S, bufferS + CHUNK_S - DOWNLOAD_MS / 1000.0);
            long t = EPOCH_BASE_MS + chunk * CHUNK_MS;
            String body = "{\"chunkIndex\":" + chunk + ",\"quality\":" + quality + ",\"bufferS\":" + bufferS
                    + ",\"rebufferMs\":0,\"requestTimeMs\":" + t + ",\"firstByteTimeMs\":" + (t + FIRST_BYTE_MS)
                    + ",\"endTimeMs\":" + (t + FIRST_BYTE_MS + DOWNLOAD_MS) + ",\"bytes\":" + CHUNK_BYTES + "}";
            long sent = System.nanoTime();
            if (firstReportNanos < 0) {
                firstReportNanos = sent;
            }
            http.postJson(decisionPath, body).onComplete(ar -> {
                long got = System.nanoTime();
                if (!record(ar.failed() ? null : ar.result(), ar.cause(), sent, got)) {
                    end();
                    return;
                }
                chunk++;
                if (chunk == chunks) {
                    end();
                } else if (settings.pacing().closedLoop()) {
                    report();
                } else {
                    vertx.setTimer(settings.pacing().intervalMs(), tid -> report());
                }
            });
        }

        /** Records one reply's figures; false (and an error) when the decision failed. */
        private boolean record(LoadHttp.Reply r, Throwable failure, long sent, long got) {
            if (r == null) {
                error("decision " + id + "#" + chunk + ": " + failure);
                return false;
            }
            if (r.status() != HTTP_OK) {
                error("decision " + id + "#" + chunk + ": HTTP " + r.status() + " " + r.text());
                return false;
            }
            try {
                JsonObject j = r.body().toJsonObject();
                quality = (int) number(j, "quality");
                serverMs.add(number(j, "decisionLatencyMs"));
                queueMs.add(number(j, "queueMs"));
                algorithmMs.add(number(j, "algorithmMs"));
                computeMs.add(number(j, "computeMs"));
            } catch (DecodeException | IllegalStateException e) {
                error("decision " + id + "#" + chunk + ": " + e.getMessage());
                return false;
            }
            roundTripMs.add((got - sent) / NANOS_PER_MS);
            lastReplyNanos = got;
            return true;
        }

        private void end() {
            http.postJson("/api/sessions/" + id + "/end", "{\"reason\":\"ended\",\"detail\":\"load\"}").onComplete(ar -> {
                if (ar.failed()) {
                    error("end " + id + ": " + ar.cause());
                } else if (ar.result().status() != HTTP_OK) {
                    error("end " + id + ": HTTP " + ar.result().status() + " " + ar.result().text());
                }
                playerDone();
            });
        }
    }
}

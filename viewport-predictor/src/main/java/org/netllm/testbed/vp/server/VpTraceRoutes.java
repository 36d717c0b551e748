package org.netllm.testbed.vp.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netllm.testbed.server.spi.RequestException;
import org.netllm.testbed.server.spi.TaskRoutes;
import org.netllm.testbed.vp.data.Axis;
import org.netllm.testbed.vp.data.TraceKey;
import org.netllm.testbed.vp.data.ViewportTrace;
import org.netllm.testbed.vp.data.VpData;
import org.netllm.testbed.vp.data.VpDataset;
import org.netllm.testbed.vp.data.VpSplit;
import org.netllm.testbed.vp.service.Resampler;
import org.netllm.testbed.vp.service.VpPredictionService;

/**
 * Read-only access to the bundled test traces for the replay page (docs/protocol.md §9.1): {@code GET /api/vp/traces}
 * lists catalog ids, {@code GET /api/vp/traces/<id>} returns one trace's 5 Hz samples. Ids name a trace of the
 * bundled dataset index ({@code jin2022-v4-u15}: dataset, video, user), never a file; only test-split traces are
 * served. Loading a dataset parses its gzip resource, so it runs on the blocking executor, never the event loop.
 */
final class VpTraceRoutes {

    /** Served split: the replay page shows held-out traces, as an evaluation would. */
    static final VpSplit SPLIT = VpSplit.TEST;
    /** Longest reply: 12 minutes at 5 Hz (the longest bundled trace has 1 467 samples); longer ones are cut. */
    static final int MAX_SAMPLES = 3_600;
    private static final Pattern ID = Pattern.compile("([a-z0-9]+)-v(\\d{1,4})-u(\\d{1,4})");

    private final VpData data;
    private final Executor blocking;

    VpTraceRoutes(VpData data, Executor blocking) {
        this.data = data;
        this.blocking = blocking;
    }

    /** One entry of the listing. */
    record TraceEntry(String id, String dataset, String split, int video, int user) {
    }

    /** One sample, the shape {@code POST /api/vp/predict} takes as history. */
    record Sample(double t, double roll, double pitch, double yaw) {
    }

    /** The reply for one trace. */
    record TraceReply(String id, String dataset, String split, int video, int user, double sampleRateHz,
                      String convention, int totalSamples, boolean truncated, List<Sample> samples) {
    }

    void mount(TaskRoutes routes) {
        routes.getJson("/traces", req -> CompletableFuture.completedFuture(Map.of("split", SPLIT.key(), "traces", list())));
        routes.getJson("/traces/:id", req -> {
            TraceEntry e = entry(req.param("id"));
            return CompletableFuture.supplyAsync(() -> reply(e), blocking);
        });
    }

    List<TraceEntry> list() {
        List<TraceEntry> out = new ArrayList<>();
        for (VpDataset d : VpDataset.values()) {
            for (TraceKey k : data.splits().traces(d, SPLIT)) {
                out.add(new TraceEntry(id(d, k), d.cliName(), SPLIT.key(), k.video(), k.user()));
            }
        }
        return out;
    }

    static String id(VpDataset d, TraceKey k) {
        return d.cliName() + "-v" + k.video() + "-u" + k.user();
    }

    /** The listed entry for {@code id}; 400 for a malformed id, 404 for one not in the listing. */
    TraceEntry entry(String id) {
        Matcher m = ID.matcher(id);
        if (!m.matches()) {
            throw RequestException.badRequest("vp: trace id \"" + bounded(id) + "\": expected <dataset>-v<video>-u<user>,"
                    + " e.g. jin2022-v4-u15 (GET /api/vp/traces lists them)");
        }
        Map<String, TraceEntry> byId = new LinkedHashMap<>();
        for (TraceEntry e : list()) {
            byId.put(e.id(), e);
        }
        TraceEntry e = byId.get(id);
        if (e == null) {
            throw RequestException.notFound("vp: trace \"" + id + "\" is not a bundled " + SPLIT.key()
                    + " trace (GET /api/vp/traces lists them)");
        }
        return e;
    }

    private TraceReply reply(TraceEntry e) {
        ViewportTrace trace = data.trace(VpDataset.parse(e.dataset()), new TraceKey(e.video(), e.user()));
        int n = Math.min(trace.length(), MAX_SAMPLES);
        List<Sample> samples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] r = trace.row(i); // (roll, pitch, yaw)
            samples.add(new Sample(i / Resampler.RATE_HZ, r[Axis.ROLL.ordinal()], r[Axis.PITCH.ordinal()], r[Axis.YAW.ordinal()]));
        }
        return new TraceReply(e.id(), e.dataset(), e.split(), e.video(), e.user(), Resampler.RATE_HZ,
                VpPredictionService.CONVENTION, trace.length(), trace.length() > n, samples);
    }

    private static String bounded(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}

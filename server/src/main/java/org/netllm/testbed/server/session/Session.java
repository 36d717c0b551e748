package org.netllm.testbed.server.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.AbrObservation;
import org.netllm.testbed.abr.qoe.QoeParams;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.netem.LinkEmulator;
import org.netllm.testbed.server.decision.ChunkReport;
import org.netllm.testbed.server.decision.DecisionOutcome;
import org.netllm.testbed.server.decision.ObservationBuilder;
import org.netllm.testbed.server.spi.RequestException;
import org.netllm.testbed.server.log.ChunkRecord;
import org.netllm.testbed.server.log.JsonLinesWriter;
import org.netllm.testbed.server.log.QoeTracker;
import org.netllm.testbed.server.session.SessionView.LinkView;

/**
 * One player session: its algorithm instance, observation state, QoE and log files. Every
 * state-touching operation runs through {@link #serially}, which chains it behind the session's
 * previous operation on the shared worker pool: operations of one session never overlap and keep
 * arrival order, different sessions run in parallel, and the event loop never runs an algorithm.
 */
public final class Session {

    public static final String CHUNK_LOG = "chunks.jsonl";
    public static final String EVENT_LOG = "events.jsonl";
    public static final String SUMMARY_FILE = "session.json";

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double NANOS_PER_MS = 1e6;
    private static final double BITS_PER_BYTE = 8.0;

    private final String id;
    private final SessionRequest request;
    private final VideoSpec video;
    private final int totalChunks;
    private final int initialQuality;
    private final AbrAlgorithm algorithm;
    private final LinkEmulator link;
    private final QoeParams qoeParams;
    private final long seed;
    private final boolean sampling;
    private final Path dir;
    private final Executor workers;
    private final long createdAtMs;

    private final ObservationBuilder observations;
    private final QoeTracker qoe;
    private final JsonLinesWriter chunkLog;
    private JsonLinesWriter eventLog;

    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile SessionState state = SessionState.ACTIVE;
    private int expectedChunk;
    private int prevQuality = FIRST_PREVIOUS_QUALITY;
    private Long endedAtMs;
    private EndReason reason;
    private String detail;

    /**
     * q_prev of chunk 0 (abr-reference §8.7): 0, as the simulator's DEFAULT_QUALITY. It only affects
     * chunk 0's reward, which the session score excludes (§4.2).
     */
    private static final int FIRST_PREVIOUS_QUALITY = 0;

    Session(String id, SessionRequest request, VideoSpec video, int initialQuality, AbrAlgorithm algorithm,
            LinkEmulator link, QoeParams qoeParams, long seed, boolean sampling, Path dir, Executor workers) {
        this.id = id;
        this.request = request;
        this.video = video;
        this.totalChunks = video.chunks();
        this.initialQuality = initialQuality;
        this.algorithm = algorithm;
        this.link = link;
        this.qoeParams = qoeParams;
        this.seed = seed;
        this.sampling = sampling;
        this.dir = dir;
        this.workers = workers;
        this.createdAtMs = System.currentTimeMillis();
        this.observations = new ObservationBuilder(video, totalChunks);
        this.qoe = new QoeTracker(qoeParams.rebufPenalty());
        this.chunkLog = new JsonLinesWriter(dir.resolve(CHUNK_LOG));
    }

    public String id() {
        return id;
    }

    public String algorithmName() {
        return request.algorithm();
    }

    public SessionRequest request() {
        return request;
    }

    public VideoSpec video() {
        return video;
    }

    public int initialQuality() {
        return initialQuality;
    }

    public LinkEmulator link() {
        return link;
    }

    public Path dir() {
        return dir;
    }

    public SessionState state() {
        return state;
    }

    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** Marks the session as used now (media requests count too: a stalled player still fetches). */
    public void touch() {
        lastActivityNanos = System.nanoTime();
    }

    /** Runs {@code task} after every earlier operation of this session, on the worker pool. */
    public synchronized <T> CompletableFuture<T> serially(Supplier<T> task) {
        touch();
        CompletableFuture<T> next = tail.handle((ignoredValue, ignoredError) -> null)
                .thenApplyAsync(ignored -> task.get(), workers);
        tail = next;
        return next;
    }

    /**
     * Serial only. Records chunk {@code r.chunkIndex()} and decides the next chunk's quality.
     *
     * @param receivedNanos when the request body was available (start of the latency measurement)
     */
    public DecisionOutcome onChunk(ChunkReport r, long receivedNanos) {
        long started = System.nanoTime();
        requireActive();
        if (r.chunkIndex() != expectedChunk) {
            throw RequestException.conflict("session " + id + ": chunkIndex " + r.chunkIndex() + " reported, expected "
                    + expectedChunk + " (each chunk is reported once, in order)");
        }
        if (r.chunkIndex() >= totalChunks) {
            throw RequestException.badRequest("session " + id + ": chunkIndex " + r.chunkIndex() + " past the video's "
                    + totalChunks + " chunks");
        }
        if (r.quality() > video.topQuality()) {
            throw RequestException.badRequest("session " + id + ": quality " + r.quality() + " outside 0.."
                    + video.topQuality());
        }
        if (r.cumulativeRebufferMs() < observations.lastCumulativeRebufferMs()) {
            throw RequestException.badRequest("session " + id + ": rebufferMs " + r.cumulativeRebufferMs()
                    + " is cumulative and cannot drop below the previous " + observations.lastCumulativeRebufferMs());
        }
        AbrObservation obs = observations.next(r);
        long decideStart = System.nanoTime();
        int next = decideNext(obs);
        long decided = System.nanoTime();
        double latencyMs = (decided - receivedNanos) / NANOS_PER_MS;
        double algorithmMs = (decided - decideStart) / NANOS_PER_MS;
        double queueMs = (started - receivedNanos) / NANOS_PER_MS;

        int kbps = video.bitratesKbps()[r.quality()];
        int prevKbps = video.bitratesKbps()[prevQuality];
        double reward = qoeParams.reward(kbps, prevKbps, obs.rebufferS());
        ChunkRecord rec = new ChunkRecord(r.chunkIndex(), r.quality(), kbps, r.bytes(),
                Double.isNaN(r.requestTimeMs()) ? null : r.requestTimeMs(), r.firstByteTimeMs(), r.endTimeMs(),
                obs.downloadMs(), r.bytes() * BITS_PER_BYTE / obs.downloadMs() / 1000.0, r.bufferS(), obs.rebufferS(),
                Math.abs(kbps - prevKbps) / 1000.0, reward, next, latencyMs, algorithmMs, algorithm.name());
        chunkLog.append(rec);
        qoe.add(rec);
        prevQuality = r.quality();
        expectedChunk++;
        return new DecisionOutcome(next, r.chunkIndex() + 1, request.algorithm(), latencyMs, queueMs, algorithmMs);
    }

    /**
     * The last chunk's reply is unused by the client (protocol.md §2); the algorithm is not asked
     * (abr-reference §8.7: NetLLM has no timestep 48) and the reported quality is echoed.
     */
    private int decideNext(AbrObservation obs) {
        if (obs.chunkIndex() >= totalChunks - 1) {
            return obs.quality();
        }
        int q = algorithm.decide(obs);
        if (q < 0 || q > video.topQuality()) {
            throw new IllegalStateException("algorithm " + algorithm.name() + " returned quality " + q
                    + " outside 0.." + video.topQuality());
        }
        return q;
    }

    /** Serial only. Ends the session, closes the logs and writes {@code session.json}. */
    public SessionView end(EndReason why, String text) {
        requireActive();
        state = SessionState.ENDED;
        endedAtMs = System.currentTimeMillis();
        reason = why;
        detail = text;
        chunkLog.close();
        if (eventLog != null) {
            eventLog.close();
        }
        closeAlgorithm();
        SessionView v = view();
        writeSummary(v);
        return v;
    }

    /**
     * Algorithms holding per-session resources (NetLLM: its deques on the backbone's device) are
     * AutoCloseable; the session is their only user, so it releases them when it ends.
     */
    private void closeAlgorithm() {
        if (algorithm instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("session " + id + ": closing algorithm " + algorithm.name()
                        + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** Serial only. Appends client events (protocol.md §4) to {@code events.jsonl}. */
    public void appendEvents(List<JsonNode> events) {
        requireActive();
        if (eventLog == null) {
            eventLog = new JsonLinesWriter(dir.resolve(EVENT_LOG));
        }
        for (JsonNode e : events) {
            eventLog.append(e);
        }
    }

    /** Serial only (reads the QoE accumulators). */
    public SessionView view() {
        LinkView linkView = new LinkView(request.link().mode().wireName(), request.link().delayMs(),
                request.link().decisionsCrossLink(), link.describe());
        return new SessionView(id, state.wireName(), request.algorithm(), request.video(), request.traceId(),
                request.label(), linkView, initialQuality, totalChunks, qoe.chunks(), qoe.summary(), createdAtMs,
                endedAtMs, reason == null ? null : reason.wireName(), detail, seed, sampling);
    }

    private void requireActive() {
        if (state != SessionState.ACTIVE) {
            throw RequestException.conflict("session " + id + " has ended (" + reason.wireName() + ")");
        }
    }

    private void writeSummary(SessionView v) {
        Path tmp = dir.resolve(SUMMARY_FILE + ".tmp");
        try {
            PRETTY.writeValue(tmp.toFile(), v);
            Files.move(tmp, dir.resolve(SUMMARY_FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(SUMMARY_FILE), e);
        }
    }
}

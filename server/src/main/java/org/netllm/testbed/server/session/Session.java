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
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.DecisionStages;
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
 * arrival order, different sessions run in parallel. The one exception is {@link #decide} for an algorithm that
 * {@linkplain AbrAlgorithm#decidesInline() decides inline}: when nothing of the session is pending it runs on the
 * calling event loop (see there why).
 */
public final class Session {

    public static final String CHUNK_LOG = "chunks.jsonl";
    public static final String EVENT_LOG = "events.jsonl";
    public static final String SUMMARY_FILE = "session.json";

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double NANOS_PER_MS = 1e6;
    private static final double BITS_PER_BYTE = 8.0;

    private final String id;
    private final String token;
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
    /** Guards eventLog: events are written off the decision chain (see {@link #appendEvents}). */
    private final Object eventLock = new Object();
    private final java.util.concurrent.atomic.AtomicLong eventBytes = new java.util.concurrent.atomic.AtomicLong();
    /**
     * Client event bytes one session may log: a real session writes a few hundred KB (one event per player
     * callback); an event flood wrote 1.2 GB in 10 s (issue 11). Past it, event posts are refused with 429.
     */
    public static final long EVENT_BUDGET_BYTES = 4L * 1024 * 1024;

    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    /** A decision made for {@code report} whose log line could not be written yet (see {@link #onChunk}). */
    private Unlogged unlogged;
    /** Set by the registry: frees the session's slot once it has ended. */
    private Runnable onEnd;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile SessionState state = SessionState.ACTIVE;
    private int expectedChunk;
    private int prevQuality = FIRST_PREVIOUS_QUALITY;
    private Long endedAtMs;
    private EndReason reason;
    private String detail;

    /**
     * The longest a decision may take before the client gets a 503 (and may retry the same report): far above
     * NetLLM on a CPU (hundreds of ms), far below the player's patience with a stalled request.
     */
    public static final long DECISION_TIMEOUT_MS = 30_000;

    private record Unlogged(ChunkReport report, int quality) {
    }

    /**
     * q_prev of chunk 0 (docs/reference/abr.md §8.7): 0, as the simulator's DEFAULT_QUALITY. It only affects
     * chunk 0's reward, which the session score excludes (docs/reference/abr.md §4.2).
     */
    private static final int FIRST_PREVIOUS_QUALITY = 0;

    Session(String id, SessionRequest request, VideoSpec video, int initialQuality, AbrAlgorithm algorithm,
            LinkEmulator link, QoeParams qoeParams, long seed, boolean sampling, Path dir, Executor workers,
            String token) {
        this.id = id;
        this.token = token;
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

    /**
     * The session's secret for the Pensieve endpoint ({@code /pensieve/<id>?token=...}): GENET's client posts
     * text/plain, which a page on another site could also send without a preflight, so a non-JSON post must carry
     * this token (issue 11 "cross-origin").
     */
    public String token() {
        return token;
    }

    /** Whether {@code candidate} is this session's token (constant time). */
    public boolean tokenMatches(String candidate) {
        return candidate != null && java.security.MessageDigest.isEqual(
                token.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                candidate.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The registry's hook, run once when the session ends (before its summary is written). */
    void onEnd(Runnable hook) {
        this.onEnd = hook;
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
     * As {@link #serially}, for an operation that answers with a future: the session's next operation starts only
     * once that future completes, but no thread is held meanwhile (a NetLLM decision waits for its batch).
     */
    public synchronized <T> CompletableFuture<T> seriallyAsync(Supplier<? extends CompletionStage<T>> task) {
        touch();
        CompletableFuture<T> next = tail.handle((ignoredValue, ignoredError) -> null)
                .thenComposeAsync(ignored -> task.get(), workers);
        tail = next;
        return next;
    }

    /**
     * The decision for report {@code r}, in the session's serial order. An algorithm that {@linkplain
     * AbrAlgorithm#decidesInline() decides inline} (the baselines: tens of microseconds, no waits) is run on the
     * calling thread, the request's event loop, whenever none of the session's operations is pending: the hop to a
     * worker thread was the whole decision tail on a busy 2-core machine (waking a parked worker waited 1–3 ms for a
     * CPU at p99, while {@code decide()} took ≤ 27 µs; docs/benchmarks.md ## Server). That path also writes the
     * chunk's log line from the event loop: one append of ~400 bytes to the page cache, no fsync, the only file call
     * an event loop makes. Anything else, and an inline algorithm behind a pending operation, goes through
     * {@link #seriallyAsync}.
     */
    public CompletableFuture<DecisionOutcome> decide(ChunkReport r, long receivedNanos) {
        return algorithm.decidesInline()
                ? seriallyInline(() -> onChunk(r, receivedNanos))
                : seriallyAsync(() -> onChunk(r, receivedNanos));
    }

    /**
     * As {@link #seriallyAsync}, but runs {@code task} on the calling thread when the session's previous operation
     * has completed (a failure is returned as a failed future, as the pool would); otherwise chains it as usual.
     */
    private synchronized <T> CompletableFuture<T> seriallyInline(Supplier<? extends CompletionStage<T>> task) {
        if (!tail.isDone()) {
            return seriallyAsync(task);
        }
        touch();
        CompletableFuture<T> next;
        try {
            next = task.get().toCompletableFuture();
        } catch (RuntimeException | Error e) {
            next = CompletableFuture.failedFuture(e);
        }
        tail = next;
        return next;
    }

    /**
     * Serial only (run it through {@link #decide}). One decision as a transaction: validate the report,
     * build the observation without touching session state, let the algorithm decide (possibly asynchronously:
     * NetLLM answers from its batch), write the chunk's log line, and only then commit the session state (rebuffer
     * baseline, QoE, previous quality, expected chunk). A failed decide or log write changes nothing, so the
     * client's retry of the same report records the same stall; a decision that was made but not logged is reused
     * by an identical retry instead of asking the algorithm twice.
     *
     * @param receivedNanos when the request body was available (start of the latency measurement)
     */
    public CompletableFuture<DecisionOutcome> onChunk(ChunkReport r, long receivedNanos) {
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
        AbrObservation obs = observations.observe(r);
        DecisionStages earlier = algorithm.lastStages(); // a decision made on other threads leaves new stages
        long decideStart = System.nanoTime();
        CompletableFuture<Integer> decided;
        if (unlogged != null && unlogged.report().equals(r)) {
            decided = CompletableFuture.completedFuture(unlogged.quality());
        } else {
            unlogged = null;
            decided = decideNext(obs).toCompletableFuture().orTimeout(DECISION_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        // baselines complete at once: record on this worker; NetLLM completes on its decision thread: hop back to
        // the worker pool for the file write
        return decided.isDone()
                ? decided.handle((q, err) -> record(r, obs, q, err, receivedNanos, started, decideStart, earlier))
                : decided.handleAsync((q, err) -> record(r, obs, q, err, receivedNanos, started, decideStart, earlier),
                        workers);
    }

    /** The decision (or its failure) → log line → committed state. */
    private DecisionOutcome record(ChunkReport r, AbrObservation obs, Integer next, Throwable err, long receivedNanos,
                                   long started, long decideStart, DecisionStages earlier) {
        if (err != null) {
            throw decisionFailure(err instanceof CompletionException && err.getCause() != null ? err.getCause() : err);
        }
        if (next < 0 || next > video.topQuality()) {
            throw new IllegalStateException("algorithm " + algorithm.name() + " returned quality " + next
                    + " outside 0.." + video.topQuality());
        }
        requireActive(); // the session may have ended (timeout, shutdown) while the decision waited
        unlogged = new Unlogged(r, next);
        long decided = System.nanoTime();
        double latencyMs = (decided - receivedNanos) / NANOS_PER_MS;
        double algorithmMs = (decided - decideStart) / NANOS_PER_MS;
        double queueMs = (started - receivedNanos) / NANOS_PER_MS;
        // the algorithm's own computation; the rest of algorithmMs is the hand-off to its threads and back
        DecisionStages stages = algorithm.lastStages();
        double computeMs = stages != null && stages != earlier ? stages.computeMs() : algorithmMs;

        int kbps = video.bitratesKbps()[r.quality()];
        int prevKbps = video.bitratesKbps()[prevQuality];
        double reward = qoeParams.reward(kbps, prevKbps, obs.rebufferS());
        ChunkRecord rec = new ChunkRecord(r.chunkIndex(), r.quality(), kbps, r.bytes(),
                Double.isNaN(r.requestTimeMs()) ? null : r.requestTimeMs(), r.firstByteTimeMs(), r.endTimeMs(),
                obs.downloadMs(), r.bytes() * BITS_PER_BYTE / obs.downloadMs() / 1000.0, r.bufferS(), obs.rebufferS(),
                Math.abs(kbps - prevKbps) / 1000.0, reward, next, latencyMs, algorithmMs, computeMs, algorithm.name());
        chunkLog.append(rec); // throws without a partial line (JsonLinesWriter): nothing below runs, nothing changed
        observations.commit(r);
        qoe.add(rec);
        prevQuality = r.quality();
        expectedChunk++;
        unlogged = null;
        return new DecisionOutcome(next, r.chunkIndex() + 1, request.algorithm(), latencyMs, queueMs, algorithmMs,
                computeMs);
    }

    /** A refusal under load stays a 503 for the client to retry; anything else propagates as the server's fault. */
    private RuntimeException decisionFailure(Throwable cause) {
        if (cause instanceof TimeoutException) {
            return RequestException.unavailable("session " + id + ": no decision within " + DECISION_TIMEOUT_MS
                    + " ms; retry the same report");
        }
        if (cause instanceof RejectedExecutionException) {
            return RequestException.unavailable("session " + id + ": the decision queue is full; retry the same report");
        }
        if (cause instanceof RuntimeException re) {
            return re;
        }
        return new IllegalStateException("algorithm " + algorithm.name() + " failed: " + cause, cause);
    }

    /**
     * The last chunk's reply is unused by the client (docs/protocol.md §2); the algorithm is not asked
     * (docs/reference/abr.md §8.7: NetLLM has no timestep 48) and the reported quality is echoed.
     */
    private CompletionStage<Integer> decideNext(AbrObservation obs) {
        if (obs.chunkIndex() >= totalChunks - 1) {
            return CompletableFuture.completedFuture(obs.quality());
        }
        return algorithm.decideAsync(obs);
    }

    /** Serial only. Ends the session, closes the logs and writes {@code session.json}. */
    public SessionView end(EndReason why, String text) {
        requireActive();
        state = SessionState.ENDED;
        if (onEnd != null) {
            onEnd.run(); // first: whatever fails below, the slot is free again
        }
        endedAtMs = System.currentTimeMillis();
        reason = why;
        detail = text;
        chunkLog.close();
        synchronized (eventLock) {
            if (eventLog != null) {
                eventLog.close();
            }
        }
        closeAlgorithm();
        SessionView v = view();
        ensureChunkLog();
        writeSummary(v);
        return v;
    }

    /** Readers expect chunks.jsonl in every ended session's folder, even one that never recorded a chunk. */
    private void ensureChunkLog() {
        try {
            if (Files.notExists(chunkLog.file())) {
                Files.createFile(chunkLog.file());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + chunkLog.file(), e);
        }
    }

    /**
     * Algorithms are closeable by contract (NetLLM holds its deques on the backbone's device); the session is the
     * instance's only user, so it releases it when it ends.
     */
    private void closeAlgorithm() {
        try {
            algorithm.close();
        } catch (RuntimeException e) {
            throw new IllegalStateException("session " + id + ": closing algorithm " + algorithm.name()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Takes {@code bytes} of the session's event budget, or refuses with 429 once it is spent; call it on the
     * event loop before scheduling the write, so a flood is refused without any work.
     */
    public void reserveEventBytes(long bytes) {
        if (eventBytes.addAndGet(bytes) > EVENT_BUDGET_BYTES) {
            eventBytes.addAndGet(-bytes);
            throw new RequestException(RequestException.TOO_MANY_REQUESTS, "session " + id + ": client events are "
                    + "limited to " + EVENT_BUDGET_BYTES + " bytes per session");
        }
    }

    /**
     * Appends client events (docs/protocol.md §4) to {@code events.jsonl}. Runs on the registry's event writer, not in
     * the session's decision chain: an event flood must not queue ahead of decisions (4 floods moved decision p99
     * from 8.8 to 339 ms, issue 11). Events of one session keep their order (one writer thread).
     */
    public void appendEvents(List<JsonNode> events) {
        synchronized (eventLock) {
            requireActive();
            if (eventLog == null) {
                eventLog = new JsonLinesWriter(dir.resolve(EVENT_LOG));
            }
            for (JsonNode e : events) {
                eventLog.append(e);
            }
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

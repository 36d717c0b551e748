package org.netllm.testbed.server.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.AbrAlgorithmFactory;
import org.netllm.testbed.abr.algo.AbrAlgorithms;
import org.netllm.testbed.abr.algo.AbrContext;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.netem.LinkEmulator;
import org.netllm.testbed.server.config.LinkMode;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.spi.RequestException;
import org.netllm.testbed.server.spi.TaskSessions;

/**
 * Creates, finds and expires sessions. Ids name the results folder:
 * {@code s-<yyyyMMdd-HHmmss>-<6 hex>} (sortable by start time, unique by the random part).
 */
public final class SessionRegistry implements TaskSessions {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final int ID_RANDOM_BYTES = 3;
    private static final int ID_ATTEMPTS = 8;

    private final ServerConfig config;
    private final AbrAlgorithms algorithms;
    private final VideoLibrary videos;
    private final TraceLibrary traces;
    private final LinkFactory links;
    private final Executor workers;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong created = new AtomicLong();
    private final SecureRandom random = new SecureRandom();

    public SessionRegistry(ServerConfig config, AbrAlgorithms algorithms, VideoLibrary videos, TraceLibrary traces,
                           LinkFactory links, Executor workers) {
        this.config = config;
        this.algorithms = algorithms;
        this.videos = videos;
        this.traces = traces;
        this.links = links;
        this.workers = workers;
    }

    public Session create(SessionRequest req) {
        AbrAlgorithmFactory factory;
        try {
            factory = algorithms.factory(req.algorithm());
        } catch (IllegalArgumentException e) {
            throw RequestException.badRequest("algorithm: " + e.getMessage());
        }
        VideoSpec video = videos.spec(req.video());
        if (config.initialQuality() > video.topQuality()) {
            throw RequestException.badRequest("video " + video.name() + " has " + video.levels()
                    + " levels; the server's initial quality " + config.initialQuality() + " does not exist");
        }
        Path traceFile = req.traceId() == null ? null : traces.resolve(req.traceId());
        if (req.link().mode() == LinkMode.BUILTIN && traceFile == null) {
            throw RequestException.badRequest("trace: required when link.mode is \"builtin\" (use \"none\" for no shaping)");
        }
        LinkEmulator link;
        try {
            link = links.create(req.link(), traceFile);
        } catch (IOException | IllegalArgumentException e) {
            throw RequestException.badRequest("trace " + req.traceId() + ": " + e.getMessage());
        }
        long seq = created.incrementAndGet();
        long seed = config.seed() + seq;
        AbrAlgorithm algorithm = factory.create(
                new AbrContext(video, config.qoe(), video.chunks(), seed, config.sampling()));
        String id = newSessionDir();
        Session s = new Session(id, req, video, config.initialQuality(), algorithm, link, config.qoe(), seed,
                config.sampling(), config.resultsDir().resolve(id), workers);
        sessions.put(id, s);
        return s;
    }

    private String newSessionDir() {
        try {
            Files.createDirectories(config.resultsDir());
            for (int i = 0; i < ID_ATTEMPTS; i++) {
                byte[] r = new byte[ID_RANDOM_BYTES];
                random.nextBytes(r);
                String id = "s-" + LocalDateTime.now().format(ID_TIME) + "-" + HexFormat.of().formatHex(r);
                try {
                    Files.createDirectory(config.resultsDir().resolve(id));
                    return id;
                } catch (FileAlreadyExistsException taken) {
                    // another server wrote the same id into this results folder: draw again
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a session folder under " + config.resultsDir(), e);
        }
        throw new IllegalStateException("no free session id under " + config.resultsDir() + " after " + ID_ATTEMPTS + " tries");
    }

    /** The session, or a 404 naming the id. */
    public Session get(String id) {
        Session s = sessions.get(id);
        if (s == null) {
            throw RequestException.notFound("session \"" + id + "\" not found");
        }
        return s;
    }

    @Override
    public long activeCount() {
        return sessions.values().stream().filter(s -> s.state() == SessionState.ACTIVE).count();
    }

    /**
     * Ends active sessions idle for longer than the configured timeout (reason "timeout") and
     * forgets ended ones idle that long (their files stay in the results folder).
     */
    @Override
    public void expireIdle(long nowNanos) {
        expireIdleSessions(nowNanos);
    }

    /** As {@link #expireIdle}, with the futures of the sessions it ends (their summaries written). */
    public List<CompletableFuture<SessionView>> expireIdleSessions(long nowNanos) {
        long limit = config.sessionIdle().toNanos();
        List<CompletableFuture<SessionView>> ended = new ArrayList<>();
        for (Session s : sessions.values()) {
            if (nowNanos - s.lastActivityNanos() <= limit) {
                continue;
            }
            if (s.state() == SessionState.ACTIVE) {
                ended.add(s.serially(() -> s.end(EndReason.TIMEOUT, "no request for " + config.sessionIdle())));
            } else {
                sessions.remove(s.id(), s);
            }
        }
        return ended;
    }

    /** Ends every active session (server shutdown), waiting for their summaries to be written. */
    @Override
    public void endAll(String detail) {
        List<CompletableFuture<SessionView>> all = new ArrayList<>();
        for (Session s : sessions.values()) {
            if (s.state() == SessionState.ACTIVE) {
                all.add(s.serially(() -> s.state() == SessionState.ACTIVE ? s.end(EndReason.ERROR, detail) : s.view()));
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    }
}

package org.netllm.testbed.server.spi;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A task's sessions by id, bounded: at most {@link ServerLimits#maxSessions()} live at once (503 past it), ended
 * after an idle timeout or at shutdown. Ids are {@code <task>-<16 hex>} from a SecureRandom, so one client cannot
 * guess another's session. The slot is taken before the session is built, so a flood of creations cannot
 * overshoot the bound, and it is released if building fails.
 *
 * @param <S> the task's session type
 */
public final class SessionTable<S extends TaskSession> implements TaskSessions {

    private static final Logger LOG = Logger.getLogger(SessionTable.class.getName());
    private static final int ID_RANDOM_BYTES = 8;

    private final String task;
    private final int maxSessions;
    private final Duration idle;
    private final Executor ender;
    private final Semaphore slots;
    private final Map<String, S> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param ender where {@link TaskSession#end} runs (it may write files): the task's executor or
     *              {@link TaskContext#blocking()}
     */
    public SessionTable(String task, ServerLimits limits, Duration idle, Executor ender) {
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("idle timeout must be > 0, got " + idle);
        }
        this.task = task;
        this.maxSessions = limits.maxSessions();
        this.idle = idle;
        this.ender = ender;
        this.slots = new Semaphore(maxSessions);
    }

    /** Builds a session under a fresh id, or refuses with 503 when {@code maxSessions} are live. */
    public S create(Function<String, S> factory) {
        if (!slots.tryAcquire()) {
            throw RequestException.unavailable(task + ": " + maxSessions + " sessions are live, the most this server "
                    + "allows; end one or retry later");
        }
        try {
            String id;
            do {
                byte[] r = new byte[ID_RANDOM_BYTES];
                random.nextBytes(r);
                id = task + "-" + HexFormat.of().formatHex(r);
            } while (sessions.containsKey(id));
            S s = factory.apply(id);
            if (!id.equals(s.id())) {
                throw new IllegalStateException("session factory ignored its id " + id + " (returned " + s.id() + ")");
            }
            sessions.put(id, s);
            return s;
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    /** The live session, or a 404 naming the id. */
    public S get(String id) {
        S s = sessions.get(id);
        if (s == null || !s.active()) {
            throw RequestException.notFound(task + ": session \"" + id + "\" not found");
        }
        return s;
    }

    /** Ends and forgets the session (its slot is free again). */
    public void end(S session, String reason) {
        if (sessions.remove(session.id(), session)) {
            try {
                session.end(reason);
            } finally {
                slots.release();
            }
        }
    }

    @Override
    public long activeCount() {
        return sessions.size();
    }

    @Override
    public void expireIdle(long nowNanos) {
        long limit = idle.toNanos();
        for (S s : sessions.values()) {
            if (nowNanos - s.lastActivityNanos() > limit) {
                ender.execute(() -> endQuietly(s, "timeout: no request for " + idle));
            }
        }
    }

    @Override
    public void endAll(String detail) {
        List<S> all = new ArrayList<>(sessions.values());
        for (S s : all) {
            endQuietly(s, detail);
        }
    }

    private void endQuietly(S s, String reason) {
        try {
            end(s, reason);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, task + ": ending session " + s.id() + " failed: " + e.getMessage());
        }
    }
}

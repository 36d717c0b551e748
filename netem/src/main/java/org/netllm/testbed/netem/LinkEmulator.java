package org.netllm.testbed.netem;

/**
 * One session's emulated bottleneck, seen from the server that sends the media bytes.
 * Implementations: the built-in trace-driven link (Mahimahi semantics, replayed in-process) and
 * pass-through when the browser already sits inside a Mahimahi shell.
 * Times are {@link System#nanoTime()} values. Implementations are thread-safe.
 */
public interface LinkEmulator {

    /** Human-readable description for logs and results, e.g. "builtin(trace=x, delay=40ms)". */
    String describe();

    /** One-way delay the request path adds before the server sees a request, in ns. */
    long uplinkDelayNanos();

    /**
     * {@code bytes} enter the downlink queue at {@code enqueueNanos} (FIFO behind earlier bytes of
     * this session); returns when each part reaches the receiver.
     */
    DeliverySchedule enqueueDownlink(long enqueueNanos, long bytes);

    /**
     * The receiver of {@code schedule} (a value this link returned from {@link #enqueueDownlink}) went away at
     * {@code nowNanos}: its bytes not delivered by then leave the queue, so the session's next response does not
     * wait behind them. When other responses were enqueued after it, their schedules are already fixed and it
     * changes nothing (mm-link keeps packets that are queued, too). Cancelling twice, or after the last part,
     * removes nothing.
     *
     * @return bytes removed from the queue
     */
    long cancelDownlink(DeliverySchedule schedule, long nowNanos);
}

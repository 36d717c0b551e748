package org.netllm.testbed.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;
import org.netllm.testbed.netem.DeliverySchedule;
import org.netllm.testbed.netem.LinkEmulator;

/**
 * Sends one response body through a session's emulated link, all on the event loop:
 * <ol>
 *   <li>wait the uplink delay (the request crossing the link, mm-delay);</li>
 *   <li>enqueue the body on the link's downlink queue → {@link DeliverySchedule};</li>
 *   <li>write each part when its arrival time comes (one Vert.x timer at a time). Headers go out
 *       with the first part, so the browser's first-byte time includes the downlink delay and
 *       queueing like behind mm-link.</li>
 * </ol>
 * If the socket's write queue is full the next part waits for drain (the client reads slower than
 * the link); if the client goes away the timers stop.
 */
final class ShapedTransfer {

    private static final long NANOS_PER_MS = 1_000_000L;

    private final Vertx vertx;
    private final HttpServerResponse response;
    private final Path file;
    private final long offset;
    private final int length;
    private final LinkEmulator link;
    private final LongConsumer bytesWritten;

    private Buffer body;
    private DeliverySchedule schedule;
    private int nextPart;
    private long sent;
    private long timerId = -1;
    private boolean closed;

    ShapedTransfer(Vertx vertx, HttpServerResponse response, Path file, long offset, long length, LinkEmulator link,
                   LongConsumer bytesWritten) {
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shaped responses are media segments; " + file + " range of "
                    + length + " bytes is too large");
        }
        this.vertx = vertx;
        this.response = response;
        this.file = file;
        this.offset = offset;
        this.length = (int) length;
        this.link = link;
        this.bytesWritten = bytesWritten;
    }

    void start() {
        response.closeHandler(v -> stop());
        response.exceptionHandler(e -> stop());
        vertx.executeBlocking(this::readBody, false).onComplete(ar -> {
            if (ar.failed()) {
                if (!closed) {
                    response.setStatusCode(500).end();
                }
                return;
            }
            body = ar.result();
            long uplinkMs = ceilMs(link.uplinkDelayNanos());
            if (uplinkMs > 0) {
                timerId = vertx.setTimer(uplinkMs, t -> enqueue());
            } else {
                enqueue();
            }
        });
    }

    private Buffer readBody() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buf.hasRemaining()) {
                if (ch.read(buf, offset + buf.position()) < 0) {
                    throw new IOException(file + " shrank while being served");
                }
            }
        }
        return Buffer.buffer(buf.array());
    }

    private void enqueue() {
        if (closed) {
            return;
        }
        schedule = link.enqueueDownlink(System.nanoTime(), length);
        if (schedule.totalBytes() != length) {
            throw new IllegalStateException(link.describe() + " scheduled " + schedule.totalBytes() + " of " + length + " bytes");
        }
        pump();
    }

    /** Writes every part due by now, then sleeps until the next one (or until the socket drains). */
    private void pump() {
        timerId = -1;
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        int parts = schedule.parts();
        while (nextPart < parts && schedule.atNanos()[nextPart] <= now) {
            nextPart++;
        }
        long due = nextPart == 0 ? 0 : schedule.cumulativeBytes()[nextPart - 1];
        if (due > sent) {
            response.write(body.slice((int) sent, (int) due));
            bytesWritten.accept(due - sent);
            sent = due;
        }
        if (nextPart >= parts) {
            closed = true;
            response.end();
            return;
        }
        if (response.writeQueueFull()) {
            response.drainHandler(v -> {
                response.drainHandler(null);
                pump();
            });
            return;
        }
        timerId = vertx.setTimer(Math.max(1, ceilMs(schedule.atNanos()[nextPart] - now)), t -> pump());
    }

    private void stop() {
        closed = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    private static long ceilMs(long nanos) {
        return nanos <= 0 ? 0 : (nanos + NANOS_PER_MS - 1) / NANOS_PER_MS;
    }
}

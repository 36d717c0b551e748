package org.netllm.testbed.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerResponse;
import java.nio.file.Path;
import org.netllm.testbed.netem.DeliverySchedule;
import org.netllm.testbed.netem.LinkEmulator;
import org.netllm.testbed.server.metrics.AbrMetrics;

/**
 * Sends one response body through a session's emulated link, all on the connection's event loop:
 * <ol>
 *   <li>wait the uplink delay (the request crossing the link, mm-delay);</li>
 *   <li>enqueue the body on the link's downlink queue → {@link DeliverySchedule};</li>
 *   <li>when a part's arrival time comes, stream the bytes now due from the file in pieces of at most
 *       {@link #PIECE_BYTES} (one read at a time, Vert.x {@link AsyncFile}: no blocking file call on the loop).
 *       Headers go out with the first part, so the browser's first-byte time includes the downlink delay and
 *       queueing like behind mm-link.</li>
 * </ol>
 * Memory per transfer is bounded: no read starts while {@link #WRITE_QUEUE_BYTES} or more of the read bytes wait
 * for the socket (counted here, from each write's completion, rather than from Vert.x's {@code writeQueueFull},
 * which let a stalled reader's transfer queue 1.1 MB), so at most {@link #MAX_BUFFERED_BYTES} are held (before:
 * the whole segment was read per request, 200 paced GETs held +480 MB, issue 11).
 * If the client goes away (close or reset) the timers stop and the undelivered rest of the body leaves the
 * session's link queue ({@link LinkEmulator#cancelDownlink}), so the session's next request does not wait
 * behind bytes nobody receives. This object owns the open file and closes it when the transfer ends either way.
 */
final class ShapedTransfer {

    /** Bytes read from the file per step: big enough for few reads per segment, small against a segment. */
    static final int PIECE_BYTES = 64 * 1024;
    /** Read bytes that may wait for the socket before the next read waits for a write to complete. */
    static final int WRITE_QUEUE_BYTES = 64 * 1024;
    /** Most bytes one transfer holds in memory: a write queue just under its limit plus the piece just read. */
    static final int MAX_BUFFERED_BYTES = WRITE_QUEUE_BYTES + PIECE_BYTES;

    private static final long NANOS_PER_MS = 1_000_000L;
    private static final OpenOptions READ_ONLY = new OpenOptions().setRead(true).setWrite(false).setCreate(false);

    private final Vertx vertx;
    private final HttpServerResponse response;
    private final Path file;
    private final long offset;
    private final long length;
    private final LinkEmulator link;
    private final AbrMetrics metrics;

    private AsyncFile source;
    private DeliverySchedule schedule;
    private int nextPart;
    /** Bytes read from the file (and handed to the response, once the read completes). */
    private long read;
    private boolean reading;
    /** Bytes read and not yet written to the socket (the memory this transfer holds). */
    private long buffered;
    private long peakBuffered;
    /** A read is due but waits for written bytes to leave {@link #buffered}. */
    private boolean awaitingWrite;
    private long timerId = -1;
    /** The body was written completely, or the client went away: no more timers, reads or writes. */
    private boolean done;

    ShapedTransfer(Vertx vertx, HttpServerResponse response, Path file, long offset, long length, LinkEmulator link,
                   AbrMetrics metrics) {
        this.vertx = vertx;
        this.response = response;
        this.file = file;
        this.offset = offset;
        this.length = length;
        this.link = link;
        this.metrics = metrics;
    }

    void start() {
        response.closeHandler(v -> abort());
        response.exceptionHandler(e -> abort());
        vertx.fileSystem().open(file.toString(), READ_ONLY).onComplete(ar -> {
            if (ar.failed()) {
                if (!done) {
                    done = true;
                    response.setStatusCode(500).end();
                }
                return;
            }
            source = ar.result();
            if (done) { // the client left while the file was being opened
                closeSource();
                return;
            }
            long uplinkMs = ceilMs(link.uplinkDelayNanos());
            if (uplinkMs > 0) {
                timerId = vertx.setTimer(uplinkMs, t -> enqueue());
            } else {
                enqueue();
            }
        });
    }

    private void enqueue() {
        timerId = -1;
        if (done) {
            return;
        }
        schedule = link.enqueueDownlink(System.nanoTime(), length);
        if (schedule.totalBytes() != length) {
            throw new IllegalStateException(link.describe() + " scheduled " + schedule.totalBytes() + " of " + length + " bytes");
        }
        pump();
    }

    /**
     * Streams the bytes due by now one piece at a time (each completed read calls back here), then sleeps until the
     * next part is due or the socket drains.
     */
    private void pump() {
        timerId = -1;
        if (done || reading) {
            return;
        }
        long now = System.nanoTime();
        int parts = schedule.parts();
        while (nextPart < parts && schedule.atNanos()[nextPart] <= now) {
            nextPart++;
        }
        if (read >= length) {
            finish();
            return;
        }
        long due = nextPart == 0 ? 0 : schedule.cumulativeBytes()[nextPart - 1];
        if (buffered >= WRITE_QUEUE_BYTES) {
            awaitingWrite = true; // the next write completion calls pump()
            return;
        }
        if (response.writeQueueFull()) {
            response.drainHandler(v -> {
                response.drainHandler(null);
                pump();
            });
            return;
        }
        if (due > read) {
            readPiece((int) Math.min(PIECE_BYTES, due - read));
            return;
        }
        timerId = vertx.setTimer(Math.max(1, ceilMs(schedule.atNanos()[nextPart] - now)), t -> pump());
    }

    private void readPiece(int n) {
        reading = true;
        hold(n);
        source.read(Buffer.buffer(n), 0, offset + read, n).onComplete(ar -> {
            reading = false;
            if (done) {
                hold(-n);
                closeSource();
                return;
            }
            if (ar.failed() || ar.result().length() != n) {
                hold(-n);
                fail();
                return;
            }
            read += n;
            response.write(ar.result()).onComplete(w -> written(n));
            metrics.shapedBytes(n);
            pump();
        });
    }

    private void written(int n) {
        hold(-n);
        if (awaitingWrite && buffered < WRITE_QUEUE_BYTES) {
            awaitingWrite = false;
            pump();
        }
    }

    private void hold(long delta) {
        buffered += delta;
        metrics.shapedBuffered(delta);
        if (buffered > peakBuffered) {
            peakBuffered = buffered;
            metrics.shapedTransferPeak(peakBuffered);
        }
    }

    private void finish() {
        done = true;
        response.end();
        closeSource();
    }

    /** The file became unreadable mid-transfer: headers may be out already, so the only honest signal is a reset. */
    private void fail() {
        done = true;
        if (response.headWritten()) {
            response.reset();
        } else {
            response.setStatusCode(500).end();
        }
        closeSource();
    }

    /** The client closed or reset the connection before the body was complete. */
    private void abort() {
        if (done) {
            return;
        }
        done = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        if (schedule != null) {
            metrics.linkCancelled(link.cancelDownlink(schedule, System.nanoTime()));
        }
        if (!reading) {
            closeSource(); // else the pending read's callback closes it
        }
    }

    private void closeSource() {
        if (source != null) {
            AsyncFile f = source;
            source = null;
            f.close();
        }
    }

    private static long ceilMs(long nanos) {
        return nanos <= 0 ? 0 : (nanos + NANOS_PER_MS - 1) / NANOS_PER_MS;
    }
}

package org.netllm.testbed.report;

import org.netllm.testbed.traces.MahimahiTrace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What a Mahimahi trace promises (docs/reference/abr.md §2.3): one 1500-byte delivery opportunity per line,
 * looping with the trace period. Used to compute the ideal transfer time of a chunk that enters an
 * empty FIFO queue at a given time, i.e. the link model without TCP effects.
 */
public final class TraceTimeline {

    private final long[] deliveryMs;
    private final long periodMs;

    public TraceTimeline(MahimahiTrace trace) {
        this.deliveryMs = trace.deliveryMs();
        this.periodMs = trace.periodMs();
    }

    /** Parses a Mahimahi file: one non-negative integer per line, non-decreasing. */
    public static TraceTimeline load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace " + file, e);
        }
        long[] ms = new long[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).trim();
            if (s.isEmpty()) {
                continue;
            }
            try {
                ms[n] = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": not an integer: '" + s + "'");
            }
            if (ms[n] < 0 || (n > 0 && ms[n] < ms[n - 1])) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": timestamps must be non-negative and non-decreasing");
            }
            n++;
        }
        return new TraceTimeline(new MahimahiTrace(file.getFileName().toString(), Arrays.copyOf(ms, n)));
    }

    /**
     * Time (ms) from {@code startMs} (trace time) until {@code bytes} have left an initially empty
     * queue: the ceil(bytes/1500)-th opportunity at or after startMs, minus startMs.
     */
    public double transferMs(double startMs, long bytes) {
        long packets = (bytes + MahimahiTrace.PACKET_BYTES - 1) / MahimahiTrace.PACKET_BYTES;
        long start = (long) Math.ceil(startMs);
        long loop = Math.floorDiv(start, periodMs);
        long offset = start - loop * periodMs;
        int idx = firstAtOrAfter(offset);
        // whole loops first, then walk the remainder (each loop carries deliveryMs.length packets)
        long wholeLoops = packets / deliveryMs.length;
        long rest = packets % deliveryMs.length;
        long base = loop * periodMs + wholeLoops * periodMs;
        if (rest == 0) {
            // the last packet is the one just before idx, wholeLoops periods later
            int last = idx - 1;
            long t = last >= 0 ? base + deliveryMs[last] : base - periodMs + deliveryMs[deliveryMs.length - 1];
            return Math.max(0, t - startMs);
        }
        long pos = idx + rest - 1;
        long t = pos < deliveryMs.length ? base + deliveryMs[(int) pos] : base + periodMs + deliveryMs[(int) (pos - deliveryMs.length)];
        return Math.max(0, t - startMs);
    }

    private int firstAtOrAfter(long offset) {
        int lo = 0;
        int hi = deliveryMs.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (deliveryMs[mid] < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}

package org.netllm.testbed.abr.state;

import static org.netllm.testbed.abr.state.StateNormalisation.BUFFER_NORM_S;
import static org.netllm.testbed.abr.state.StateNormalisation.BYTES_PER_MB;
import static org.netllm.testbed.abr.state.StateNormalisation.DOWNLOAD_TIME_NORM;
import static org.netllm.testbed.abr.state.StateNormalisation.MAX_BITRATE_KBPS;
import static org.netllm.testbed.abr.state.StateNormalisation.M_IN_K;
import static org.netllm.testbed.abr.state.StateNormalisation.ROWS;
import static org.netllm.testbed.abr.state.StateNormalisation.ROW_BITRATE;
import static org.netllm.testbed.abr.state.StateNormalisation.ROW_BUFFER;
import static org.netllm.testbed.abr.state.StateNormalisation.ROW_DOWNLOAD_TIME;
import static org.netllm.testbed.abr.state.StateNormalisation.ROW_NEXT_SIZES;
import static org.netllm.testbed.abr.state.StateNormalisation.ROW_REMAINING;
import static org.netllm.testbed.abr.state.StateNormalisation.ROW_THROUGHPUT;

import java.util.Arrays;
import org.netllm.testbed.abr.algo.AbrObservation;

/**
 * The 6 × S_LEN Pensieve/GENET/NetLLM RL state (docs/reference/abr.md §5.1), updated in place from each
 * {@link AbrObservation}. Mutable, per session, allocation-free after construction.
 *
 * <p>Update rule, exactly as {@code numpy.roll(state, -1, axis=1)} followed by writes: every row is
 * rotated one column to the left (column 0 wraps to the last column), then rows 0,1,2,3,5 get the
 * new value in the last column and row 4 gets the next chunk's sizes in columns 0..levels−1. In the
 * 6 × 6 variant row 4 is fully overwritten; in the 6 × 8 variant its columns 6..7 keep the rotated
 * left-overs (column 7 = the previous step's column 0), which pensieve-original's branch 5 reads
 * (docs/reference/data.md §5.1 quirk 2).
 *
 * <p>Values are doubles, as numpy's default float64 state; actors narrow to float32 as TF does.
 */
public final class PensieveState {

    private final int sLen;
    private final int remainCap;
    private final int[] bitratesKbps;
    /** (ROWS, sLen), newest value in column sLen − 1. */
    private final double[][] x;

    /**
     * @param bitratesKbps ladder used for row 0 (value B[q] / 4300)
     * @param sLen         history length: 6 (NetLLM, GENET) or 8 (original Pensieve)
     * @param remainCap    row 5 cap: 48 (NetLLM) or 49 (GENET emulator)
     */
    public PensieveState(int[] bitratesKbps, int sLen, int remainCap) {
        if (sLen < bitratesKbps.length) {
            throw new IllegalArgumentException("state history length " + sLen + " is shorter than the "
                    + bitratesKbps.length + " bitrate levels row 4 must hold");
        }
        if (remainCap <= 0) {
            throw new IllegalArgumentException("remaining-chunk cap must be > 0, got " + remainCap);
        }
        this.sLen = sLen;
        this.remainCap = remainCap;
        this.bitratesKbps = bitratesKbps.clone();
        this.x = new double[ROWS][sLen];
    }

    public int sLen() {
        return sLen;
    }

    public int remainCap() {
        return remainCap;
    }

    /** Value at (row, col); col sLen − 1 is the newest. */
    public double get(int row, int col) {
        return x[row][col];
    }

    /** Newest value of a row (its last column). */
    public double last(int row) {
        return x[row][sLen - 1];
    }

    /** All zeros, as at every episode start (§5.1). */
    public void reset() {
        for (double[] row : x) {
            Arrays.fill(row, 0.0);
        }
    }

    /** Replaces the whole state (tests, verification vectors); shape must be (6, sLen). */
    public void load(double[][] values) {
        if (values.length != ROWS) {
            throw new IllegalArgumentException("state must have " + ROWS + " rows, got " + values.length);
        }
        for (int r = 0; r < ROWS; r++) {
            if (values[r].length != sLen) {
                throw new IllegalArgumentException("state row " + r + " must have " + sLen + " columns, got "
                        + values[r].length);
            }
            System.arraycopy(values[r], 0, x[r], 0, sLen);
        }
    }

    /** A copy as (6, sLen) doubles. */
    public double[][] toArray() {
        double[][] copy = new double[ROWS][];
        for (int r = 0; r < ROWS; r++) {
            copy[r] = x[r].clone();
        }
        return copy;
    }

    /**
     * Applies one observation (§5.1). Returns false, leaving the state unchanged, when the download
     * time is 0 ms: GENET's abr_server skips such a report on the division by zero (docs/reference/abr.md §8.6 step 5).
     *
     * @throws IllegalArgumentException on values no player can report (negative or non-finite times,
     *                                  a quality outside the ladder, a wrong number of next sizes)
     */
    public boolean update(AbrObservation obs) {
        validate(obs);
        if (obs.downloadMs() == 0.0) {
            return false;
        }
        for (double[] row : x) {
            rollLeft(row);
        }
        int lastCol = sLen - 1;
        x[ROW_BITRATE][lastCol] = bitratesKbps[obs.quality()] / MAX_BITRATE_KBPS;
        x[ROW_BUFFER][lastCol] = obs.bufferS() / BUFFER_NORM_S;
        x[ROW_THROUGHPUT][lastCol] = (double) obs.chunkBytes() / obs.downloadMs() / M_IN_K;
        x[ROW_DOWNLOAD_TIME][lastCol] = obs.downloadMs() / M_IN_K / DOWNLOAD_TIME_NORM;
        long[] next = obs.nextSizesBytes();
        for (int q = 0; q < next.length; q++) {
            x[ROW_NEXT_SIZES][q] = next[q] / BYTES_PER_MB;
        }
        x[ROW_REMAINING][lastCol] = Math.min(obs.chunksRemaining(), remainCap) / (double) remainCap;
        return true;
    }

    /** numpy.roll(row, -1): new[i] = old[i + 1], new[last] = old[0]. */
    private static void rollLeft(double[] row) {
        double first = row[0];
        System.arraycopy(row, 1, row, 0, row.length - 1);
        row[row.length - 1] = first;
    }

    private void validate(AbrObservation obs) {
        if (obs.quality() < 0 || obs.quality() >= bitratesKbps.length) {
            throw new IllegalArgumentException("observation of chunk " + obs.chunkIndex() + ": quality "
                    + obs.quality() + " outside 0.." + (bitratesKbps.length - 1));
        }
        if (!(obs.downloadMs() >= 0) || Double.isInfinite(obs.downloadMs())) {
            throw new IllegalArgumentException("observation of chunk " + obs.chunkIndex()
                    + ": download time must be a finite number >= 0 ms, got " + obs.downloadMs());
        }
        if (!(obs.bufferS() >= 0) || Double.isInfinite(obs.bufferS())) {
            throw new IllegalArgumentException("observation of chunk " + obs.chunkIndex()
                    + ": buffer must be a finite number >= 0 s, got " + obs.bufferS());
        }
        if (obs.chunkBytes() < 0 || obs.chunksRemaining() < 0) {
            throw new IllegalArgumentException("observation of chunk " + obs.chunkIndex()
                    + ": chunk bytes and chunks remaining must be >= 0, got " + obs.chunkBytes() + " and "
                    + obs.chunksRemaining());
        }
        if (obs.nextSizesBytes() == null || obs.nextSizesBytes().length != bitratesKbps.length) {
            throw new IllegalArgumentException("observation of chunk " + obs.chunkIndex() + ": expected "
                    + bitratesKbps.length + " next-chunk sizes, got "
                    + (obs.nextSizesBytes() == null ? "none" : obs.nextSizesBytes().length));
        }
    }
}

package org.netllm.testbed.abr.algo.pensieve;

import static org.netllm.testbed.abr.state.StateNormalisation.ROW_BITRATE;
import static org.netllm.testbed.abr.state.StateNormalisation.ROW_BUFFER;
import static org.netllm.testbed.abr.state.StateNormalisation.ROW_DOWNLOAD_TIME;
import static org.netllm.testbed.abr.state.StateNormalisation.ROW_NEXT_SIZES;
import static org.netllm.testbed.abr.state.StateNormalisation.ROW_THROUGHPUT;

import java.io.IOException;
import java.nio.file.Path;
import org.netllm.testbed.abr.state.PensieveState;
import org.netllm.testbed.netllm.io.Safetensors;
import org.netllm.testbed.netllm.io.SafetensorsFormatException;

/**
 * The Pensieve/GENET actor, forward pass in plain Java float32 (docs/reference/data.md §5.1, docs/reference/abr.md
 * §6.4). Immutable after loading; share one instance between all sessions and give each session
 * its own {@link Scratch}.
 *
 * <pre>
 * b0 = relu(x[0,-1]·W + b)            dense 1→128
 * b1 = relu(x[1,-1]·W + b)            dense 1→128
 * b2 = relu(x[2, 0:S] @ K2[1,0] + b)  tflearn conv_1d on a length-1 sequence = dense S→128
 * b3 = relu(x[3, 0:S] @ K3[1,0] + b)  dense S→128
 * b4 = relu(x[4, 0:6] @ K4[1,0] + b)  dense 6→128
 * b5 = relu(x[r,-1]·W + b)            r = 5 (GENET) or 4 (original Pensieve quirk)
 * h  = relu(concat(b0..b5) @ W3 + b3) (768)→128
 * p  = softmax(h @ W4 + b4)           128→A
 * </pre>
 * Conv kernels are stored TF-style [4, 1, C, 128]; with SAME padding (1 before, 2 after) on a
 * length-1 sequence only tap 1 touches data, so only W[1, 0] is kept. Dense weights are [in, out].
 */
public final class PensieveActorNetwork {

    /** Width of every branch and of the hidden layer. */
    public static final int WIDTH = 128;
    /** Taps of the tflearn conv_1d kernel (filter_size 4). */
    static final int CONV_TAPS = 4;
    /** The only tap that touches data (SAME padding, length-1 sequence). */
    static final int LIVE_TAP = 1;
    /** Row 4 holds one size per bitrate level. */
    static final int NEXT_SIZE_COLUMNS = 6;
    private static final int BRANCHES = 6;
    private static final int MERGED = BRANCHES * WIDTH;

    private static final String PREFIX = "actor/";
    static final String DENSE_BITRATE = PREFIX + "FullyConnected";
    static final String DENSE_BUFFER = PREFIX + "FullyConnected_1";
    static final String DENSE_BRANCH5 = PREFIX + "FullyConnected_2";
    static final String DENSE_HIDDEN = PREFIX + "FullyConnected_3";
    static final String DENSE_OUTPUT = PREFIX + "FullyConnected_4";
    static final String CONV_THROUGHPUT = PREFIX + "Conv1D";
    static final String CONV_DOWNLOAD = PREFIX + "Conv1D_1";
    static final String CONV_SIZES = PREFIX + "Conv1D_2";

    private final String source;
    private final ActorArchitecture arch;
    private final float[] w0, b0, w1, b1, w5, b5;   // (128)
    private final float[] k2, b2, k3, b3;           // (S, 128), (128)
    private final float[] k4, b4;                   // (6, 128), (128)
    private final float[] w3, b3h;                  // (768, 128), (128)
    private final float[] w4, b4o;                  // (128, A), (A)

    /** Per-session work buffers so {@link #forward} allocates nothing. */
    public static final class Scratch {
        final float[] merged = new float[MERGED];
        final float[] hidden = new float[WIDTH];
        final float[] vector = new float[Math.max(ActorArchitecture.PENSIEVE_ORIGINAL.sLen(), NEXT_SIZE_COLUMNS)];
    }

    private PensieveActorNetwork(String source, ActorArchitecture arch, Safetensors st) throws SafetensorsFormatException {
        this.source = source;
        this.arch = arch;
        long s = arch.sLen();
        long a = arch.actions();
        w0 = st.floats(DENSE_BITRATE + "/W", 1, WIDTH);
        b0 = st.floats(DENSE_BITRATE + "/b", WIDTH);
        w1 = st.floats(DENSE_BUFFER + "/W", 1, WIDTH);
        b1 = st.floats(DENSE_BUFFER + "/b", WIDTH);
        w5 = st.floats(DENSE_BRANCH5 + "/W", 1, WIDTH);
        b5 = st.floats(DENSE_BRANCH5 + "/b", WIDTH);
        k2 = liveTap(st.floats(CONV_THROUGHPUT + "/W", CONV_TAPS, 1, s, WIDTH), (int) s);
        b2 = st.floats(CONV_THROUGHPUT + "/b", WIDTH);
        k3 = liveTap(st.floats(CONV_DOWNLOAD + "/W", CONV_TAPS, 1, s, WIDTH), (int) s);
        b3 = st.floats(CONV_DOWNLOAD + "/b", WIDTH);
        k4 = liveTap(st.floats(CONV_SIZES + "/W", CONV_TAPS, 1, NEXT_SIZE_COLUMNS, WIDTH), NEXT_SIZE_COLUMNS);
        b4 = st.floats(CONV_SIZES + "/b", WIDTH);
        w3 = st.floats(DENSE_HIDDEN + "/W", MERGED, WIDTH);
        b3h = st.floats(DENSE_HIDDEN + "/b", WIDTH);
        w4 = st.floats(DENSE_OUTPUT + "/W", WIDTH, a);
        b4o = st.floats(DENSE_OUTPUT + "/b", a);
        checkFinite(st);
    }

    /**
     * Loads an actor from a safetensors file with TF variable names; the architecture is inferred
     * from the throughput kernel's channel count (S_LEN) and the output width (actions).
     *
     * @throws SafetensorsFormatException naming the file and tensor when a tensor is missing, has the
     *                                    wrong shape, or the shapes match no known architecture
     */
    public static PensieveActorNetwork load(Path file) throws IOException {
        try (Safetensors st = Safetensors.open(file)) {
            long[] conv = st.get(CONV_THROUGHPUT + "/W").shape();
            long[] out = st.get(DENSE_OUTPUT + "/W").shape();
            if (conv.length != 4 || out.length != 2) {
                throw new SafetensorsFormatException(file + ": tensors '" + CONV_THROUGHPUT + "/W' and '"
                        + DENSE_OUTPUT + "/W' must be 4-D and 2-D, got " + java.util.Arrays.toString(conv) + " and "
                        + java.util.Arrays.toString(out));
            }
            ActorArchitecture arch = ActorArchitecture.matching(conv[2], out[1]);
            if (arch == null) {
                throw new SafetensorsFormatException(file + ": state length " + conv[2] + " (tensor '"
                        + CONV_THROUGHPUT + "/W') with " + out[1] + " actions (tensor '" + DENSE_OUTPUT
                        + "/W') matches no known actor (6x6 with 3 actions, or 6x8 with 6 actions)");
            }
            return new PensieveActorNetwork(file.toString(), arch, st);
        }
    }

    public ActorArchitecture architecture() {
        return arch;
    }

    public String source() {
        return source;
    }

    /**
     * Action probabilities for the state into {@code probs} (length A). The state's doubles are
     * narrowed to float32 as TF's float32 placeholder does.
     */
    public void forward(PensieveState state, Scratch scratch, float[] probs) {
        if (state.sLen() != arch.sLen()) {
            throw new IllegalArgumentException("actor " + source + " expects a 6x" + arch.sLen() + " state, got 6x"
                    + state.sLen());
        }
        int s = arch.sLen();
        int last = s - 1;
        float[] m = scratch.merged;
        scalarBranch((float) state.get(ROW_BITRATE, last), w0, b0, m, 0);
        scalarBranch((float) state.get(ROW_BUFFER, last), w1, b1, m, WIDTH);
        vectorBranch(state, ROW_THROUGHPUT, s, k2, b2, scratch.vector, m, 2 * WIDTH);
        vectorBranch(state, ROW_DOWNLOAD_TIME, s, k3, b3, scratch.vector, m, 3 * WIDTH);
        vectorBranch(state, ROW_NEXT_SIZES, NEXT_SIZE_COLUMNS, k4, b4, scratch.vector, m, 4 * WIDTH);
        scalarBranch((float) state.get(arch.branch5Row(), last), w5, b5, m, 5 * WIDTH);

        float[] h = scratch.hidden;
        System.arraycopy(b3h, 0, h, 0, WIDTH);
        for (int i = 0; i < MERGED; i++) { // (768) @ (768, 128)
            float v = m[i];
            if (v != 0f) {
                int row = i * WIDTH;
                for (int k = 0; k < WIDTH; k++) {
                    h[k] += v * w3[row + k];
                }
            }
        }
        int actions = arch.actions();
        for (int k = 0; k < WIDTH; k++) {
            h[k] = Math.max(0f, h[k]);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int act = 0; act < actions; act++) { // (128) @ (128, A)
            float z = b4o[act];
            for (int k = 0; k < WIDTH; k++) {
                z += h[k] * w4[k * actions + act];
            }
            probs[act] = z;
            max = Math.max(max, z);
        }
        float sum = 0f;
        for (int act = 0; act < actions; act++) {
            probs[act] = (float) Math.exp(probs[act] - max);
            sum += probs[act];
        }
        for (int act = 0; act < actions; act++) {
            probs[act] /= sum;
        }
    }

    private static void scalarBranch(float x, float[] w, float[] b, float[] out, int offset) {
        for (int k = 0; k < WIDTH; k++) {
            out[offset + k] = Math.max(0f, x * w[k] + b[k]);
        }
    }

    /** relu(x[row, 0:cols] @ K + b), K (cols, 128). */
    private static void vectorBranch(PensieveState state, int row, int cols, float[] kernel, float[] bias, float[] v,
            float[] out, int offset) {
        for (int c = 0; c < cols; c++) {
            v[c] = (float) state.get(row, c);
        }
        for (int k = 0; k < WIDTH; k++) {
            float z = bias[k];
            for (int c = 0; c < cols; c++) {
                z += v[c] * kernel[c * WIDTH + k];
            }
            out[offset + k] = Math.max(0f, z);
        }
    }

    /** Tap 1 of a [4, 1, C, 128] kernel as a (C, 128) matrix. */
    private static float[] liveTap(float[] kernel, int channels) {
        float[] tap = new float[channels * WIDTH];
        System.arraycopy(kernel, LIVE_TAP * channels * WIDTH, tap, 0, tap.length);
        return tap;
    }

    private void checkFinite(Safetensors st) throws SafetensorsFormatException {
        String[] names = {DENSE_BITRATE + "/W", DENSE_BITRATE + "/b", DENSE_BUFFER + "/W", DENSE_BUFFER + "/b",
            DENSE_BRANCH5 + "/W", DENSE_BRANCH5 + "/b", CONV_THROUGHPUT + "/W", CONV_THROUGHPUT + "/b",
            CONV_DOWNLOAD + "/W", CONV_DOWNLOAD + "/b", CONV_SIZES + "/W", CONV_SIZES + "/b",
            DENSE_HIDDEN + "/W", DENSE_HIDDEN + "/b", DENSE_OUTPUT + "/W", DENSE_OUTPUT + "/b"};
        float[][] arrays = {w0, b0, w1, b1, w5, b5, k2, b2, k3, b3, k4, b4, w3, b3h, w4, b4o};
        for (int i = 0; i < arrays.length; i++) {
            for (float f : arrays[i]) {
                if (!Float.isFinite(f)) {
                    throw new SafetensorsFormatException(st.path() + ": tensor '" + names[i]
                            + "' holds a non-finite value (" + f + ")");
                }
            }
        }
    }
}

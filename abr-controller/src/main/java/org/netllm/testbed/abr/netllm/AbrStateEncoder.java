package org.netllm.testbed.abr.netllm;

import static org.netllm.testbed.abr.netllm.AbrDtLayout.ENCODER;
import static org.netllm.testbed.abr.netllm.AbrDtLayout.HISTORY_CONV_OUT;
import static org.netllm.testbed.abr.netllm.AbrDtLayout.HISTORY_KERNEL;
import static org.netllm.testbed.abr.netllm.AbrDtLayout.LEAKY_SLOPE;
import static org.netllm.testbed.abr.netllm.AbrDtLayout.SIZES_KERNEL;
import static org.netllm.testbed.abr.netllm.AbrDtLayout.STATE_COLS;
import static org.netllm.testbed.abr.netllm.AbrDtLayout.STATE_ROWS;
import static org.netllm.testbed.abr.netllm.AbrDtLayout.STATE_TOKENS;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netllm.testbed.netllm.adapt.CheckpointException;
import org.netllm.testbed.netllm.adapt.Dense;
import org.netllm.testbed.netllm.adapt.MultimodalEncoder;
import org.netllm.testbed.netllm.adapt.NamedWeights;

/**
 * NetLLM's ABR state encoder + projections (docs/reference/abr.md §7.2, {@code N:plm_special/models/state_encoder.py}):
 * six state pieces → six (E) tokens.
 * <ol>
 * <li>row0[-1] → fc1 Linear(1→F) → LeakyReLU → embed_state1 Linear(F→E)</li>
 * <li>row1[-1] → fc2 → LeakyReLU → embed_state2</li>
 * <li>row2[0..5] as (1 channel, 6) → conv3 Conv1d(1→F, k=4, valid) → LeakyReLU → flatten channel-major
 * (index c·3 + position) → 3F → embed_state3 Linear(3F→E)</li>
 * <li>row3[0..5] → conv4, same as 3 → embed_state4</li>
 * <li>row4[0..5] → conv5 Conv1d(1→F, k=6) → LeakyReLU → F → embed_state5</li>
 * <li>row5[-1] → fc6 → LeakyReLU → embed_state6</li>
 * </ol>
 */
public final class AbrStateEncoder implements MultimodalEncoder<float[][]> {

    private static final int LAST = STATE_COLS - 1;

    private final Dense fc1;
    private final Dense fc2;
    private final Dense fc6;
    private final NDArray conv3W; // (F, 1, 4)
    private final NDArray conv3B; // (F)
    private final NDArray conv4W; // (F, 1, 4)
    private final NDArray conv4B; // (F)
    private final NDArray conv5W; // (F, 1, 6)
    private final NDArray conv5B; // (F)
    private final Dense[] embed = new Dense[STATE_TOKENS];

    /** Loads {@code encoder.*} from our checkpoint names onto {@code m}'s device. */
    public AbrStateEncoder(NamedWeights w, NDManager m, int featureDim, int hidden) throws CheckpointException {
        long f = featureDim;
        fc1 = Dense.load(w, m, ENCODER + ".fc1", f, 1);
        fc2 = Dense.load(w, m, ENCODER + ".fc2", f, 1);
        fc6 = Dense.load(w, m, ENCODER + ".fc6", f, 1);
        conv3W = w.load(m, ENCODER + ".conv3.weight", f, 1, HISTORY_KERNEL);
        conv3B = w.load(m, ENCODER + ".conv3.bias", f);
        conv4W = w.load(m, ENCODER + ".conv4.weight", f, 1, HISTORY_KERNEL);
        conv4B = w.load(m, ENCODER + ".conv4.bias", f);
        conv5W = w.load(m, ENCODER + ".conv5.weight", f, 1, SIZES_KERNEL);
        conv5B = w.load(m, ENCODER + ".conv5.bias", f);
        for (int i = 0; i < STATE_TOKENS; i++) {
            long in = (i == 2 || i == 3) ? HISTORY_CONV_OUT * f : f;
            embed[i] = Dense.load(w, m, embedName(i), hidden, in);
        }
    }

    /** Our name of projection i (0-based): encoder.embed_state{i+1}. */
    public static String embedName(int i) {
        return ENCODER + ".embed_state" + (i + 1);
    }

    @Override
    public int tokens() {
        return STATE_TOKENS;
    }

    @Override
    public NDArray encode(float[][] s, NDManager m) {
        NDArray batch = encodeBatch(java.util.Collections.singletonList(s), m);                                       // (1, 6, E)
        return batch.reshape(STATE_TOKENS, -1);                                            // (6, E)
    }

    /**
     * The batched path that inference ({@link #encode}, n = 1) and training (n = windows × w) share:
     * n states → (n, 6, E).
     */
    @Override
    public NDArray encodeBatch(List<float[][]> states, NDManager m) {
        int n = states.size();
        float[] last0 = new float[n];
        float[] last1 = new float[n];
        float[] last5 = new float[n];
        float[] row2 = new float[n * STATE_COLS];
        float[] row3 = new float[n * STATE_COLS];
        float[] row4 = new float[n * STATE_COLS];
        for (int i = 0; i < n; i++) {
            float[][] s = states.get(i);
            check(s);
            last0[i] = s[0][LAST];
            last1[i] = s[1][LAST];
            last5[i] = s[5][LAST];
            System.arraycopy(s[2], 0, row2, i * STATE_COLS, STATE_COLS);
            System.arraycopy(s[3], 0, row3, i * STATE_COLS, STATE_COLS);
            System.arraycopy(s[4], 0, row4, i * STATE_COLS, STATE_COLS);
        }
        NDList tokens = new NDList(STATE_TOKENS);
        tokens.add(embed[0].forward(scalarBranch(fc1, last0, m)));                        // (n, E)
        tokens.add(embed[1].forward(scalarBranch(fc2, last1, m)));                        // (n, E)
        tokens.add(embed[2].forward(convBranch(conv3W, conv3B, row2, n, m)));             // (n, E)
        tokens.add(embed[3].forward(convBranch(conv4W, conv4B, row3, n, m)));             // (n, E)
        tokens.add(embed[4].forward(convBranch(conv5W, conv5B, row4, n, m)));             // (n, E)
        tokens.add(embed[5].forward(scalarBranch(fc6, last5, m)));                        // (n, E)
        return NDArrays.stack(tokens, 1);                                                 // (n, 6, E)
    }

    private static void check(float[][] s) {
        if (s.length != STATE_ROWS) {
            throw new IllegalArgumentException("ABR state must have " + STATE_ROWS + " rows, got " + s.length);
        }
        for (int r = 0; r < STATE_ROWS; r++) {
            if (s[r].length != STATE_COLS) {
                throw new IllegalArgumentException("ABR state row " + r + " must have " + STATE_COLS + " columns, got "
                        + s[r].length);
            }
        }
    }

    /**
     * Every weight by its checkpoint name (the arrays themselves, not copies): what training
     * attaches gradients to, updates and saves.
     */
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> p = new LinkedHashMap<>();
        putDense(p, ENCODER + ".fc1", fc1);
        putDense(p, ENCODER + ".fc2", fc2);
        p.put(ENCODER + ".conv3.weight", conv3W);
        p.put(ENCODER + ".conv3.bias", conv3B);
        p.put(ENCODER + ".conv4.weight", conv4W);
        p.put(ENCODER + ".conv4.bias", conv4B);
        p.put(ENCODER + ".conv5.weight", conv5W);
        p.put(ENCODER + ".conv5.bias", conv5B);
        putDense(p, ENCODER + ".fc6", fc6);
        for (int i = 0; i < STATE_TOKENS; i++) {
            putDense(p, embedName(i), embed[i]);
        }
        return p;
    }

    private static void putDense(Map<String, NDArray> p, String prefix, Dense d) {
        p.put(prefix + ".weight", d.weight());
        p.put(prefix + ".bias", d.bias());
    }

    /** x (n) → LeakyReLU(Linear(1→F)(x)): (n, F). */
    private static NDArray scalarBranch(Dense fc, float[] x, NDManager m) {
        NDArray in = m.create(x, new Shape(x.length, 1)).toDevice(fc.weight().getDevice(), false);  // (n, 1)
        return Activation.leakyRelu(fc.forward(in), LEAKY_SLOPE);
    }

    /** rows (n·6) as (n, channel 1, 6) → Conv1d → LeakyReLU → (n, F·L_out) flattened channel-major. */
    private static NDArray convBranch(NDArray w, NDArray b, float[] rows, int n, NDManager m) {
        NDArray in = m.create(rows, new Shape(n, 1, STATE_COLS)).toDevice(w.getDevice(), false);  // (n, 1, 6)
        NDArray y = Conv1d.conv1d(in, w, b).singletonOrThrow();                                  // (n, F, L_out)
        return Activation.leakyRelu(y, LEAKY_SLOPE).reshape(n, -1);                              // (n, F·L_out)
    }
}

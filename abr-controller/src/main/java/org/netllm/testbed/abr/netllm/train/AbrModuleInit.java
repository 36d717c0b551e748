package org.netllm.testbed.abr.netllm.train;

import static org.netllm.testbed.abr.netllm.AbrDtLayout.ACTION_DIM;
import static org.netllm.testbed.abr.netllm.AbrDtLayout.ENCODER;
import static org.netllm.testbed.abr.netllm.AbrDtLayout.HEAD;
import static org.netllm.testbed.abr.netllm.AbrDtLayout.HISTORY_CONV_OUT;
import static org.netllm.testbed.abr.netllm.AbrDtLayout.HISTORY_KERNEL;
import static org.netllm.testbed.abr.netllm.AbrDtLayout.SIZES_KERNEL;
import static org.netllm.testbed.abr.netllm.AbrDtLayout.STATE_TOKENS;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.netllm.testbed.abr.netllm.AbrStateEncoder;
import org.netllm.testbed.netllm.adapt.DtEmbeddings;
import org.netllm.testbed.netllm.adapt.NamedWeights;

/**
 * Fresh ABR decision-transformer modules with PyTorch's default initialisation (what
 * {@code N:run_plm.py} starts from): Linear and Conv1d weight and bias ~ U(±1/√fan_in) (kaiming
 * uniform with a = √5), Embedding ~ N(0, 1), LayerNorm weight 1 / bias 0. Seeded.
 */
public final class AbrModuleInit {

    private AbrModuleInit() {
    }

    /**
     * @param featureDim   F, state feature dim
     * @param hidden       E, backbone hidden size
     * @param timestepRows rows of the timestep table (max_ep_len + 1)
     */
    public static NamedWeights create(int featureDim, int hidden, int timestepRows, long seed) {
        Random rnd = new Random(seed);
        Map<String, NamedWeights.Entry> w = new LinkedHashMap<>();
        long f = featureDim;
        linear(w, rnd, ENCODER + ".fc1", f, 1);
        linear(w, rnd, ENCODER + ".fc2", f, 1);
        conv(w, rnd, ENCODER + ".conv3", f, HISTORY_KERNEL);
        conv(w, rnd, ENCODER + ".conv4", f, HISTORY_KERNEL);
        conv(w, rnd, ENCODER + ".conv5", f, SIZES_KERNEL);
        linear(w, rnd, ENCODER + ".fc6", f, 1);
        for (int i = 0; i < STATE_TOKENS; i++) {
            long in = (i == 2 || i == 3) ? HISTORY_CONV_OUT * f : f;
            linear(w, rnd, AbrStateEncoder.embedName(i), hidden, in);
        }
        linear(w, rnd, DtEmbeddings.RETURN, hidden, 1);
        linear(w, rnd, DtEmbeddings.ACTION, hidden, 1);
        float[] table = new float[timestepRows * hidden];
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) rnd.nextGaussian();
        }
        w.put(DtEmbeddings.TIMESTEP + ".weight", new NamedWeights.Entry(new long[] {timestepRows, hidden}, table));
        float[] ones = new float[hidden];
        java.util.Arrays.fill(ones, 1f);
        w.put(DtEmbeddings.LAYER_NORM + ".weight", new NamedWeights.Entry(new long[] {hidden}, ones));
        w.put(DtEmbeddings.LAYER_NORM + ".bias", new NamedWeights.Entry(new long[] {hidden}, new float[hidden]));
        linear(w, rnd, HEAD, ACTION_DIM, hidden);
        return new NamedWeights("initial ABR modules (seed " + seed + ")", w);
    }

    private static void linear(Map<String, NamedWeights.Entry> w, Random rnd, String name, long out, long in) {
        double bound = 1 / Math.sqrt(in);
        w.put(name + ".weight", new NamedWeights.Entry(new long[] {out, in}, uniform(rnd, out * in, bound)));
        w.put(name + ".bias", new NamedWeights.Entry(new long[] {out}, uniform(rnd, out, bound)));
    }

    private static void conv(Map<String, NamedWeights.Entry> w, Random rnd, String name, long out, int kernel) {
        double bound = 1 / Math.sqrt(kernel); // fan_in = in_channels (1) × kernel
        w.put(name + ".weight", new NamedWeights.Entry(new long[] {out, 1, kernel}, uniform(rnd, out * kernel, bound)));
        w.put(name + ".bias", new NamedWeights.Entry(new long[] {out}, uniform(rnd, out, bound)));
    }

    private static float[] uniform(Random rnd, long n, double bound) {
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
        }
        return v;
    }
}

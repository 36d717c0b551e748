package org.netllm.testbed.vp.netllm;

import org.netllm.testbed.netllm.backbone.JavaLlama;
import org.netllm.testbed.netllm.backbone.PlainLinear;
import org.netllm.testbed.vp.data.Axis;
import org.netllm.testbed.vp.data.Normalisation;

/**
 * NetLLM-VP generation (docs/reference/vp.md §4.2) on the plain-Java backbone forward: the same encoder,
 * LayerNorm, head and appended-token rule as {@link NetLlmVpModel}'s DJL path, but the history is prefilled
 * once into a KV cache and each of the pw steps runs one token (docs/reference/vp.md §4.4).
 * Immutable and thread-safe; each call owns its cache.
 */
final class PlainVpGenerator {
    private final JavaLlama decoder;
    private final PlainLinear conv;    // (256, 3): the Conv1d encoder as a Linear (§4.1)
    private final PlainLinear embedVp; // (E, 256)
    private final float[] lnWeight;    // (E)
    private final float[] lnBias;      // (E)
    private final PlainLinear head;    // (3, E)
    private final boolean layerNormAppended;

    PlainVpGenerator(JavaLlama decoder, VpModules m, boolean layerNormAppended) {
        int e = m.hidden();
        if (decoder.hiddenSize() != e) {
            throw new IllegalArgumentException("VP modules have hidden " + e + " but the backbone " + decoder.hiddenSize());
        }
        this.decoder = decoder;
        this.conv = new PlainLinear(m.floats(VpModules.CONV + ".weight"), m.floats(VpModules.CONV + ".bias"),
                VpModules.ANGLES, VpModules.FEATURE_DIM);
        this.embedVp = new PlainLinear(m.floats(VpModules.EMBED_VP + ".weight"), m.floats(VpModules.EMBED_VP + ".bias"),
                VpModules.FEATURE_DIM, e);
        this.lnWeight = m.floats(VpModules.EMBED_LN + ".weight");
        this.lnBias = m.floats(VpModules.EMBED_LN + ".bias");
        this.head = new PlainLinear(m.floats(VpModules.HEAD + ".weight"), m.floats(VpModules.HEAD + ".bias"),
                e, VpModules.ANGLES);
        this.layerNormAppended = layerNormAppended;
    }

    /** (hw, 3) degrees → (horizon, 3) degrees. */
    double[][] predict(double[][] history, int horizon) {
        double[][] norm = Normalisation.normalise(history);
        // the last prediction is not appended: hw + horizon − 1 positions
        JavaLlama.KvCache cache = decoder.newCache(norm.length + horizon - 1);
        Work w = new Work(conv.out(), embedVp.out());
        float[] angles = new float[VpModules.ANGLES];
        for (double[] row : norm) {
            for (int a = 0; a < angles.length; a++) {
                angles[a] = (float) row[a];
            }
            embed(angles, w);
            layerNorm(w.token, w.normed);
            decoder.next(w.normed, cache, w.hidden);
        }
        double[][] out = new double[horizon][Axis.COUNT];
        float[] y = new float[VpModules.ANGLES]; // (3) normalised, tanh below
        for (int k = 0; k < horizon; k++) {
            head.apply(w.hidden, y);
            for (int a = 0; a < y.length; a++) {
                y[a] = (float) Math.tanh(y[a]);
            }
            for (Axis a : Axis.values()) {
                out[k][a.ordinal()] = Normalisation.denormalise(a, y[a.ordinal()]);
            }
            if (k + 1 < horizon) {
                embed(y, w);
                if (layerNormAppended) {
                    layerNorm(w.token, w.normed);
                    decoder.next(w.normed, cache, w.hidden);
                } else {
                    decoder.next(w.token, cache, w.hidden);
                }
            }
        }
        return out;
    }

    /** One generation's work arrays, allocated once per call (the KV cache holds the backbone's). */
    private static final class Work {
        final float[] features; // (256) encoder output
        final float[] token;    // (E) embed_vp output, before LayerNorm
        final float[] normed;   // (E) after LayerNorm
        final float[] hidden;   // (E) the backbone's last hidden state

        Work(int features, int hidden) {
            this.features = new float[features];
            this.token = new float[hidden];
            this.normed = new float[hidden];
            this.hidden = new float[hidden];
        }
    }

    /** (3) normalised angles → w.token (E) before LayerNorm: embed_vp(leaky_relu(conv(x))). */
    private void embed(float[] angles, Work w) {
        float[] f = w.features;
        conv.apply(angles, f); // (256)
        for (int i = 0; i < f.length; i++) {
            if (f[i] < 0) {
                f[i] *= VpModules.LEAKY_SLOPE;
            }
        }
        embedVp.apply(f, w.token);
    }

    /** PyTorch LayerNorm over (E) into {@code out}: (x − mean) / sqrt(var + eps) · w + b, biased variance. */
    private void layerNorm(float[] x, float[] out) {
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (float v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= x.length;
        float inv = (float) (1 / Math.sqrt(var + VpModules.LN_EPS));
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) ((x[i] - mean) * inv) * lnWeight[i] + lnBias[i];
        }
    }
}

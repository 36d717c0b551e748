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
        float[] hidden = null;
        for (double[] row : norm) {
            float[] angles = {(float) row[0], (float) row[1], (float) row[2]};
            hidden = decoder.next(layerNorm(embed(angles)), cache);
        }
        double[][] out = new double[horizon][Axis.COUNT];
        for (int k = 0; k < horizon; k++) {
            float[] y = head.apply(hidden); // (3) normalised, tanh below
            for (int a = 0; a < y.length; a++) {
                y[a] = (float) Math.tanh(y[a]);
            }
            for (Axis a : Axis.values()) {
                out[k][a.ordinal()] = Normalisation.denormalise(a, y[a.ordinal()]);
            }
            if (k + 1 < horizon) {
                float[] token = embed(y);
                hidden = decoder.next(layerNormAppended ? layerNorm(token) : token, cache);
            }
        }
        return out;
    }

    /** (3) normalised angles → (E) token before LayerNorm: embed_vp(leaky_relu(conv(x))). */
    private float[] embed(float[] angles) {
        float[] f = conv.apply(angles); // (256)
        for (int i = 0; i < f.length; i++) {
            if (f[i] < 0) {
                f[i] *= VpModules.LEAKY_SLOPE;
            }
        }
        return embedVp.apply(f);
    }

    /** PyTorch LayerNorm over (E): (x − mean) / sqrt(var + eps) · w + b, biased variance. */
    private float[] layerNorm(float[] x) {
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
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) ((x[i] - mean) * inv) * lnWeight[i] + lnBias[i];
        }
        return out;
    }
}

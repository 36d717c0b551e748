package org.netllm.testbed.abr.netllm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Independent double-precision recomputation of NetLLM's ABR decision transformer straight from
 * the ORIGINAL state-dict keys (docs/reference/abr.md §7.1–7.2, §7.6), with {@link CumulativeMeanBackbone}'s
 * math as the backbone. Written from the spec with plain loops; shares no code with the main path.
 */
final class ReferenceAbrDt {

    /** The backbone's last hidden state for LayerNorm'd tokens (oldest first). */
    @FunctionalInterface
    interface LastHidden {
        double[] apply(List<double[]> lnTokens);
    }

    private final Map<String, float[]> p;
    private final int e;
    private final int f;
    private final LastHidden backbone;
    private final int window;
    /** docs/reference/abr.md §7.3 `residual`: add the LayerNorm'd last token to the backbone output. */
    private boolean residual;
    /** Past steps: each a list of E-vectors [R, s1..s6, a]. */
    private final List<List<double[]>> past = new ArrayList<>();

    /** With {@link CumulativeMeanBackbone}'s math: h_last = W · mean(tokens). */
    ReferenceAbrDt(AbrDtFixture fx, int window) {
        this(fx, window, null);
    }

    ReferenceAbrDt(AbrDtFixture fx, int window, LastHidden backbone) {
        this.p = fx.values;
        this.e = fx.hidden;
        this.f = fx.feature;
        this.window = window;
        this.backbone = backbone != null ? backbone : tokens -> {
            double[] mean = new double[e];
            for (double[] tok : tokens) {
                for (int j = 0; j < e; j++) {
                    mean[j] += tok[j] / tokens.size();
                }
            }
            return matVec(fx.backboneWeight, null, mean, e);
        };
    }

    /** The `residual` variant of docs/reference/abr.md §7.3. */
    ReferenceAbrDt withResidual() {
        this.residual = true;
        return this;
    }

    double[] step(float[][] s, double ret, int t, int action) {
        double[] time = row(p.get("1.weight"), t, e);
        List<double[]> cur = new ArrayList<>();
        cur.add(add(affine1(p.get("2.weight"), p.get("2.bias"), ret), time));
        double[][] feats = {
            fcBranch("fc1", s[0][5]), fcBranch("fc2", s[1][5]), conv("conv3", s[2], 4), conv("conv4", s[3], 4),
            conv("conv5", s[4], 6), fcBranch("fc6", s[5][5])};
        for (int i = 0; i < 6; i++) {
            cur.add(add(matVec(p.get((5 + i) + ".weight"), p.get((5 + i) + ".bias"), feats[i], e), time));
        }
        List<double[]> seq = new ArrayList<>();
        past.forEach(seq::addAll);
        seq.addAll(cur);
        if (seq.size() > e) {
            seq = seq.subList(seq.size() - e, seq.size());
        }
        // LayerNorm per token, then the backbone's hidden state at the last position
        List<double[]> ln = new ArrayList<>();
        for (double[] tok : seq) {
            ln.add(layerNorm(tok));
        }
        double[] h = backbone.apply(ln);
        if (residual) {
            h = add(h, ln.get(ln.size() - 1));
        }
        double[] logits = matVec(p.get("11.weight"), p.get("11.bias"), h, 6);
        int chosen = 0;
        for (int i = 1; i < 6; i++) {
            if (logits[i] > logits[chosen]) {
                chosen = i;
            }
        }
        int taken = action >= 0 ? action : chosen;
        // docs/reference/abr.md §7.6: push embed_action((q+1)/6) + time embedding of this step
        cur.add(add(affine1(p.get("3.weight"), p.get("3.bias"), (taken + 1) / 6.0), time));
        past.add(cur);
        if (past.size() > window) {
            past.remove(0);
        }
        return logits;
    }

    private double[] fcBranch(String name, double x) {
        double[] out = affine1(p.get("0." + name + ".0.weight"), p.get("0." + name + ".0.bias"), x);
        for (int i = 0; i < out.length; i++) {
            out[i] = leaky(out[i]);
        }
        return out;
    }

    /** Conv1d(1→F, k), valid padding, flattened channel-major (c·L_out + position). */
    private double[] conv(String name, float[] row, int k) {
        float[] w = p.get("0." + name + ".0.weight");
        float[] b = p.get("0." + name + ".0.bias");
        int outLen = 6 - k + 1;
        double[] out = new double[f * outLen];
        for (int c = 0; c < f; c++) {
            for (int pos = 0; pos < outLen; pos++) {
                double acc = b[c];
                for (int j = 0; j < k; j++) {
                    acc += w[c * k + j] * (double) row[pos + j];
                }
                out[c * outLen + pos] = leaky(acc);
            }
        }
        return out;
    }

    private static double leaky(double x) {
        return x >= 0 ? x : 0.01 * x;
    }

    private double[] layerNorm(double[] x) {
        double mu = 0;
        for (double v : x) {
            mu += v / e;
        }
        double var = 0;
        for (double v : x) {
            var += (v - mu) * (v - mu) / e;
        }
        float[] g = p.get("4.weight");
        float[] b = p.get("4.bias");
        double[] out = new double[e];
        for (int i = 0; i < e; i++) {
            out[i] = (x[i] - mu) / Math.sqrt(var + 1e-5) * g[i] + b[i];
        }
        return out;
    }

    private static double[] affine1(float[] w, float[] b, double x) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] * x + b[i];
        }
        return out;
    }

    private static double[] matVec(float[] w, float[] b, double[] x, int rows) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double acc = b == null ? 0 : b[r];
            for (int c = 0; c < x.length; c++) {
                acc += w[r * x.length + c] * x[c];
            }
            out[r] = acc;
        }
        return out;
    }

    private static double[] row(float[] table, int r, int width) {
        double[] out = new double[width];
        for (int i = 0; i < width; i++) {
            out[i] = table[r * width + i];
        }
        return out;
    }

    private static double[] add(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }
}

package org.netllm.testbed.cjs.netllm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.netllm.testbed.cjs.sim.Observation;

/**
 * Independent double-precision recomputation of NetLLM-CJS inference, written from docs/reference/cjs.md §3.2, §4.4,
 * §5.2–5.4 and §5.7 with plain loops (shares no code with the DJL path): features, level-wise message passing over
 * topological generations computed here, DAG/global sums, the token layout [R, stage tokens, exec token, action] with
 * the time embedding on every token, deques of K past steps, the token cap, LayerNorm per token, the two backbone
 * passes (backbone math from {@link CausalMeanBackbone}) and greedy choices; G and τ updated per §5.7 step 5. The
 * stage head is either the last-token head (d→100 at the last stage token, cut to min(n, 100)) or the per-token head
 * (d→1 at each stage token, n logits), §5.4.
 */
final class ReferenceCjsPolicy {
    private final Map<String, float[]> p;
    private final int f;
    private final int d;
    private final int window;
    private final int maxTokens;
    private final double[][] backboneW;
    private final double rMin;
    private final double rMax;
    private final double scale;
    private final int maxTimestep;
    private final boolean perToken;
    private final List<List<double[]>> past = new ArrayList<>();
    double target;
    int tau;
    double[] stageLogits;
    double[] execLogits;
    int longestSequence; // tokens before the cap, over all passes

    ReferenceCjsPolicy(Map<String, float[]> weights, int f, int d, int window, int maxTokens, double[][] backboneW,
                       double rMin, double rMax, double maxReturn, int maxTimestep, double scale) {
        this(weights, f, d, window, maxTokens, backboneW, rMin, rMax, maxReturn, maxTimestep, scale, false);
    }

    ReferenceCjsPolicy(Map<String, float[]> weights, int f, int d, int window, int maxTokens, double[][] backboneW,
                       double rMin, double rMax, double maxReturn, int maxTimestep, double scale, boolean perToken) {
        this.perToken = perToken;
        this.p = weights;
        this.f = f;
        this.d = d;
        this.window = window;
        this.maxTokens = maxTokens;
        this.backboneW = backboneW;
        this.rMin = rMin;
        this.rMax = rMax;
        this.scale = scale;
        this.maxTimestep = maxTimestep;
        this.target = maxReturn;
    }

    /** One decision: returns {stage_idx, k} (greedy). */
    int[] decide(Observation o) {
        int n = o.numNodes();
        int jobs = o.numJobs();
        int execs = o.numExecutors();
        // §3.2 features
        int[] cap = new int[jobs];
        for (int j = 0; j < jobs; j++) {
            cap[j] = j == o.sourceJobIdx() ? o.numCommittable()
                    : Math.min(Math.max(execs - o.execSupplies()[j], 0), o.numCommittable());
        }
        double[][] x = new double[n][5];
        int[] jobOf = new int[n];
        for (int j = 0; j < jobs; j++) {
            for (int i = o.dagPtr()[j]; i < o.dagPtr()[j + 1]; i++) {
                jobOf[i] = j;
                x[i][0] = (float) ((double) cap[j] / execs);
                x[i][1] = j == o.sourceJobIdx() ? 1 : -1;
                x[i][2] = (float) ((double) o.execSupplies()[j] / execs);
                x[i][3] = o.remainingTasks()[i] / 200f;
                x[i][4] = (o.remainingTasks()[i] * o.mostRecentDuration()[i]) / 1e5f;
            }
        }
        double[][] h = encodeNodes(o, x);
        double[][] hDag = new double[jobs][f];
        for (int i = 0; i < n; i++) {
            add(hDag[jobOf[i]], lrelu(lin("encoder.dag", concat(x[i], h[i]))));
        }
        double[] glob = new double[f];
        for (int j = 0; j < jobs; j++) {
            add(glob, lrelu(lin("encoder.global", hDag[j])));
        }
        double[] time = row("embed_timestep.weight", tau);
        List<double[]> current = new ArrayList<>();
        current.add(plus(lin("embed_return", new double[] {target}), time));
        List<Integer> sched = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (o.schedulable()[i]) {
                sched.add(i);
                current.add(plus(lin("embed_stage", concat(concat(concat(x[i], h[i]), hDag[jobOf[i]]), glob)), time));
            }
        }
        List<double[]> seq = new ArrayList<>();
        past.forEach(seq::addAll);
        seq.addAll(current);
        if (perToken) {
            stageLogits = new double[sched.size()];
            for (int c = 0; c < sched.size(); c++) { // the stage tokens are the last sched.size() tokens
                stageLogits[c] = lin("stage_head", hiddenAt(seq, seq.size() - sched.size() + c))[0];
            }
        } else {
            stageLogits = Arrays.copyOf(lin("stage_head", lastHidden(seq)), Math.min(sched.size(), 100));
        }
        int stage = argmax(stageLogits);
        int job = jobOf[sched.get(stage)];
        double[] first = x[o.dagPtr()[job]];
        double[] exec = plus(lin("embed_exec", concat(concat(Arrays.copyOf(first, 3), hDag[job]), glob)), time);
        current.add(exec);
        seq.add(exec);
        execLogits = Arrays.copyOf(lin("exec_head", lastHidden(seq)), Math.min(cap[job], 50));
        int k = argmax(execLogits);
        current.add(plus(lin("embed_action", new double[] {stage / 100.0, k / 50.0}), time));
        past.add(current);
        if (past.size() > window) {
            past.remove(0);
        }
        tau = Math.min(tau + 1, maxTimestep);
        return new int[] {stage, k};
    }

    void reward(double r) {
        double c = Math.min(Math.max(r, rMin), rMax);
        target -= (c - rMin) / (rMax - rMin) / scale;
    }

    /** §4.4 message passing with the NetLLM encoder's one-layer LeakyReLU MLPs (§5.2). */
    private double[][] encodeNodes(Observation o, double[][] x) {
        int n = x.length;
        int[] ep = o.edgeParents();
        int[] ec = o.edgeChildren();
        double[][] hInit = new double[n][];
        for (int i = 0; i < n; i++) {
            hInit[i] = lrelu(lin("encoder.prep.1", lrelu(lin("encoder.prep.0", x[i]))));
        }
        // topological generations: G_0 = no parents; G_k = nodes all of whose parents are in earlier generations
        int[] gen = new int[n];
        Arrays.fill(gen, -1);
        int assigned = 0;
        int levels = 0;
        while (assigned < n) {
            List<Integer> next = new ArrayList<>();
            for (int v = 0; v < n; v++) {
                if (gen[v] >= 0) {
                    continue;
                }
                boolean ready = true;
                for (int e = 0; e < ep.length; e++) {
                    if (ec[e] == v && (gen[ep[e]] < 0 || gen[ep[e]] == levels)) {
                        ready = false;
                    }
                }
                if (ready) {
                    next.add(v);
                }
            }
            for (int v : next) {
                gen[v] = levels;
            }
            assigned += next.size();
            levels++;
        }
        if (levels <= 1) {
            return hInit;
        }
        double[][] h = new double[n][f];
        for (int v = 0; v < n; v++) {
            boolean hasChild = false;
            for (int pe : ep) {
                hasChild |= pe == v;
            }
            if (!hasChild) {
                h[v] = lrelu(lin("encoder.update", hInit[v]));
            }
        }
        for (int dl = levels - 2; dl >= 0; dl--) {
            boolean[] inS = new boolean[n];
            for (int v = 0; v < n; v++) {
                if (gen[v] == dl) {
                    inS[v] = true;
                    for (int e = 0; e < ep.length; e++) {
                        if (ep[e] == v) {
                            inS[ec[e]] = true;
                        }
                    }
                }
            }
            double[][] before = new double[n][];
            for (int v = 0; v < n; v++) {
                before[v] = h[v].clone();
            }
            double[][] agg = new double[n][];
            for (int e = 0; e < ep.length; e++) {
                if (inS[ep[e]] && inS[ec[e]]) {
                    if (agg[ep[e]] == null) {
                        agg[ep[e]] = new double[f];
                    }
                    add(agg[ep[e]], lrelu(lin("encoder.msg", before[ec[e]])));
                }
            }
            for (int v = 0; v < n; v++) {
                if (agg[v] != null) {
                    h[v] = plus(hInit[v], lrelu(lin("encoder.update", agg[v])));
                }
            }
        }
        return h;
    }

    /** Keep the last maxTokens tokens, LayerNorm each, causal-mean backbone, hidden state at the last position. */
    private double[] lastHidden(List<double[]> seq) {
        longestSequence = Math.max(longestSequence, seq.size());
        return hiddenAt(seq, seq.size() - 1);
    }

    /** Hidden state at token {@code pos} of seq after the cap (causal: the mean runs over kept tokens up to pos). */
    private double[] hiddenAt(List<double[]> seq, int pos) {
        int start = Math.max(0, seq.size() - maxTokens);
        if (pos < start) {
            throw new IllegalArgumentException("token " + pos + " was cut off");
        }
        List<double[]> kept = seq.subList(start, pos + 1);
        double[] mean = new double[d];
        for (double[] t : kept) {
            double[] ln = layerNorm(t);
            for (int i = 0; i < d; i++) {
                mean[i] += ln[i] / kept.size();
            }
        }
        double[] out = new double[d];
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += backboneW[i][j] * mean[j];
            }
            out[i] = Math.tanh(s);
        }
        return out;
    }

    private double[] layerNorm(double[] t) {
        double mu = 0;
        for (double v : t) {
            mu += v / t.length;
        }
        double var = 0;
        for (double v : t) {
            var += (v - mu) * (v - mu) / t.length;
        }
        float[] g = p.get("embed_ln.weight");
        float[] b = p.get("embed_ln.bias");
        double[] out = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = (t[i] - mu) / Math.sqrt(var + 1e-5) * g[i] + b[i];
        }
        return out;
    }

    private double[] lin(String name, double[] in) {
        float[] w = p.get(name + ".weight");
        float[] b = p.get(name + ".bias");
        int out = b.length;
        if (w.length != out * in.length) {
            throw new IllegalArgumentException(name + ": " + w.length + " weights for " + out + "×" + in.length);
        }
        double[] y = new double[out];
        for (int i = 0; i < out; i++) {
            double s = b[i];
            for (int j = 0; j < in.length; j++) {
                s += w[i * in.length + j] * in[j];
            }
            y[i] = s;
        }
        return y;
    }

    private double[] row(String name, int r) {
        float[] t = p.get(name);
        double[] out = new double[d];
        for (int i = 0; i < d; i++) {
            out[i] = t[r * d + i];
        }
        return out;
    }

    private static double[] lrelu(double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i] >= 0 ? v[i] : 0.2 * v[i];
        }
        return o;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] o = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, o, a.length, b.length);
        return o;
    }

    private static double[] plus(double[] a, double[] b) {
        double[] o = a.clone();
        add(o, b);
        return o;
    }

    private static void add(double[] acc, double[] v) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += v[i];
        }
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}

package org.netllm.testbed.cjs.netllm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.netllm.testbed.cjs.decima.MessagePassingPlan;
import org.netllm.testbed.cjs.decima.NeuralObservation;
import org.netllm.testbed.netllm.adapt.CheckpointException;
import org.netllm.testbed.netllm.adapt.NamedWeights;
import org.netllm.testbed.netllm.io.Safetensors;

/**
 * NetLLM-CJS's trainable modules around the backbone (docs/reference/cjs.md §5.2–5.4), on DJL so that training
 * and inference share one implementation:
 * <ul>
 * <li>state encoder: prep 5→128→F, msg F→F, update F→F, DAG (5+F)→F summed per job, global F→F summed over
 * jobs, LeakyReLU(0.2) after every Linear, message passing over {@link MessagePassingPlan} (Decima's traversal);</li>
 * <li>token projections: return 1→d, stage (5+3F)→d, executor (3+2F)→d, action 2→d; time Embedding(rows, d);
 * LayerNorm(d);</li>
 * <li>heads: stage, as {@link StageHead} (d→100 read at the last stage token, or d→1 read at every stage token),
 * executor d→50 (read at the executor token).</li>
 * </ul>
 * Arrays live in one manager owned by this object. Every method takes inputs in a caller's manager and puts the
 * input first in each op, so results belong to the caller's scope.
 */
public final class CjsModules implements AutoCloseable {
    public static final int PREP_HIDDEN = 128;
    public static final int MAX_STAGES = 100;
    public static final int MAX_EXEC = 50;
    /** Action token input scales: [stage_idx / 100, k / 50] (§5.3). */
    public static final float STAGE_SCALE = 100f;
    public static final float EXEC_SCALE = 50f;
    static final float LEAKY_SLOPE = 0.2f;
    static final float LN_EPS = 1e-5f;

    public static final String PREP0 = "encoder.prep.0";
    public static final String PREP1 = "encoder.prep.1";
    public static final String MSG = "encoder.msg";
    public static final String UPDATE = "encoder.update";
    public static final String DAG = "encoder.dag";
    public static final String GLOBAL = "encoder.global";
    public static final String TIME = "embed_timestep";
    public static final String RETURN = "embed_return";
    public static final String STAGE = "embed_stage";
    public static final String EXEC = "embed_exec";
    public static final String ACTION = "embed_action";
    public static final String LN = "embed_ln";
    public static final String STAGE_HEAD = "stage_head";
    public static final String EXEC_HEAD = "exec_head";

    private static final int X = NeuralObservation.NUM_FEATURES;
    private static final int X_DAG = NeuralObservation.NUM_DAG_FEATURES;

    private final NDManager manager;
    private final Map<String, NDArray> arrays;
    private final int feature;
    private final int hidden;
    private final int timestepRows;
    private final StageHead stageHead;

    private CjsModules(NDManager manager, Map<String, NDArray> arrays, int feature, int hidden, int timestepRows,
                       StageHead stageHead) {
        this.manager = manager;
        this.stageHead = stageHead;
        this.arrays = arrays;
        this.feature = feature;
        this.hidden = hidden;
        this.timestepRows = timestepRows;
    }

    /** Every tensor name with its shape, in checkpoint order. */
    static Map<String, long[]> layout(int f, int d, int rows, StageHead head) {
        Map<String, long[]> m = new LinkedHashMap<>();
        linearShape(m, PREP0, PREP_HIDDEN, X);
        linearShape(m, PREP1, f, PREP_HIDDEN);
        linearShape(m, MSG, f, f);
        linearShape(m, UPDATE, f, f);
        linearShape(m, DAG, f, X + f);
        linearShape(m, GLOBAL, f, f);
        m.put(TIME + ".weight", new long[] {rows, d});
        linearShape(m, RETURN, d, 1);
        linearShape(m, STAGE, d, X + 3L * f);
        linearShape(m, EXEC, d, X_DAG + 2L * f);
        linearShape(m, ACTION, d, 2);
        m.put(LN + ".weight", new long[] {d});
        m.put(LN + ".bias", new long[] {d});
        linearShape(m, STAGE_HEAD, head.outputs(), d);
        linearShape(m, EXEC_HEAD, MAX_EXEC, d);
        return m;
    }

    private static void linearShape(Map<String, long[]> m, String name, long out, long in) {
        m.put(name + ".weight", new long[] {out, in});
        m.put(name + ".bias", new long[] {out});
    }

    /** PyTorch's {@code nn.Embedding} default init, the original's time embedding: N(0, 1). */
    public static final double SPEC_TIME_EMBEDDING_STD = 1.0;

    /** Fresh modules with PyTorch's default init (time embedding N(0, 1), as the original), seeded. */
    public static CjsModules init(NDManager parent, int feature, int hidden, int timestepRows, long seed) {
        return init(parent, feature, hidden, timestepRows, seed, SPEC_TIME_EMBEDDING_STD, StageHead.LAST);
    }

    /** Fresh modules with the spec's default stage head ({@link StageHead#LAST}). */
    public static CjsModules init(NDManager parent, int feature, int hidden, int timestepRows, long seed, double timeStd) {
        return init(parent, feature, hidden, timestepRows, seed, timeStd, StageHead.LAST);
    }

    /**
     * Fresh modules, seeded: Linear ~ U(±1/√fan_in) (PyTorch's default), time Embedding ~ N(0, timeStd²), LayerNorm
     * 1/0. Why the std is a parameter: a time row is added to every token of its step, so N(0, 1) rows (norm ≈ √d)
     * dwarf the differences between one step's stage tokens; after LayerNorm they are nearly equal and the stage head
     * learns little in a short run (docs/reference/cjs.md §5 choices).
     */
    public static CjsModules init(NDManager parent, int feature, int hidden, int timestepRows, long seed, double timeStd,
                                  StageHead head) {
        if (!(timeStd > 0) || !Double.isFinite(timeStd)) {
            throw new IllegalArgumentException("time embedding std must be finite and > 0, got " + timeStd);
        }
        Random rnd = new Random(seed);
        Map<String, NamedWeights.Entry> w = new LinkedHashMap<>();
        Map<String, long[]> layout = layout(feature, hidden, timestepRows, head);
        for (Map.Entry<String, long[]> e : layout.entrySet()) {
            String name = e.getKey();
            long[] shape = e.getValue();
            float[] v = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b))];
            if (name.startsWith(LN + ".")) {
                Arrays.fill(v, name.endsWith(".weight") ? 1f : 0f);
            } else if (name.startsWith(TIME + ".")) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (rnd.nextGaussian() * timeStd);
                }
            } else {
                long fanIn = layout.get(name.replace(".bias", ".weight"))[1];
                double bound = 1 / Math.sqrt(fanIn);
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
                }
            }
            w.put(name, new NamedWeights.Entry(shape, v));
        }
        try {
            return from(parent, new NamedWeights("initial CJS modules (seed " + seed + ")", w), feature, hidden, timestepRows, head);
        } catch (CheckpointException e) {
            throw new IllegalStateException("fresh CJS modules are inconsistent", e);
        }
    }

    /**
     * Loads {@code modules.safetensors}, checking every tensor's shape against the dimensions and the stage head
     * (its config's {@code stage_head}).
     */
    public static CjsModules load(NDManager parent, Path file, int feature, int hidden, int timestepRows, StageHead head)
            throws IOException {
        return from(parent, NamedWeights.fromSafetensors(file), feature, hidden, timestepRows, head);
    }

    static CjsModules from(NDManager parent, NamedWeights w, int feature, int hidden, int timestepRows, StageHead head)
            throws CheckpointException {
        NDManager m = parent.newSubManager();
        try {
            Map<String, long[]> layout = layout(feature, hidden, timestepRows, head);
            for (String name : w.names()) {
                if (!layout.containsKey(name)) {
                    throw new CheckpointException(w.source() + ": unexpected tensor '" + name + "' (not a NetLLM-CJS module)");
                }
            }
            Map<String, NDArray> a = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> e : layout.entrySet()) {
                a.put(e.getKey(), w.load(m, e.getKey(), e.getValue()));
            }
            return new CjsModules(m, a, feature, hidden, timestepRows, head);
        } catch (CheckpointException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    public int feature() {
        return feature;
    }

    public int hidden() {
        return hidden;
    }

    public int timestepRows() {
        return timestepRows;
    }

    public StageHead stageHead() {
        return stageHead;
    }

    /** Every array by checkpoint name (all trainable: the encoder trains jointly, §5.2). */
    public Map<String, NDArray> parameters() {
        return java.util.Collections.unmodifiableMap(arrays);
    }

    /** Host copies of every array (for a plain-Java reference or a save). */
    public Map<String, float[]> values() {
        Map<String, float[]> out = new LinkedHashMap<>();
        arrays.forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    /**
     * The encoder's output for B observations encoded together as one block-diagonal graph (the steps of a window,
     * or one decision): node and DAG rows are the observations' rows in order.
     *
     * @param steps      the observations
     * @param nodeOffset first merged node row of each observation
     * @param jobOffset  first merged job row of each observation
     * @param x          (n, 5) node features
     * @param node       (n, F) node embeddings
     * @param dag        (J, F) DAG embeddings
     * @param glob       (B, F) one global embedding per observation
     */
    public record Encoded(List<NeuralObservation> steps, int[] nodeOffset, int[] jobOffset, NDArray x, NDArray node,
                          NDArray dag, NDArray glob) {
    }

    /**
     * State encoder (§5.2) on B observations at once. Message passing on the merged graph equals message passing on
     * each observation alone: topological generations and level sets are per connected component, and an
     * observation without edges keeps h = prep(x) (§4.4 step 2), which a per-node mask applies.
     */
    public Encoded encode(List<NeuralObservation> steps, NDManager m) {
        int b = steps.size();
        int[] nodeOff = new int[b + 1];
        int[] jobOff = new int[b + 1];
        int edges = 0;
        for (int i = 0; i < b; i++) {
            nodeOff[i + 1] = nodeOff[i] + steps.get(i).numNodes();
            jobOff[i + 1] = jobOff[i] + steps.get(i).numJobs();
            edges += steps.get(i).edgeParents().length;
        }
        int n = nodeOff[b];
        int jobs = jobOff[b];
        float[] flat = new float[n * X];
        int[] ptr = new int[jobs + 1];
        int[] ep = new int[edges];
        int[] ec = new int[edges];
        float[] keepInit = new float[n]; // 1 for nodes of an observation without edges: h = prep(x)
        float[] leaf = new float[n];     // 1 for childless nodes of an observation with edges: h = update(h_init)
        int e = 0;
        for (int i = 0; i < b; i++) {
            NeuralObservation o = steps.get(i);
            boolean hasEdges = o.edgeParents().length > 0;
            boolean[] isParent = new boolean[o.numNodes()];
            for (int k = 0; k < o.edgeParents().length; k++) {
                ep[e] = o.edgeParents()[k] + nodeOff[i];
                ec[e++] = o.edgeChildren()[k] + nodeOff[i];
                isParent[o.edgeParents()[k]] = true;
            }
            for (int v = 0; v < o.numNodes(); v++) {
                System.arraycopy(o.features()[v], 0, flat, (nodeOff[i] + v) * X, X);
                keepInit[nodeOff[i] + v] = hasEdges ? 0f : 1f;
                leaf[nodeOff[i] + v] = hasEdges && !isParent[v] ? 1f : 0f;
            }
            for (int j = 0; j < o.numJobs(); j++) {
                ptr[jobOff[i] + j + 1] = o.dagPtr()[j + 1] + nodeOff[i];
            }
        }
        NeuralObservation merged = new NeuralObservation(new float[n][0], ptr, ep, ec, new boolean[n], new int[jobs], 1);
        MessagePassingPlan plan = MessagePassingPlan.of(merged);
        NDArray x = m.create(flat, new Shape(n, X));                                     // (n, 5)
        NDArray hInit = lin(lin(x, PREP0), PREP1);                                       // (n, F)
        NDArray h = hInit;
        if (plan.hasEdges()) {
            h = lin(hInit, UPDATE).mul(m.create(leaf, new Shape(n, 1)))                   // childless: update(h_init)
                    .add(hInit.mul(m.create(keepInit, new Shape(n, 1))));                 // edge-free observation: prep(x)
            for (MessagePassingPlan.Level level : plan.levels()) {
                h = level(h, hInit, level, n, m);
            }
        }
        // DAG embeddings: Σ over a job's nodes of dag([x, h]) as a (J, n) pooling product
        NDArray perNode = lin(NDArrays.concat(new NDList(x, h), 1), DAG);                 // (n, F)
        float[] pool = new float[jobs * n];
        for (int j = 0; j < jobs; j++) {
            for (int v = ptr[j]; v < ptr[j + 1]; v++) {
                pool[j * n + v] = 1f;
            }
        }
        NDArray dag = m.create(pool, new Shape(jobs, n)).matMul(perNode);                 // (J, F)
        float[] gpool = new float[b * jobs];
        for (int i = 0; i < b; i++) {
            for (int j = jobOff[i]; j < jobOff[i + 1]; j++) {
                gpool[i * jobs + j] = 1f;
            }
        }
        NDArray glob = m.create(gpool, new Shape(b, jobs)).matMul(lin(dag, GLOBAL));      // (B, F)
        return new Encoded(List.copyOf(steps), nodeOff, jobOff, x, h, dag, glob);
    }

    /** One level: messages from h before the level, parents overwritten with h_init + update(Σ messages). */
    private NDArray level(NDArray h, NDArray hInit, MessagePassingPlan.Level level, int n, NDManager m) {
        int[] parents = level.parents();
        int[] children = distinct(level.edgeChildren());
        NDArray senders = h.get(index(m, children));                                      // (C, F)
        NDArray msgs = lin(senders, MSG);                                                 // (C, F)
        float[] a = new float[parents.length * children.length];
        for (int e = 0; e < level.edgeParents().length; e++) {
            int p = Arrays.binarySearch(parents, level.edgeParents()[e]);
            int c = Arrays.binarySearch(children, level.edgeChildren()[e]);
            a[p * children.length + c] += 1f;
        }
        NDArray agg = m.create(a, new Shape(parents.length, children.length)).matMul(msgs); // (P, F)
        NDArray updated = hInit.get(index(m, parents)).add(lin(agg, UPDATE));             // (P, F)
        long[] merge = new long[n];
        for (int i = 0; i < n; i++) {
            merge[i] = i;
        }
        for (int k = 0; k < parents.length; k++) {
            merge[parents[k]] = n + k;
        }
        return NDArrays.concat(new NDList(h, updated), 0).get(m.create(merge));           // (n, F)
    }

    private static int[] distinct(int[] v) {
        return Arrays.stream(v).distinct().sorted().toArray();
    }

    private static NDArray index(NDManager m, List<Integer> idx) {
        return index(m, idx.stream().mapToInt(Integer::intValue).toArray());
    }

    private static NDArray index(NDManager m, int[] idx) {
        long[] l = new long[idx.length];
        for (int i = 0; i < idx.length; i++) {
            l[i] = idx[i];
        }
        return m.create(l);
    }

    /**
     * Stage tokens (before time/LN) of every observation's schedulable nodes, observation by observation:
     * (ΣS, d) from [x_i, h_i, h_dag[job(i)], h_glob].
     */
    public NDArray stageTokens(Encoded e, NDManager m) {
        List<Integer> nodes = new ArrayList<>();
        List<Integer> jobs = new ArrayList<>();
        List<Integer> globs = new ArrayList<>();
        for (int i = 0; i < e.steps().size(); i++) {
            NeuralObservation o = e.steps().get(i);
            for (int v : o.schedulableNodes()) {
                nodes.add(e.nodeOffset()[i] + v);
                jobs.add(e.jobOffset()[i] + o.jobOf(v));
                globs.add(i);
            }
        }
        NDArray nodeIdx = index(m, nodes);
        NDArray in = NDArrays.concat(new NDList(e.x().get(nodeIdx), e.node().get(nodeIdx), e.dag().get(index(m, jobs)),
                e.glob().get(index(m, globs))), 1);                                       // (ΣS, 5+3F)
        return linear(in, STAGE);                                                         // (ΣS, d)
    }

    /**
     * Executor tokens (before time/LN), one per observation for its job {@code jobs[i]} (index among that
     * observation's jobs): (B, d) from [x_first[0:3], h_dag[job], h_glob].
     */
    public NDArray execTokens(Encoded e, int[] jobs, NDManager m) {
        List<Integer> first = new ArrayList<>();
        List<Integer> dagRows = new ArrayList<>();
        for (int i = 0; i < jobs.length; i++) {
            first.add(e.nodeOffset()[i] + e.steps().get(i).dagPtr()[jobs[i]]);
            dagRows.add(e.jobOffset()[i] + jobs[i]);
        }
        NDArray xf = e.x().get(index(m, first)).get(":, 0:" + X_DAG);                     // (B, 3)
        NDArray in = NDArrays.concat(new NDList(xf, e.dag().get(index(m, dagRows)), e.glob()), 1); // (B, 3+2F)
        return linear(in, EXEC);                                                          // (B, d)
    }

    /** Return token: (k, 1) returns → (k, d). */
    public NDArray returnTokens(float[] returns, NDManager m) {
        return linear(m.create(returns, new Shape(returns.length, 1)), RETURN);
    }

    /** Action tokens from (stage_idx, k) pairs: [stage/100, k/50] → (k, d). */
    public NDArray actionTokens(int[] stages, int[] execs, NDManager m) {
        float[] in = new float[stages.length * 2];
        for (int i = 0; i < stages.length; i++) {
            in[2 * i] = stages[i] / STAGE_SCALE;
            in[2 * i + 1] = execs[i] / EXEC_SCALE;
        }
        return linear(m.create(in, new Shape(stages.length, 2)), ACTION);
    }

    /** Rows of the time table: (k) timesteps → (k, d), owned by {@code m}. */
    public NDArray time(int[] timesteps, NDManager m) {
        for (int t : timesteps) {
            if (t < 0 || t >= timestepRows) {
                throw new IllegalArgumentException("timestep " + t + " outside the " + timestepRows + "-row time embedding");
            }
        }
        NDArray rows = arrays.get(TIME + ".weight").get(index(m, timesteps));
        rows.attach(m); // a gather on the table belongs to the table's manager otherwise
        return rows;
    }

    /** LayerNorm over the last axis: (..., d) → (..., d). */
    public NDArray layerNorm(NDArray tokens) {
        return LayerNorm.layerNorm(tokens, new Shape(hidden), arrays.get(LN + ".weight"), arrays.get(LN + ".bias"), LN_EPS)
                .singletonOrThrow();
    }

    /**
     * Stage logits of u steps, the one place that applies the {@link StageHead}, for training and inference alike.
     * Step j's stage tokens sit at rows {@code first[j] … first[j] + counts[j] − 1} of {@code hidden}.
     * <ul>
     * <li>{@link StageHead#LAST}: head(hidden[last stage row]) → (u, 100);</li>
     * <li>{@link StageHead#PER_TOKEN}: head(hidden[first + c]) for c &lt; n → (u, max n), one score per stage.</li>
     * </ul>
     * Columns at or beyond a step's schedulable count carry {@link CjsWindowForward#STAGE_MASK} (−10⁵ added, §5.4),
     * so a softmax over a row is a distribution over that step's stages.
     *
     * @param hidden (L, d) final hidden states
     * @return (u, W) logits, W = 100 (last) or the largest count (per-token)
     */
    public NDArray stageLogits(NDArray hidden, int[] first, int[] counts, NDManager m) {
        int u = first.length;
        if (counts.length != u || u == 0) {
            throw new IllegalArgumentException("stage logits need one count per step and at least one step, got "
                    + u + " starts and " + counts.length + " counts");
        }
        for (int c : counts) {
            if (c < 1) {
                throw new IllegalArgumentException("a step with stage logits needs >= 1 schedulable stage, got " + c);
            }
        }
        int width = stageHead == StageHead.LAST ? MAX_STAGES : Arrays.stream(counts).max().orElseThrow();
        float[] mask = new float[u * width];
        for (int j = 0; j < u; j++) {
            Arrays.fill(mask, j * width + Math.min(counts[j], width), (j + 1) * width, CjsWindowForward.STAGE_MASK);
        }
        NDArray logits;
        if (stageHead == StageHead.LAST) {
            long[] last = new long[u];
            for (int j = 0; j < u; j++) {
                last[j] = first[j] + counts[j] - 1L;
            }
            logits = linear(hidden.get(m.create(last)), STAGE_HEAD);                        // (u, 100)
        } else {
            long[] rows = new long[u * width];
            for (int j = 0; j < u; j++) {
                for (int c = 0; c < width; c++) {
                    // padding columns re-read the step's last stage row; the mask removes them
                    rows[j * width + c] = first[j] + Math.min(c, counts[j] - 1L);
                }
            }
            logits = linear(hidden.get(m.create(rows)), STAGE_HEAD).reshape(u, width);      // (u·W, 1) → (u, W)
        }
        return logits.add(m.create(mask, new Shape(u, width)));
    }

    /** (..., d) → (..., 50) executor logits. */
    public NDArray execHead(NDArray h) {
        return linear(h, EXEC_HEAD);
    }

    /** Linear + LeakyReLU(0.2): every encoder layer (§5.2). */
    private NDArray lin(NDArray x, String name) {
        return Activation.leakyRelu(linear(x, name), LEAKY_SLOPE);
    }

    private NDArray linear(NDArray x, String name) {
        return Linear.linear(x, arrays.get(name + ".weight"), arrays.get(name + ".bias")).singletonOrThrow();
    }

    /** Writes every array as F32 safetensors. */
    public void save(Path file) throws IOException {
        List<Safetensors.F32Tensor> t = new ArrayList<>();
        arrays.forEach((k, v) -> t.add(new Safetensors.F32Tensor(k, v.getShape().getShape(), v.toFloatArray())));
        Safetensors.writeF32(file, t, Map.of("task", CjsCheckpoint.TASK));
    }

    @Override
    public void close() {
        manager.close();
    }
}

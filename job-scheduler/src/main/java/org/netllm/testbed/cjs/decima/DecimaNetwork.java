package org.netllm.testbed.cjs.decima;

/**
 * Decima's actor network on plain float32 arrays (docs/reference/cjs.md §4.4): node encoder with
 * level-wise reverse message passing over the topological generations of the whole observation
 * graph, DAG and global sum-pooled encoders, the stage-score head over schedulable nodes and the
 * executor-count head. Plain Java beats a DJL round trip at these sizes (20 802 parameters, ≤ a few
 * hundred nodes: ~10⁵ multiply-adds per decision). Immutable and thread-safe.
 */
public final class DecimaNetwork {

    public static final int EMBED = 16;

    private final Mlp prep;
    private final Mlp msg;
    private final Mlp update;
    private final Mlp dag;
    private final Mlp glob;
    private final Mlp stageHead;
    private final Mlp execHead;

    public DecimaNetwork(DecimaWeights w) {
        Mlp.Activation g = Mlp.Activation.LEAKY_RELU_02;
        Mlp.Activation p = Mlp.Activation.TANH;
        prep = w.mlp("encoder.node_encoder.mlp_prep", NeuralObservation.NUM_FEATURES, 32, 16, EMBED, g);
        msg = w.mlp("encoder.node_encoder.mlp_msg", EMBED, 32, 16, EMBED, g);
        update = w.mlp("encoder.node_encoder.mlp_update", EMBED, 32, 16, EMBED, g);
        dag = w.mlp("encoder.dag_encoder.mlp", NeuralObservation.NUM_FEATURES + EMBED, 32, 16, EMBED, g);
        glob = w.mlp("encoder.global_encoder.mlp", EMBED, 32, 16, EMBED, g);
        stageHead = w.mlp("stage_policy_network.mlp_score", NeuralObservation.NUM_FEATURES + 3 * EMBED, 64, 64, 1, p);
        execHead = w.mlp("exec_policy_network.mlp_score", NeuralObservation.NUM_DAG_FEATURES + 2 * EMBED + 1, 64, 64, 1, p);
    }

    /** Node (n,16), DAG (J,16) and global (16) embeddings. */
    public record Embeddings(float[][] node, float[][] dag, float[] glob) {
    }

    public Embeddings encode(NeuralObservation obs) {
        float[][] h = encodeNodes(obs);
        int jobs = obs.numJobs();
        float[][] hDag = new float[jobs][EMBED];
        float[] in = new float[NeuralObservation.NUM_FEATURES + EMBED];
        for (int j = 0; j < jobs; j++) {
            for (int i = obs.dagPtr()[j]; i < obs.dagPtr()[j + 1]; i++) {
                System.arraycopy(obs.features()[i], 0, in, 0, NeuralObservation.NUM_FEATURES);
                System.arraycopy(h[i], 0, in, NeuralObservation.NUM_FEATURES, EMBED);
                add(hDag[j], dag.forward(in));
            }
        }
        float[] g = new float[EMBED];
        for (int j = 0; j < jobs; j++) {
            add(g, glob.forward(hDag[j]));
        }
        return new Embeddings(h, hDag, g);
    }

    private float[][] encodeNodes(NeuralObservation obs) {
        int n = obs.numNodes();
        float[][] hInit = new float[n][];
        for (int i = 0; i < n; i++) {
            hInit[i] = prep.forward(obs.features()[i]);
        }
        MessagePassingPlan plan = MessagePassingPlan.of(obs);
        if (!plan.hasEdges()) {
            return hInit; // one topological generation: no message passing
        }
        float[][] h = new float[n][];
        for (int i = 0; i < n; i++) {
            h[i] = plan.isParent()[i] ? new float[EMBED] : update.forward(hInit[i]);
        }
        for (MessagePassingPlan.Level level : plan.levels()) {
            float[][] message = new float[n][];
            float[][] agg = new float[n][];
            for (int e = 0; e < level.edgeParents().length; e++) {
                int p = level.edgeParents()[e];
                int c = level.edgeChildren()[e];
                if (message[c] == null) {
                    message[c] = msg.forward(h[c]); // from h before this level's updates
                }
                if (agg[p] == null) {
                    agg[p] = new float[EMBED];
                }
                add(agg[p], message[c]);
            }
            for (int p : level.parents()) {
                float[] u = update.forward(agg[p]);
                float[] out = new float[EMBED];
                for (int k = 0; k < EMBED; k++) {
                    out[k] = hInit[p][k] + u[k];
                }
                h[p] = out;
            }
        }
        return h;
    }

    /** Scores of the schedulable nodes, in node order (= stage_idx order). */
    public float[] stageScores(NeuralObservation obs, Embeddings emb) {
        int count = 0;
        for (boolean b : obs.stageMask()) {
            if (b) {
                count++;
            }
        }
        float[] scores = new float[count];
        float[] in = new float[NeuralObservation.NUM_FEATURES + 3 * EMBED];
        int k = 0;
        for (int i = 0; i < obs.numNodes(); i++) {
            if (!obs.stageMask()[i]) {
                continue;
            }
            int j = obs.jobOf(i);
            System.arraycopy(obs.features()[i], 0, in, 0, NeuralObservation.NUM_FEATURES);
            System.arraycopy(emb.node()[i], 0, in, NeuralObservation.NUM_FEATURES, EMBED);
            System.arraycopy(emb.dag()[j], 0, in, NeuralObservation.NUM_FEATURES + EMBED, EMBED);
            System.arraycopy(emb.glob(), 0, in, NeuralObservation.NUM_FEATURES + 2 * EMBED, EMBED);
            scores[k++] = stageHead.forward(in)[0];
        }
        return scores;
    }

    /** Scores of k = 0..cap_j−1 executors (k+1 executors) for job j. */
    public float[] execScores(NeuralObservation obs, Embeddings emb, int job) {
        int cap = obs.commitCaps()[job];
        float[] scores = new float[cap];
        float[] in = new float[NeuralObservation.NUM_DAG_FEATURES + 2 * EMBED + 1];
        float[] first = obs.features()[obs.dagPtr()[job]];
        System.arraycopy(first, 0, in, 0, NeuralObservation.NUM_DAG_FEATURES);
        System.arraycopy(emb.dag()[job], 0, in, NeuralObservation.NUM_DAG_FEATURES, EMBED);
        System.arraycopy(emb.glob(), 0, in, NeuralObservation.NUM_DAG_FEATURES + EMBED, EMBED);
        float n = obs.numExecutors();
        for (int k = 0; k < cap; k++) {
            in[in.length - 1] = k / n;
            scores[k] = execHead.forward(in)[0];
        }
        return scores;
    }

    private static void add(float[] acc, float[] x) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += x[i];
        }
    }
}

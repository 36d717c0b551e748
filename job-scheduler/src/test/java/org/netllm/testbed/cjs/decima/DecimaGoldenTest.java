package org.netllm.testbed.cjs.decima;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The spec's Appendix A golden vector (docs/reference/cjs.md §4.4, "Golden vector"): decision 41
 * of a Decima episode (default env, seed 666) with the pretrained weights; expected values are the
 * PyTorch model's, rounded to 6 decimals; a float32 implementation should agree within ~1e-4.
 */
class DecimaGoldenTest {

    private static final double TOL = 1e-4;

    static NeuralObservation goldenObservation() {
        float[][] f = new float[19][];
        for (int i = 0; i < 3; i++) {
            f[i] = new float[] {0.42f, -1f, 0.52f, 0f, 0f};
        }
        f[3] = new float[] {0.42f, -1f, 0.52f, 1.0f, 0.543527f};
        f[4] = new float[] {0.42f, -1f, 0.52f, 0.995f, 1.18604f};
        f[5] = new float[] {0.42f, -1f, 0.52f, 1.0f, 0.712692f};
        f[6] = new float[] {0.42f, -1f, 0.52f, 1.0f, 0.142906f};
        f[7] = new float[] {0.42f, -1f, 0.52f, 1.0f, 0.155922f};
        f[8] = new float[] {0.42f, -1f, 0.52f, 1.0f, 0.161593f};
        f[9] = new float[] {0.42f, 1f, 0.5f, 0.89f, 0.03026f};
        f[10] = new float[] {0.42f, 1f, 0.5f, 0f, 0f};
        f[11] = new float[] {0.42f, 1f, 0.5f, 1.0f, 0.323537f};
        f[12] = new float[] {0.42f, 1f, 0.5f, 0f, 0f};
        f[13] = new float[] {0.42f, 1f, 0.5f, 1.0f, 0.095977f};
        f[14] = new float[] {0.42f, 1f, 0.5f, 1.0f, 0.367818f};
        f[15] = new float[] {0.42f, 1f, 0.5f, 1.0f, 0.219781f};
        f[16] = new float[] {0.42f, 1f, 0.5f, 1.0f, 0.267092f};
        f[17] = new float[] {0.42f, 1f, 0.5f, 1.0f, 0.130574f};
        f[18] = new float[] {0.42f, 1f, 0.5f, 0.005f, 0.002478f};
        int[][] edges = {{0, 6}, {1, 3}, {2, 3}, {3, 5}, {4, 5}, {5, 6}, {6, 7}, {7, 8}, {9, 11}, {10, 16}, {11, 16},
            {12, 13}, {13, 14}, {14, 15}, {15, 17}, {16, 17}, {17, 18}};
        int[] ep = new int[edges.length];
        int[] ec = new int[edges.length];
        for (int e = 0; e < edges.length; e++) {
            ep[e] = edges[e][0];
            ec[e] = edges[e][1];
        }
        boolean[] mask = new boolean[19];
        mask[3] = mask[4] = mask[9] = mask[13] = true;
        return new NeuralObservation(f, new int[] {0, 9, 19}, ep, ec, mask, new int[] {21, 21}, 50);
    }

    @Test
    void matchesAppendixAGoldenVector() {
        DecimaNetwork net = new DecimaNetwork(DecimaWeights.pretrained());
        NeuralObservation obs = goldenObservation();
        DecimaNetwork.Embeddings emb = net.encode(obs);
        double[] glob = {-0.215756, 0.142703, -0.132185, -0.101836, -0.114763, 0.207436, -0.156388, 0.113477,
            -0.012582, 0.184248, -0.193003, -0.084540, -0.162297, -0.202056, -0.089701, -0.200427};
        for (int i = 0; i < 16; i++) {
            assertEquals(glob[i], emb.glob()[i], TOL, "h_glob[" + i + "]");
        }
        double[] stage = {-7.849909, -7.455425, -1.075696, -1.345081};
        float[] s = net.stageScores(obs, emb);
        assertEquals(stage.length, s.length);
        for (int i = 0; i < stage.length; i++) {
            assertEquals(stage[i], s[i], TOL, "stage score " + i);
        }
        double[] exec = {14.196443, 14.620120, 14.997336, 15.332237, 15.628835, 15.890950, 16.122165, 16.325800,
            16.504907, 16.662264, 16.800383, 16.921525, 17.027713, 17.120748, 17.202232, 17.273581, 17.336047,
            17.390733, 17.438607, 17.480522, 17.517225};
        float[] x = net.execScores(obs, emb, 1);
        assertEquals(exec.length, x.length);
        for (int k = 0; k < exec.length; k++) {
            assertEquals(exec[k], x[k], TOL, "exec score k=" + k);
        }
    }
}

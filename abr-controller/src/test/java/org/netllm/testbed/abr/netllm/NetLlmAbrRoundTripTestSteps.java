package org.netllm.testbed.abr.netllm;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random replay steps: Gaussian states, decreasing returns, an action given every third step. */
final class NetLlmAbrRoundTripTestSteps {

    private NetLlmAbrRoundTripTestSteps() {
    }

    static List<NetLlmReplay.Step> random(int n, long seed) {
        Random rnd = new Random(seed);
        List<NetLlmReplay.Step> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[][] s = new float[6][6];
            for (float[] row : s) {
                for (int c = 0; c < 6; c++) {
                    row[c] = (float) rnd.nextGaussian();
                }
            }
            int action = i % 3 == 0 ? rnd.nextInt(6) : -1;
            steps.add(new NetLlmReplay.Step(s, 0.05 - 0.001 * i, i % 48, action));
        }
        return steps;
    }
}

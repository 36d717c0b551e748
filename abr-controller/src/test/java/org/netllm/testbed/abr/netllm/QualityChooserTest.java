package org.netllm.testbed.abr.netllm;

import org.netllm.testbed.netllm.rng.PythonRandom;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** CPython vectors recorded with {@code python3} (3.x, Mersenne Twister, random.choices). */
class QualityChooserTest {

    @Test
    void pythonRandomMatchesCPython() {
        PythonRandom r = new PythonRandom(100003);
        assertEquals(0.3704720411173713, r.random(), 0.0);
        assertEquals(0.6129957674273028, r.random(), 0.0);
        assertEquals(0.8444218515250481, new PythonRandom(0).random(), 0.0);
    }

    @Test
    void samplingFollowsRandomChoicesWithNetllmSeed() {
        // random.seed(100003); logits rotated left after each draw; weights = exp(l − max)
        QualityChooser c = QualityChooser.sampling(100003);
        float[] logits = {0.1f, -0.3f, 1.2f, 0.5f, 0.0f, -1.0f};
        int[] got = new int[12];
        for (int k = 0; k < got.length; k++) {
            got[k] = c.choose(logits);
            float first = logits[0];
            System.arraycopy(logits, 1, logits, 0, logits.length - 1);
            logits[logits.length - 1] = first;
        }
        assertArrayEquals(new int[] {2, 2, 4, 5, 0, 4, 0, 2, 5, 0, 4, 3}, got);
    }

    @Test
    void argmaxTakesFirstMaximum() {
        assertEquals(1, QualityChooser.argmax().choose(new float[] {0, 3, 3, -1, 2, 3}));
    }
}

package org.netllm.testbed.cjs.netllm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.cjs.sim.Observation;
import org.netllm.testbed.cjs.sim.SimConfig;

/** Pool → dataset (docs/reference/cjs.md §5.5) on a hand-computed example, and the pool file's round trip and checks. */
class CjsDatasetTest {

    /** One job, one schedulable stage: every action (0, 0) is valid. */
    static Observation tiny(int t) {
        return new Observation(new int[] {0}, new int[] {0, 1}, new int[] {5}, new float[] {100f}, new boolean[] {true},
                new int[0], new int[0], 1, 1, new int[] {0}, 1, t);
    }

    static ExperiencePool pool(double[] rewards, boolean[] dones, int episodes) {
        List<Transition> t = new ArrayList<>();
        for (int i = 0; i < rewards.length; i++) {
            t.add(new Transition(tiny(i), 0, 0, rewards[i], dones[i]));
        }
        return new ExperiencePool(SimConfig.of(1, 5), 1, episodes, t);
    }

    @Test
    void rewardsNormaliseOverThePoolAndReturnsRestartPerEpisode() {
        // two episodes: rewards −100, 0, −50 | −200, 0 ⇒ r_min −200, r_max 0, r' = (r + 200)/200
        ExperiencePool p = pool(new double[] {-100, 0, -50, -200, 0}, new boolean[] {false, false, true, false, true}, 2);
        CjsDataset ds = CjsDataset.of(p, 2, 2);
        // r' = 0.5, 1, 0.75 | 0, 1; returns-to-go (γ = 1) / 1000
        assertArrayEquals(new double[] {2.25e-3, 1.75e-3, 0.75e-3, 1e-3, 1e-3}, ds.returns(), 1e-15);
        assertArrayEquals(new int[] {0, 1, 2, 0, 1}, ds.timesteps());
        assertEquals(-200, ds.stats().minReward());
        assertEquals(0, ds.stats().maxReward());
        assertEquals(2.25e-3, ds.stats().maxReturn(), 1e-15);
        assertEquals(2, ds.stats().maxTimestep());
        // windows of 2 with stride 2: starts 0, 2 (4 would run past the end)
        assertArrayEquals(new int[] {0, 2}, ds.windowStarts());
        // inference-side processing of a reward: clamp, normalise, scale (§5.7 step 5)
        assertEquals(0.5e-3, ds.stats().process(-100), 1e-15);
        assertEquals(0, ds.stats().process(-1e9), 0, "clamped to r_min");
    }

    @Test
    void constantRewardsAreRefused() {
        ExperiencePool p = pool(new double[] {0, 0, 0}, new boolean[] {false, false, true}, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CjsDataset.of(p, 2, 2));
        assertTrue(e.getMessage().contains("every reward"), e.getMessage());
    }

    @Test
    void poolFileRoundTripsAndBadFilesAreNamed(@TempDir Path dir) throws IOException {
        ExperiencePool p = pool(new double[] {-1, -2, 0}, new boolean[] {false, false, true}, 1);
        Path f = dir.resolve("pool.gz");
        p.write(f);
        ExperiencePool back = ExperiencePool.read(f);
        assertEquals(3, back.transitions().size());
        assertEquals(-2, back.transitions().get(1).reward());
        assertTrue(back.transitions().get(2).done());
        assertArrayEquals(p.transitions().get(1).observation().remainingTasks(), back.transitions().get(1).observation().remainingTasks());

        Path notGzip = dir.resolve("plain");
        Files.writeString(notGzip, "hello");
        assertTrue(assertThrows(IOException.class, () -> ExperiencePool.read(notGzip)).getMessage().contains("not a gzip"));

        Path wrongFormat = dir.resolve("wrong.gz");
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(wrongFormat)))) {
            out.writeUTF("netllm-cjs-pool/0");
        }
        assertTrue(assertThrows(IOException.class, () -> ExperiencePool.read(wrongFormat)).getMessage().contains("is not netllm-cjs-pool/1"));

        byte[] whole = Files.readAllBytes(f);
        Path truncated = dir.resolve("cut.gz");
        try (var out = new GZIPOutputStream(Files.newOutputStream(truncated))) {
            out.write(ungzip(whole), 0, ungzip(whole).length - 9);
        }
        assertTrue(assertThrows(IOException.class, () -> ExperiencePool.read(truncated)).getMessage().contains("truncated"));

        // a stage index outside the schedulable stages is named with its transition
        ExperiencePool bad = new ExperiencePool(SimConfig.of(1, 5), 1, 1, List.of(new Transition(tiny(0), 3, 0, -1, true)));
        Path badFile = dir.resolve("bad.gz");
        bad.write(badFile);
        String msg = assertThrows(IOException.class, () -> ExperiencePool.read(badFile)).getMessage();
        assertTrue(msg.contains("transition 0") && msg.contains("stage_idx 3"), msg);
    }

    private static byte[] ungzip(byte[] gz) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}

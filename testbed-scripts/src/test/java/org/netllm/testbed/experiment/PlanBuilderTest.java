package org.netllm.testbed.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanBuilderTest {

    static Path repo(Path root, int fcc, int norway) throws Exception {
        for (int i = 0; i < fcc; i++) {
            Files.createDirectories(root.resolve("traces/fcc-real"));
            Files.writeString(root.resolve("traces/fcc-real/f" + String.format("%03d", i)), "0\n1\n");
        }
        for (int i = 0; i < norway; i++) {
            Files.createDirectories(root.resolve("traces/norway-real"));
            Files.writeString(root.resolve("traces/norway-real/n" + String.format("%03d", i)), "0\n1\n");
        }
        return root;
    }

    static ExperimentConfig config(List<String> algs, int sample, long seed, int repeats) {
        return new ExperimentConfig(algs, List.of("traces/fcc-real", "traces/norway-real"), sample, seed, repeats, "envivio",
                4.3, ExperimentConfig.Emulator.BUILTIN, ExperimentConfig.DEFAULT_MAX_ATTEMPTS);
    }

    @Test
    void matrixIsAlgorithmsTimesSampledTracesTimesRepeats(@TempDir Path root) throws Exception {
        ExperimentPlan plan = new PlanBuilder(repo(root, 30, 20)).build(config(List.of("bba", "robustmpc"), 5, 1, 2));
        assertEquals(2 * (5 + 5) * 2, plan.sessions().size());
        assertEquals(30, plan.sampled().get(0).available());
        assertEquals(5, plan.sampled().get(1).tracePaths().size());
        assertEquals(plan.sessions().size(), new HashSet<>(plan.sessions().stream().map(SessionSpec::key).toList()).size());
        assertTrue(plan.sessions().get(0).tracePath().startsWith("traces/fcc-real/f"));
        assertEquals("bba/fcc-real/" + plan.sessions().get(0).traceName() + "/r0", plan.sessions().get(0).key());
        assertEquals(Path.of("x/sessions/bba/fcc-real").resolve(plan.sessions().get(0).traceName()).resolve("r0"),
                plan.sessions().get(0).resultDir(Path.of("x")));
    }

    @Test
    void samplingIsSeededAndWithoutReplacement(@TempDir Path root) throws Exception {
        PlanBuilder b = new PlanBuilder(repo(root, 100, 100));
        List<String> a = b.build(config(List.of("bba"), 10, 7, 1)).sampled().get(0).tracePaths();
        assertEquals(a, b.build(config(List.of("bba"), 10, 7, 1)).sampled().get(0).tracePaths());
        assertNotEquals(a, b.build(config(List.of("bba"), 10, 8, 1)).sampled().get(0).tracePaths());
        assertEquals(10, new HashSet<>(a).size());
        // asking for more than the set holds takes the whole set
        assertEquals(100, b.build(config(List.of("bba"), 500, 7, 1)).sampled().get(1).tracePaths().size());
    }

    @Test
    void badInputIsNamed(@TempDir Path root) throws Exception {
        PlanBuilder b = new PlanBuilder(repo(root, 1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.build(config(List.of("bba"), 1, 1, 1)));
        assertTrue(e.getMessage().contains("traces/norway-real"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> config(List.of(), 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> config(List.of("bba"), 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ExperimentConfig.Emulator.parse("ns3"));
    }
}

package org.netllm.testbed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.netllm.adapt.train.DtTrainer;
import picocli.CommandLine;

/**
 * The build-default recipe is epoch-bound: when the --time-budget safety cap stops training early
 * the command must not pack a model and must exit with status 3. Runs the real pipeline (TinyLlama,
 * Pensieve pool, DD-LRNA, simulator validation) on a few traces so the 1 s cap is certainly hit.
 */
class NetllmBuildDefaultCommandTest {

    private static void copyFirst(Path from, Path to, int n) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.sorted().limit(n).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void recipeIsPensieveTwoEpisodesThirtyEpochs() {
        assertEquals(List.of("pensieve"), NetllmBuildDefaultCommand.POLICIES);
        assertEquals(2, NetllmBuildDefaultCommand.EPISODES_PER_TRACE);
        assertEquals(30, NetllmBuildDefaultCommand.EPOCHS);
        assertEquals(2e-4, NetllmBuildDefaultCommand.LR);
    }

    @Test
    void hittingTheTimeCapExitsThreeAndPacksNothing(@TempDir Path tmp) throws IOException {
        Path root = Path.of(System.getProperty("testbed.root", ".."));
        Path train = tmp.resolve("train");
        Path valid = tmp.resolve("valid");
        copyFirst(root.resolve("traces/fcc/train"), train, 3);
        copyFirst(root.resolve("traces/fcc/valid"), valid, 2);
        Path out = tmp.resolve("bd");
        int rc = new CommandLine(new Main()).execute("netllm", "build-default", "--out", out.toString(),
                "--traces", train.toString(), "--valid-traces", valid.toString(), "--threads", "1",
                "--time-budget", "1s");
        assertEquals(NetllmBuildDefaultCommand.EXIT_INCOMPLETE, rc);
        assertFalse(Files.exists(out.resolve("model")), "an incomplete run must not be packed");
        assertTrue(Files.isDirectory(out.resolve("run").resolve(DtTrainer.BEST_DIR)),
                "the best checkpoint so far stays available in run/best");
    }
}

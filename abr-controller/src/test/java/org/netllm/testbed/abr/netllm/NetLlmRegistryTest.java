package org.netllm.testbed.abr.netllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.abr.algo.AbrAlgorithmFactory;
import org.netllm.testbed.abr.algo.AbrAlgorithms;
import org.netllm.testbed.abr.algo.StandardAlgorithms;
import org.netllm.testbed.abr.qoe.ChunkRecord;
import org.netllm.testbed.abr.qoe.QoeParams;
import org.netllm.testbed.abr.qoe.SessionRecord;
import org.netllm.testbed.abr.sim.SimConstants;
import org.netllm.testbed.abr.sim.SimulationRunner;
import org.netllm.testbed.abr.sim.SimulationSettings;
import org.netllm.testbed.abr.sim.TracePlan;
import org.netllm.testbed.abr.testing.Fixtures;
import org.netllm.testbed.netllm.serve.ModelService;
import org.netllm.testbed.traces.CookedTrace;

/**
 * "netllm" loads the embedded model once per model service and plays in the simulator; "netllm:PATH" errors name
 * the path; the server's registry knows only the folders it was given.
 */
class NetLlmRegistryTest {

    @TempDir
    Path dir;

    @Test
    void embeddedModelDecidesInTheSimulator() throws java.io.IOException {
        try (ModelService service = ModelService.forThisMachine()) {
            NetLlmModels models = new NetLlmModels(service);
            AbrAlgorithms registry = StandardAlgorithms.registry(models);
            AbrAlgorithmFactory f = registry.factory("netllm");
            assertSame(f, StandardAlgorithms.registry(models).factory("NetLLM"), "one lazily loaded model per service");
            Path root = Path.of(System.getProperty("testbed.root", "."));
            List<CookedTrace> traces = org.netllm.testbed.traces.TraceSet.open(root.resolve("traces/fcc/test")).readCooked().subList(0, 2);
            int[] ptrs = org.netllm.testbed.traces.StartPointers.read(root.resolve("traces/fcc/test_mahimahi_ptrs.json")).forTraces(
                    org.netllm.testbed.traces.TraceSet.open(root.resolve("traces/fcc/test")).readCooked());
            TracePlan plan = new TracePlan(traces, new int[] {ptrs[0], ptrs[1]}, new int[] {0, 1});
            SimulationRunner runner = new SimulationRunner(new SimulationSettings(Fixtures.video1(), QoeParams.NETLLM, true,
                    SimConstants.TOTAL_VIDEO_CHUNKS, SimConstants.REFERENCE_ENV_SEED, true, 1));
            SessionRecord s = runner.runSession(f, plan, 0);
            assertEquals(SimConstants.TOTAL_VIDEO_CHUNKS, s.chunks().size());
            assertTrue(Double.isFinite(s.qoe().qoeMean()));
            assertTrue(s.chunks().stream().mapToInt(ChunkRecord::quality).distinct().count() >= 1);
            // a second session (same shared model) repeats the first exactly: per-session state only
            assertEquals(s.chunks(), runner.runSession(f, plan, 0).chunks());
            assertEquals(1, service.loader().loadedBackbones(), "the backbone is loaded once");
        }
    }

    @Test
    void userModelPathErrorsNameTheFolder() {
        try (ModelService service = ModelService.forThisMachine()) {
            AbrAlgorithms registry = StandardAlgorithms.registry(new NetLlmModels(service));
            Path missing = dir.resolve("no-model");
            AbrAlgorithmFactory f = registry.factory("netllm:" + missing);
            RuntimeException e = assertThrows(RuntimeException.class, () -> f.create(Fixtures.context(48, true)));
            assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
            assertTrue(registry.contains("netllm:/any/path"));
        }
    }

    /** issue 11: a request naming "netllm:/etc" must not make the server open that folder. */
    @Test
    void serverRegistryKnowsOnlyItsStartUpFolders() {
        try (ModelService service = ModelService.forThisMachine()) {
            Path given = dir.resolve("given-model");
            AbrAlgorithms registry = StandardAlgorithms.forServer(new NetLlmModels(service), List.of("netllm:" + given));
            assertTrue(registry.contains("netllm"));
            assertTrue(registry.contains("netllm:" + given));
            assertFalse(registry.contains("netllm:/etc"));
            assertThrows(IllegalArgumentException.class, () -> registry.factory("netllm:/etc"));
            assertThrows(IllegalArgumentException.class, () -> registry.factory("netllm:" + given + "/../given-model"));
        }
    }
}

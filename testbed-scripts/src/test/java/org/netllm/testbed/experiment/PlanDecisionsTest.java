package org.netllm.testbed.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** plan.json's "decisions": written, read back, old plans read as bypass, a resume with the other path refused. */
class PlanDecisionsTest {

    private final ObjectMapper json = new ObjectMapper();

    private ExperimentPlan plan(Path root, ExperimentConfig.Emulator emulator) throws Exception {
        PlanBuilderTest.repo(root, 3, 3);
        ExperimentConfig c = new ExperimentConfig(List.of("bba"), List.of("traces/fcc-real", "traces/norway-real"), 2, 1, 1,
                "envivio", 4.3, emulator, ExperimentConfig.DEFAULT_MAX_ATTEMPTS);
        return new PlanBuilder(root).build(c);
    }

    @Test
    void writtenAndReadBack(@TempDir Path root) throws Exception {
        ExperimentPlan p = plan(root, ExperimentConfig.Emulator.MAHIMAHI).withDecisions(DecisionPath.CROSS_LINK);
        Path exp = root.resolve("exp");
        assertFalse(new PlanStore(json).writeOrVerify(exp, p));
        assertEquals("cross-link", json.readTree(exp.resolve(PlanStore.FILE).toFile()).get("decisions").asText());
        assertEquals(p, new PlanStore(json).read(exp.resolve(PlanStore.FILE)));
        assertTrue(new PlanStore(json).writeOrVerify(exp, p), "same plan resumes");
    }

    @Test
    void resumeWithTheOtherPathIsRefused(@TempDir Path root) throws Exception {
        ExperimentPlan bypass = plan(root, ExperimentConfig.Emulator.MAHIMAHI);
        assertEquals(DecisionPath.BYPASS, bypass.decisions(), "GENET's bypass is the default");
        Path exp = root.resolve("exp");
        new PlanStore(json).writeOrVerify(exp, bypass);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PlanStore(json).writeOrVerify(exp, bypass.withDecisions(DecisionPath.CROSS_LINK)));
        assertTrue(e.getMessage().contains("\"bypass\"") && e.getMessage().contains("\"cross-link\""), e.getMessage());
    }

    @Test
    void planWithoutTheFieldReadsAsBypass(@TempDir Path root) throws Exception {
        ExperimentPlan p = plan(root, ExperimentConfig.Emulator.BUILTIN);
        ObjectNode old = json.valueToTree(p);
        old.remove("decisions");
        Path file = Files.createDirectories(root.resolve("exp")).resolve(PlanStore.FILE);
        json.writeValue(file.toFile(), old);
        assertEquals(DecisionPath.BYPASS, new PlanStore(json).read(file).decisions());
        assertTrue(new PlanStore(json).writeOrVerify(root.resolve("exp"), p));
    }

    @Test
    void crossLinkNeedsMahimahiAndBadValuesAreNamed(@TempDir Path root) throws Exception {
        ExperimentPlan builtin = plan(root, ExperimentConfig.Emulator.BUILTIN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builtin.withDecisions(DecisionPath.CROSS_LINK));
        assertTrue(e.getMessage().contains("mahimahi"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DecisionPath.parse("sideways"));
    }
}

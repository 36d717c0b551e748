package org.netllm.testbed.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * plan.json in the experiment folder. A resumed run must continue the same plan: if plan.json
 * exists and differs from the one the flags produce, that is an error rather than a silent mix of
 * two experiments in one folder.
 */
public final class PlanStore {

    public static final String FILE = "plan.json";

    private final ObjectMapper json;

    public PlanStore(ObjectMapper json) {
        this.json = json;
    }

    /** Writes the plan, or checks it against the stored one; returns true when resuming. */
    public boolean writeOrVerify(Path experimentDir, ExperimentPlan plan) {
        Path file = experimentDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                ExperimentPlan stored = read(file);
                if (stored.decisions() != plan.decisions()) {
                    throw new IllegalArgumentException(file + ": this experiment's decisions went \"" + stored.decisions().id()
                            + "\", this run would send them \"" + plan.decisions().id() + "\"; resuming would mix both in one "
                            + "result table. Use the same flags (--decisions-cross-link or not) or a new --out folder");
                }
                if (stored.withModels(plan.models()).equals(plan) && !stored.equals(plan)) {
                    throw new IllegalArgumentException(file + ": the model behind " + String.join(", ", stored.modelChanges(plan))
                            + " changed since this experiment started; resuming would mix two models in one result "
                            + "table. Restore the model or use a new --out folder");
                }
                if (!stored.equals(plan)) {
                    throw new IllegalArgumentException(file + " holds a different experiment (algorithms, traces, "
                            + "sample, seed, repeats, video, λ or emulator differ); use a new --out folder");
                }
                return true;
            }
            ResultFiles.writeAtomically(file, plan, json);
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public ExperimentPlan read(Path file) {
        try {
            return json.readValue(file.toFile(), ExperimentPlan.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a valid plan: " + e.getMessage(), e);
        }
    }
}

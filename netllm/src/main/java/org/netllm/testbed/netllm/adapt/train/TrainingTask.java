package org.netllm.testbed.netllm.adapt.train;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What a task contributes to {@link DtTrainer}: batches from its experience pool, the inference
 * checkpoint writer, and validation of a saved checkpoint in the task's own environment.
 */
public interface TrainingTask<O> {

    /** Windows of w transitions starting at these pool indices, flattened window-major. */
    DtWindowForward.Batch<O> batch(int[] starts);

    /** Writes the current model as an inference checkpoint folder. */
    void saveModel(Path dir) throws IOException;

    /**
     * Scores the checkpoint in {@code dir} on the validation set (higher is better), loading it the
     * way deployment does.
     */
    double validate(Path dir) throws IOException;
}

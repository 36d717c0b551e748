package org.netllm.testbed.abr.netllm.train;

import java.nio.file.Path;
import org.netllm.testbed.netllm.adapt.train.TrainingConfig;
import org.netllm.testbed.netllm.lora.LoraConfig;

/**
 * Everything an ABR DD-LRNA run needs besides the optimiser settings.
 *
 * @param backbone        Hugging Face Llama folder (frozen)
 * @param pool            experience pool file
 * @param out             run folder (see {@code DtTrainer})
 * @param lora            LoRA rank / α / dropout / target modules (NetLLM: q_proj, v_proj)
 * @param featureDim      F, state feature dim
 * @param whichLayer      early exit (−1 = all layers)
 * @param validTraces     validation trace folder (never the test set, docs/reference/abr.md §10.9)
 * @param validTraceNum   first N validation traces (0 = all)
 * @param video           video name for validation sessions
 * @param validThreads    simulator threads for validation
 * @param training        optimiser settings
 */
public record AbrTrainingSettings(Path backbone, Path pool, Path out, LoraConfig lora, int featureDim, int whichLayer,
        Path validTraces, int validTraceNum, String video, int validThreads, TrainingConfig training) {
}

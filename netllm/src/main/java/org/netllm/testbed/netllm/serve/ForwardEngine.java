package org.netllm.testbed.netllm.serve;

/**
 * Which implementation runs a task's inference forwards on the model service (docs/reference/vp.md "serving
 * engine"). DJL ({@code LlamaBackbone}) is always the training path and the reference.
 */
public enum ForwardEngine {
    /** DJL PyTorch: batched tensor ops; on a GPU, or for backbones too large for the heap copy. */
    DJL,
    /**
     * The plain-Java float32 forward with a KV cache ({@code JavaLlama}) where the backbone fits
     * ({@code JavaLlama.fits}), else DJL: for small backbones per-op DJL overhead dominates the arithmetic.
     */
    PLAIN_JAVA_WHEN_SMALL
}

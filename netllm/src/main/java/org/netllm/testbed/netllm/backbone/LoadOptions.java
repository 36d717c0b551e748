package org.netllm.testbed.netllm.backbone;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.types.DataType;

/**
 * Where and in which precision the backbone's weights live. Default: the first GPU when DJL sees
 * one through a CUDA build of libtorch, else the CPU, always float32 (the NetLLM reference loads Llama in fp32, docs/reference/abr.md §7.3).
 * float16 keeps fp16 checkpoints compact on a GPU. bfloat16 is refused: DJL's PyTorch CPU build
 * aborts the JVM on bf16 casts, so bf16 checkpoints are widened to fp32 on the Java side.
 */
public record LoadOptions(Device device, DataType dtype) {

    public LoadOptions {
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16) {
            throw new IllegalArgumentException("backbone dtype must be float32 or float16, got " + dtype);
        }
    }

    /** GPU 0 if the engine reports a GPU, else CPU; float32. */
    public static LoadOptions defaults() {
        return new LoadOptions(defaultDevice(), DataType.FLOAT32);
    }

    /**
     * GPU 0 only when a GPU is visible AND the loaded libtorch was built with CUDA: the project ships
     * pytorch-native-cpu, which would fail on a GPU device even on a machine that has one.
     */
    public static Device defaultDevice() {
        Engine engine = Engine.getInstance();
        boolean cuda = engine.hasCapability(StandardCapabilities.CUDA) && engine.getGpuCount() > 0;
        return cuda ? Device.gpu() : Device.cpu();
    }

    public LoadOptions withDtype(DataType t) {
        return new LoadOptions(device, t);
    }
}

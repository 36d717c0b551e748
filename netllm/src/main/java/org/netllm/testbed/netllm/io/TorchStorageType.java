package org.netllm.testbed.netllm.io;

import java.util.Arrays;
import java.util.Optional;

/**
 * The legacy typed-storage classes a PyTorch pickle names in each storage's persistent id
 * ({@code torch.FloatStorage} ...), with their element width. Only floating-point storages are
 * read: every NetLLM checkpoint tensor is a float parameter.
 */
public enum TorchStorageType {
    FLOAT("FloatStorage", 4),
    HALF("HalfStorage", 2),
    BFLOAT16("BFloat16Storage", 2),
    DOUBLE("DoubleStorage", 8);

    public final String className;
    public final int bytes;

    TorchStorageType(String className, int bytes) {
        this.className = className;
        this.bytes = bytes;
    }

    public static Optional<TorchStorageType> byClassName(String name) {
        return Arrays.stream(values()).filter(t -> t.className.equals(name)).findFirst();
    }
}

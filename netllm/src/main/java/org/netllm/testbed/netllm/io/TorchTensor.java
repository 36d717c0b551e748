package org.netllm.testbed.netllm.io;

import java.util.Arrays;

/**
 * One tensor of a PyTorch state dict, materialised as a contiguous row-major float32 array
 * (whatever the storage dtype, strides and offset were on disk).
 *
 * @param name       state-dict key
 * @param storageType the storage class it came from, e.g. "FloatStorage", "HalfStorage"
 * @param shape      tensor size
 * @param values     row-major values, length = product of shape
 */
public record TorchTensor(String name, String storageType, long[] shape, float[] values) {

    public TorchTensor {
        if (numel(shape) != values.length) {
            throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape)
                    + " needs " + numel(shape) + " values, got " + values.length);
        }
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public boolean hasShape(long... expected) {
        return Arrays.equals(shape, expected);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + " (" + storageType + ")";
    }
}

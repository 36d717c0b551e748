package org.netllm.testbed.netllm.adapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.netllm.testbed.netllm.io.Safetensors;
import org.netllm.testbed.netllm.io.TorchTensor;

/**
 * Host-side float32 tensors by name with the file they came from, so that every lookup error names
 * file, key, expected and actual shape. Adapter modules are small (MBs), so they live on the heap
 * until {@link #load} copies them to the backbone's device.
 */
public final class NamedWeights {

    /** One tensor: shape and row-major values. */
    public record Entry(long[] shape, float[] values) {
    }

    private final String source;
    private final Map<String, Entry> entries;

    public NamedWeights(String source, Map<String, Entry> entries) {
        this.source = source;
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public static NamedWeights fromTorch(Path file, Map<String, TorchTensor> tensors) {
        Map<String, Entry> m = new LinkedHashMap<>();
        tensors.forEach((k, t) -> m.put(k, new Entry(t.shape(), t.values())));
        return new NamedWeights(file.toString(), m);
    }

    public static NamedWeights fromSafetensors(Path file) throws IOException {
        Map<String, Entry> m = new LinkedHashMap<>();
        try (Safetensors st = Safetensors.open(file)) {
            for (Safetensors.TensorEntry e : st.tensors().values()) {
                m.put(e.name(), new Entry(e.shape(), e.toFloatArray()));
            }
        }
        return new NamedWeights(file.toString(), m);
    }

    public String source() {
        return source;
    }

    public Set<String> names() {
        return entries.keySet();
    }

    public boolean has(String name) {
        return entries.containsKey(name);
    }

    /** The tensor's shape, or an error naming the missing key. */
    public long[] shape(String name) throws CheckpointException {
        return entry(name).shape();
    }

    /** The values of {@code name}, checking its shape. */
    public float[] require(String name, long... expectedShape) throws CheckpointException {
        Entry e = entry(name);
        if (!Arrays.equals(e.shape(), expectedShape)) {
            throw new CheckpointException(source + ": tensor '" + name + "' has shape " + Arrays.toString(e.shape())
                    + ", expected " + Arrays.toString(expectedShape));
        }
        return e.values();
    }

    /** Copies {@code name} (shape-checked) into an NDArray owned by {@code manager}. */
    public NDArray load(NDManager manager, String name, long... expectedShape) throws CheckpointException {
        float[] v = require(name, expectedShape);
        return manager.create(v, new Shape(expectedShape));
    }

    private Entry entry(String name) throws CheckpointException {
        Entry e = entries.get(name);
        if (e == null) {
            throw new CheckpointException(source + ": no tensor named '" + name + "'");
        }
        return e;
    }

    /** Writes all tensors as F32 safetensors, in insertion order. */
    public void writeSafetensors(Path file, Map<String, String> metadata) throws IOException {
        List<Safetensors.F32Tensor> list = new ArrayList<>();
        entries.forEach((k, e) -> list.add(new Safetensors.F32Tensor(k, e.shape(), e.values())));
        Safetensors.writeF32(file, list, metadata);
    }
}

package org.netllm.testbed.netllm.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.Map;
import org.netllm.testbed.netllm.io.Safetensors;
import org.netllm.testbed.netllm.io.SafetensorsFormatException;

/**
 * Moves checkpoint tensors from the memory map into NDArrays on the target device, one tensor at a
 * time: F32/F16 bytes are handed to the engine straight from the mapping (no Java-heap copy) and
 * cloned into engine-owned memory; BF16 is widened to F32 in an off-heap buffer first, because DJL's
 * CPU build cannot cast bf16.
 */
final class WeightLoader {

    private final HfCheckpoint checkpoint;
    private final NDManager target;
    private final LoadOptions options;

    WeightLoader(HfCheckpoint checkpoint, NDManager target, LoadOptions options) {
        this.checkpoint = checkpoint;
        this.target = target;
        this.options = options;
    }

    /** Loads {@code name} (LlamaModel-relative), checking its shape; owned by the target manager. */
    NDArray load(String name, long... shape) throws SafetensorsFormatException {
        Safetensors.TensorEntry t = checkpoint.require(name, shape);
        try (NDManager tmp = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            NDArray raw = switch (t.dtype()) {
                case F32 -> tmp.create(t.data(), new Shape(shape), DataType.FLOAT32);
                case F16 -> tmp.create(t.data(), new Shape(shape), DataType.FLOAT16);
                case BF16 -> tmp.create(widenBf16(t), new Shape(shape), DataType.FLOAT32);
                default -> throw new SafetensorsFormatException(checkpoint.fileOf(name) + ": tensor '" + name
                        + "' has unsupported dtype " + t.dtype());
            };
            // duplicate() is a real clone: the weight must own its memory and never alias the mapping,
            // which is unmapped once the file is closed (DJL's toDevice/toType with copy=true still alias
            // when device and dtype already match)
            NDArray owned = raw.duplicate();
            NDArray typed = owned.toDevice(options.device(), false).toType(options.dtype(), false);
            typed.attach(target);
            return typed;
        }
    }

    /** Loads weight (out, in) and, when the config says so, bias (out). */
    LinearWeights linear(int layer, LinearModule m, LlamaConfig c) throws SafetensorsFormatException {
        String path = m.path(layer);
        NDArray w = load(path + ".weight", m.outFeatures(c), m.inFeatures(c));
        NDArray b = m.hasBias(c) ? load(path + ".bias", m.outFeatures(c)) : null;
        return new LinearWeights(w, b);
    }

    DecoderLayerWeights layer(int i, LlamaConfig c) throws SafetensorsFormatException {
        Map<LinearModule, LinearWeights> linears = new EnumMap<>(LinearModule.class);
        for (LinearModule m : LinearModule.values()) {
            linears.put(m, linear(i, m, c));
        }
        NDArray in = load("layers." + i + ".input_layernorm.weight", c.hiddenSize());
        NDArray post = load("layers." + i + ".post_attention_layernorm.weight", c.hiddenSize());
        return new DecoderLayerWeights(in, post, linears);
    }

    /** bf16 → f32 is a 16-bit left shift; done off-heap so large tensors never touch the Java heap. */
    private static ByteBuffer widenBf16(Safetensors.TensorEntry t) {
        long n = t.numel();
        ByteBuffer src = t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer dst = ByteBuffer.allocateDirect(Math.toIntExact(n * Float.BYTES)).order(ByteOrder.nativeOrder());
        for (int i = 0; i < n; i++) {
            dst.putInt(i * Float.BYTES, (src.getShort(i * 2) & 0xffff) << 16);
        }
        return dst;
    }
}

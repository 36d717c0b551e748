package org.netllm.testbed.netllm.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reader and writer for the safetensors format: 8-byte little-endian header length N, N bytes of
 * JSON ({name: {dtype, shape, data_offsets: [begin, end]}}, optional __metadata__), then raw
 * little-endian tensor data; offsets are relative to the end of the header
 * (docs/reference/llama.md). The file is memory-mapped, so a 7B checkpoint is never copied onto the
 * Java heap: {@link TensorEntry#data()} is a read-only slice of the mapping.
 */
public final class Safetensors implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Refuse absurd headers before allocating (real headers are KBs to a few MB). */
    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** Element types we read; names as in the safetensors header. */
    public enum DType {
        F32(4), F16(2), BF16(2), F64(8), I64(8), I32(4);

        public final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }
    }

    /** One tensor: dtype, shape and a little-endian view of its bytes. */
    public record TensorEntry(String name, DType dtype, long[] shape, ByteBuffer data) {

        public long numel() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        /** Converts to float32 (F16/BF16/F64 widened or narrowed); copies onto the heap. */
        public float[] toFloatArray() {
            long n = numel();
            if (n > Integer.MAX_VALUE) {
                throw new IllegalStateException("tensor " + name + " too large for a Java array: " + n);
            }
            float[] out = new float[(int) n];
            ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            switch (dtype) {
                case F32 -> b.asFloatBuffer().get(out);
                case F16 -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = halfToFloat(b.getShort(i * 2));
                    }
                }
                case BF16 -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16);
                    }
                }
                case F64 -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = (float) b.getDouble(i * 8);
                    }
                }
                default -> throw new IllegalStateException("tensor " + name + ": dtype " + dtype + " is not floating point");
            }
            return out;
        }
    }

    /** IEEE 754 binary16 → binary32 (Float.float16ToFloat is Java 20+). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal half: value = mant · 2^-24
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private final Path path;
    private final FileChannel channel;
    private final Map<String, TensorEntry> tensors;
    private final Map<String, String> metadata;

    private Safetensors(Path path, FileChannel channel, Map<String, TensorEntry> tensors, Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Opens and validates a file; every error names the file and the offending tensor. */
    public static Safetensors open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long fileSize = ch.size();
            if (fileSize < 8) {
                throw new SafetensorsFormatException(path + ": file is " + fileSize + " bytes, too short for a safetensors header");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.getLong(0);
            if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES || 8 + headerLen > fileSize) {
                throw new SafetensorsFormatException(path + ": header length " + headerLen
                        + " is invalid for a file of " + fileSize + " bytes");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, 8);
            JsonNode header;
            try {
                header = JSON.readTree(new String(headerBuf.array(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new SafetensorsFormatException(path + ": header is not valid JSON: " + e.getMessage());
            }
            if (header == null || !header.isObject()) {
                throw new SafetensorsFormatException(path + ": header is not a JSON object");
            }
            long dataStart = 8 + headerLen;
            long dataLen = fileSize - dataStart;
            MappedByteBuffer mapped = dataLen > 0
                    ? ch.map(FileChannel.MapMode.READ_ONLY, dataStart, dataLen) : null;
            Map<String, TensorEntry> tensors = new LinkedHashMap<>();
            Map<String, String> meta = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    e.getValue().fields().forEachRemaining(m -> meta.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                tensors.put(e.getKey(), parseEntry(path, e.getKey(), e.getValue(), mapped, dataLen));
            }
            return new Safetensors(path, ch, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(meta));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static TensorEntry parseEntry(Path path, String name, JsonNode node, ByteBuffer mapped, long dataLen)
            throws SafetensorsFormatException {
        String where = path + ": tensor '" + name + "'";
        DType dtype;
        try {
            dtype = DType.valueOf(node.path("dtype").asText());
        } catch (IllegalArgumentException ex) {
            throw new SafetensorsFormatException(where + ": unsupported dtype '" + node.path("dtype").asText() + "'");
        }
        JsonNode shapeNode = node.path("shape");
        JsonNode offsets = node.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new SafetensorsFormatException(where + ": missing shape or data_offsets");
        }
        long[] shape = new long[shapeNode.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw new SafetensorsFormatException(where + ": negative dimension in shape");
            }
            numel *= shape[i];
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataLen) {
            throw new SafetensorsFormatException(where + ": data_offsets [" + begin + ", " + end
                    + "] outside the " + dataLen + "-byte data section");
        }
        if (end - begin != numel * dtype.bytes) {
            throw new SafetensorsFormatException(where + ": " + (end - begin) + " bytes for shape "
                    + java.util.Arrays.toString(shape) + " of " + dtype + " (expected " + numel * dtype.bytes + ")");
        }
        if (end - begin > Integer.MAX_VALUE) {
            throw new SafetensorsFormatException(where + ": tensors over 2 GiB are not supported");
        }
        ByteBuffer slice = mapped == null ? ByteBuffer.allocate(0)
                : mapped.slice((int) begin, (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer()
                        .order(ByteOrder.LITTLE_ENDIAN);
        return new TensorEntry(name, dtype, shape, slice);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    public Path path() {
        return path;
    }

    public Map<String, TensorEntry> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor, or an exception naming the file and the missing key. */
    public TensorEntry get(String name) throws SafetensorsFormatException {
        TensorEntry t = tensors.get(name);
        if (t == null) {
            throw new SafetensorsFormatException(path + ": no tensor named '" + name + "'");
        }
        return t;
    }

    /** The tensor as float32, checking its shape. */
    public float[] floats(String name, long... expectedShape) throws SafetensorsFormatException {
        TensorEntry t = get(name);
        if (expectedShape.length > 0 && !java.util.Arrays.equals(t.shape(), expectedShape)) {
            throw new SafetensorsFormatException(path + ": tensor '" + name + "' has shape "
                    + java.util.Arrays.toString(t.shape()) + ", expected " + java.util.Arrays.toString(expectedShape));
        }
        return t.toFloatArray();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A float32 tensor to write. */
    public record F32Tensor(String name, long[] shape, float[] values) {
    }

    /** Writes float32 tensors (in the given order) with optional metadata. */
    public static void writeF32(Path path, Iterable<F32Tensor> tensors, Map<String, String> metadata) throws IOException {
        java.util.List<Tensor> typed = new java.util.ArrayList<>();
        for (F32Tensor t : tensors) {
            typed.add(new Tensor(t.name(), DType.F32, t.shape(), t.values()));
        }
        write(path, typed, metadata);
    }

    /**
     * A tensor to write: float values stored as {@code dtype} (F32, F16 or BF16; narrowing rounds to
     * nearest even, as torch does).
     */
    public record Tensor(String name, DType dtype, long[] shape, float[] values) {
        public Tensor {
            if (dtype != DType.F32 && dtype != DType.F16 && dtype != DType.BF16) {
                throw new IllegalArgumentException("tensor " + name + ": cannot write dtype " + dtype);
            }
        }
    }

    /** IEEE 754 binary32 → binary16, round to nearest even (Float.floatToFloat16 is Java 20+). */
    static short floatToHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) { // inf / NaN (keep NaN quiet and non-zero)
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            // subnormal half: shift the implicit-1 mantissa right, rounding to nearest even
            int m = mant | 0x800000;
            int shift = 14 - e;
            int half = m >>> shift;
            int rem = m & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
            half++; // may carry into the exponent, which is the correct rounding (up to inf)
        }
        return (short) (sign | half);
    }

    /** binary32 → bfloat16, round to nearest even (NaN kept NaN). */
    static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7fffffff) > 0x7f800000) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /**
     * Writes tensors (in the given order) with optional metadata; the file appears atomically.
     * Metadata keys are written sorted: callers pass {@code Map.of(...)}, whose iteration order
     * changes from one JVM to the next, and identical training must give byte-identical files.
     */
    public static void write(Path path, Iterable<Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode m = header.putObject("__metadata__");
            new java.util.TreeMap<>(metadata).forEach(m::put);
        }
        long offset = 0;
        for (Tensor t : tensors) {
            long numel = 1;
            for (long d : t.shape()) {
                numel *= d;
            }
            if (numel != t.values().length) {
                throw new IllegalArgumentException("tensor " + t.name() + ": shape has " + numel
                        + " elements but " + t.values().length + " values were given");
            }
            ObjectNode e = header.putObject(t.name());
            e.put("dtype", t.dtype().name());
            var shape = e.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            var offs = e.putArray("data_offsets");
            offs.add(offset);
            offset += numel * t.dtype().bytes;
            offs.add(offset);
        }
        byte[] headerBytes = JSON.writeValueAsBytes(header);
        // pad the header with spaces to an 8-byte boundary, as the reference writer does
        int padded = (headerBytes.length + 7) / 8 * 8;
        byte[] h = java.util.Arrays.copyOf(headerBytes, padded);
        java.util.Arrays.fill(h, headerBytes.length, padded, (byte) ' ');
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, padded);
            out.write(len.array());
            out.write(h);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors) {
                for (float v : t.values()) {
                    if (buf.remaining() < t.dtype().bytes) {
                        out.write(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                    switch (t.dtype()) {
                        case F16 -> buf.putShort(floatToHalf(v));
                        case BF16 -> buf.putShort(floatToBf16(v));
                        default -> buf.putFloat(v);
                    }
                }
            }
            out.write(buf.array(), 0, buf.position());
        }
        Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}

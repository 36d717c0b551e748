package org.netllm.testbed.netllm.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a state dict in PyTorch's zip-pickle layout ({@code <archive>/data.pkl},
 * {@code <archive>/data/<key>}, {@code version}, {@code byteorder}) with the same object graph
 * {@code torch.save(module.state_dict())} produces: an OrderedDict (with a {@code _metadata} BUILD
 * state) of {@code _rebuild_tensor_v2(persistent storage, offset, size, stride, False, OrderedDict())}.
 * Used to produce original-format checkpoints (fixtures, exports) without Python; tensors may be
 * views (offset/stride) into a shared storage of any {@link TorchStorageType}.
 */
public final class TorchPickleWriter {

    /** A raw storage: values are converted to {@code type} on write. */
    public record Storage(String key, TorchStorageType type, float[] values) {
    }

    /** A tensor as a view into a storage. */
    public record View(String name, Storage storage, long offset, long[] size, long[] stride) {
    }

    private final List<View> views = new ArrayList<>();
    private final Map<String, Storage> storages = new LinkedHashMap<>();

    /** Adds a contiguous tensor with its own storage of the given type. */
    public TorchPickleWriter add(String name, TorchStorageType type, long[] shape, float[] values) {
        Storage s = new Storage(String.valueOf(storages.size()), type, values);
        return addView(new View(name, s, 0, shape, contiguousStride(shape)));
    }

    /** Adds a contiguous float32 tensor. */
    public TorchPickleWriter add(String name, long[] shape, float[] values) {
        return add(name, TorchStorageType.FLOAT, shape, values);
    }

    /** Adds a tensor that views a (possibly shared) storage. */
    public TorchPickleWriter addView(View v) {
        Storage prev = storages.putIfAbsent(v.storage().key(), v.storage());
        if (prev != null && prev != v.storage()) {
            throw new IllegalArgumentException("two different storages share key " + v.storage().key());
        }
        views.add(v);
        return this;
    }

    public static long[] contiguousStride(long[] shape) {
        long[] stride = new long[shape.length];
        long s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            stride[d] = s;
            s *= shape[d];
        }
        return stride;
    }

    /** Writes the checkpoint; the archive folder is named after the file stem, as torch.save does. */
    public void write(Path file) throws IOException {
        String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String prefix = stem + "/";
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            putEntry(zip, prefix + "data.pkl", pickle());
            putEntry(zip, prefix + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (Storage s : storages.values()) {
                putEntry(zip, prefix + "data/" + s.key(), encode(s));
            }
            putEntry(zip, prefix + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void putEntry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    private static byte[] encode(Storage s) {
        ByteBuffer b = ByteBuffer.allocate(s.values().length * s.type().bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : s.values()) {
            switch (s.type()) {
                case FLOAT -> b.putFloat(v);
                case HALF -> b.putShort(floatToHalf(v));
                case BFLOAT16 -> b.putShort(floatToBf16(v));
                case DOUBLE -> b.putDouble(v);
                default -> throw new IllegalStateException(s.type().name());
            }
        }
        return b.array();
    }

    /** binary32 → binary16, round to nearest even (finite normal and subnormal range, ±inf on overflow). */
    static short floatToHalf(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        int mant = bits & 0x7fffff;
        if (((bits >>> 23) & 0xff) == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
        }
        if (exp >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (exp <= 0) {
            if (exp < -10) {
                return (short) sign;
            }
            mant |= 0x800000;
            int shift = 14 - exp;
            int half = mant >> shift;
            int rem = mant & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) == 1)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (exp << 10) | (mant >> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        return (short) (sign | half);
    }

    static short floatToBf16(float f) {
        int bits = Float.floatToIntBits(f);
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    // ---- pickle protocol 2 opcodes ----------------------------------------------------------------
    private static final int PROTO = 0x80;
    private static final int GLOBAL = 'c';
    private static final int EMPTY_TUPLE = ')';
    private static final int EMPTY_DICT = '}';
    private static final int REDUCE = 'R';
    private static final int BUILD = 'b';
    private static final int MARK = '(';
    private static final int TUPLE = 't';
    private static final int SETITEMS = 'u';
    private static final int BINUNICODE = 'X';
    private static final int BININT = 'J';
    private static final int LONG1 = 0x8a;
    private static final int NEWFALSE = 0x89;
    private static final int BINPERSID = 'Q';
    private static final int STOP = '.';

    private byte[] pickle() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(PROTO);
        out.write(2);
        emptyOrderedDict(out);
        out.write(MARK);
        for (View v : views) {
            string(out, v.name());
            global(out, "torch._utils", "_rebuild_tensor_v2");
            out.write(MARK);
            // persistent id ('storage', torch.<T>Storage, key, location, numel)
            out.write(MARK);
            string(out, "storage");
            global(out, "torch", v.storage().type().className);
            string(out, v.storage().key());
            string(out, "cpu");
            integer(out, v.storage().values().length);
            out.write(TUPLE);
            out.write(BINPERSID);
            integer(out, v.offset());
            ints(out, v.size());
            ints(out, v.stride());
            out.write(NEWFALSE);
            emptyOrderedDict(out);
            out.write(TUPLE);
            out.write(REDUCE);
        }
        out.write(SETITEMS);
        // state_dict()._metadata, restored by BUILD
        out.write(EMPTY_DICT);
        out.write(MARK);
        string(out, "_metadata");
        emptyOrderedDict(out);
        out.write(SETITEMS);
        out.write(BUILD);
        out.write(STOP);
        return out.toByteArray();
    }

    private static void emptyOrderedDict(OutputStream out) throws IOException {
        global(out, "collections", "OrderedDict");
        out.write(EMPTY_TUPLE);
        out.write(REDUCE);
    }

    private static void global(OutputStream out, String module, String name) throws IOException {
        out.write(GLOBAL);
        out.write((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static void string(OutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(BINUNICODE);
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
        out.write(b);
    }

    private static void integer(OutputStream out, long v) throws IOException {
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write(BININT);
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
        } else {
            out.write(LONG1);
            out.write(8);
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        }
    }

    private static void ints(OutputStream out, long[] values) throws IOException {
        out.write(MARK);
        for (long v : values) {
            integer(out, v);
        }
        out.write(TUPLE);
    }
}

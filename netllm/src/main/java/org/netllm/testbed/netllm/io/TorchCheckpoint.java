package org.netllm.testbed.netllm.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;
import net.razorvine.pickle.objects.ClassDict;

/**
 * Reader for PyTorch's zip-pickle checkpoints ({@code torch.save} since 1.6: {@code .bin}/{@code .pt}),
 * as written for NetLLM's {@code modules_except_plm.bin} and PEFT's {@code adapter_model.bin}
 * (docs/reference/abr.md §7.7). No Python is involved: {@code <archive>/data.pkl} is unpickled with
 * razorvine's Unpickler, where only the handful of globals a state dict uses are understood
 * ({@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2},
 * {@code torch._utils._rebuild_parameter}, {@code torch.<T>Storage}); storages are resolved
 * through {@code persistent_load} to the raw little-endian bytes in {@code <archive>/data/<key>}.
 * Every tensor is materialised as contiguous float32, honouring storage offset and strides.
 */
public final class TorchCheckpoint {

    static {
        Unpickler.registerConstructor("collections", "OrderedDict", args -> new PickledOrderedDict());
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", TorchCheckpoint::rebuildTensor);
        Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", TorchCheckpoint::rebuildParameter);
        for (TorchStorageType t : TorchStorageType.values()) {
            Unpickler.registerConstructor("torch", t.className, new StorageClass(t.className));
        }
    }

    private TorchCheckpoint() {
    }

    /** Reads every tensor of the state dict in {@code file}, in file order. */
    public static Map<String, TorchTensor> read(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new TorchCheckpointFormatException(file + ": not a PyTorch zip checkpoint (torch.save with "
                    + "_use_new_zipfile_serialization, torch >= 1.6): " + e.getMessage(), e);
        }
        try (zip) {
            String prefix = archivePrefix(file, zip);
            checkByteOrder(file, zip, prefix);
            Object root;
            ZipEntry pkl = zip.getEntry(prefix + "data.pkl");
            try (InputStream in = zip.getInputStream(pkl)) {
                root = new StorageUnpickler().load(in);
            } catch (PickleException | ClassCastException e) {
                throw new TorchCheckpointFormatException(file + ": " + prefix + "data.pkl is not a state dict we can read: "
                        + e.getMessage(), e);
            }
            if (!(root instanceof Map<?, ?> dict)) {
                throw new TorchCheckpointFormatException(file + ": top-level object is " + describe(root)
                        + ", expected a state dict (OrderedDict of tensors)");
            }
            Map<String, float[]> storages = new HashMap<>();
            Map<String, TorchTensor> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : dict.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new TorchCheckpointFormatException(file + ": state-dict key " + e.getKey() + " is not a string");
                }
                if (!(e.getValue() instanceof PendingTensor pending)) {
                    throw new TorchCheckpointFormatException(file + ": key '" + key + "' holds " + describe(e.getValue())
                            + ", not a tensor");
                }
                out.put(key, materialise(file, zip, prefix, key, pending, storages));
            }
            return Collections.unmodifiableMap(out);
        }
    }

    /** The single top-level folder holding data.pkl (torch names it after the file stem or "archive"). */
    private static String archivePrefix(Path file, ZipFile zip) throws TorchCheckpointFormatException {
        String found = null;
        for (Enumeration<? extends ZipEntry> it = zip.entries(); it.hasMoreElements(); ) {
            String name = it.nextElement().getName();
            if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                if (found != null) {
                    throw new TorchCheckpointFormatException(file + ": two data.pkl records (" + found + "data.pkl, " + name + ")");
                }
                found = name.substring(0, name.length() - "data.pkl".length());
            }
        }
        if (found == null) {
            throw new TorchCheckpointFormatException(file + ": no <archive>/data.pkl record; not a torch.save zip checkpoint");
        }
        return found;
    }

    private static void checkByteOrder(Path file, ZipFile zip, String prefix) throws IOException {
        ZipEntry bo = zip.getEntry(prefix + "byteorder");
        if (bo == null) {
            return; // older writers omit it; they were little-endian only
        }
        try (InputStream in = zip.getInputStream(bo)) {
            String order = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!order.equals("little")) {
                throw new TorchCheckpointFormatException(file + ": byteorder '" + order + "' is not supported (little only)");
            }
        }
    }

    private static TorchTensor materialise(Path file, ZipFile zip, String prefix, String key, PendingTensor t,
            Map<String, float[]> storages) throws IOException {
        String where = file + ": tensor '" + key + "'";
        StorageRef s = t.storage();
        float[] storage = storages.get(s.key());
        if (storage == null) {
            storage = readStorage(file, zip, prefix, s);
            storages.put(s.key(), storage);
        }
        long[] shape = t.size();
        long[] stride = t.stride();
        if (shape.length != stride.length) {
            throw new TorchCheckpointFormatException(where + ": size " + Arrays.toString(shape) + " and stride "
                    + Arrays.toString(stride) + " differ in rank");
        }
        long numel = TorchTensor.numel(shape);
        if (numel > Integer.MAX_VALUE) {
            throw new TorchCheckpointFormatException(where + ": " + numel + " elements is too large");
        }
        // highest element touched must lie inside the storage
        long last = t.offset();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] < 0 || stride[d] < 0) {
                throw new TorchCheckpointFormatException(where + ": negative size or stride");
            }
            if (shape[d] > 0) {
                last += (shape[d] - 1) * stride[d];
            }
        }
        if (numel > 0 && (t.offset() < 0 || last >= storage.length)) {
            throw new TorchCheckpointFormatException(where + ": offset " + t.offset() + ", size " + Arrays.toString(shape)
                    + ", stride " + Arrays.toString(stride) + " reach element " + last + " of a " + storage.length
                    + "-element storage '" + s.key() + "'");
        }
        float[] values = new float[(int) numel];
        int[] idx = new int[shape.length];
        for (int i = 0; i < values.length; i++) {
            long src = t.offset();
            for (int d = 0; d < shape.length; d++) {
                src += idx[d] * stride[d];
            }
            values[i] = storage[(int) src];
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return new TorchTensor(key, s.type().className, shape, values);
    }

    private static float[] readStorage(Path file, ZipFile zip, String prefix, StorageRef s) throws IOException {
        ZipEntry e = zip.getEntry(prefix + "data/" + s.key());
        if (e == null) {
            throw new TorchCheckpointFormatException(file + ": storage record " + prefix + "data/" + s.key() + " is missing");
        }
        long expected = s.numel() * s.type().bytes;
        if (expected > Integer.MAX_VALUE) {
            throw new TorchCheckpointFormatException(file + ": storage '" + s.key() + "' of " + expected + " bytes is too large");
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
            bytes = in.readAllBytes();
        }
        if (bytes.length != expected) {
            throw new TorchCheckpointFormatException(file + ": storage '" + s.key() + "' has " + bytes.length
                    + " bytes, expected " + s.numel() + " x " + s.type().bytes + " (" + s.type().className + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[(int) s.numel()];
        switch (s.type()) {
            case FLOAT -> b.asFloatBuffer().get(out);
            case HALF -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Safetensors.halfToFloat(b.getShort(i * 2));
                }
            }
            case BFLOAT16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16);
                }
            }
            case DOUBLE -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) b.getDouble(i * 8);
                }
            }
            default -> throw new IllegalStateException(s.type().name());
        }
        return out;
    }

    private static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof ClassDict cd) {
            return "an object of Python class " + cd.getClassName();
        }
        return "a " + o.getClass().getSimpleName();
    }

    // ---- pickle object model --------------------------------------------------------------------

    /** The storage class object named in a persistent id, e.g. torch.FloatStorage. */
    record StorageClass(String className) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new PickleException("torch." + className + " is only expected inside a storage persistent id");
        }
    }

    /** persistent id ('storage', storage_type, key, location, numel) resolved lazily. */
    record StorageRef(TorchStorageType type, String key, long numel) {
    }

    /** _rebuild_tensor_v2 arguments, before the storage bytes are read. */
    record PendingTensor(StorageRef storage, long offset, long[] size, long[] stride) {
    }

    /** OrderedDict; torch also pickles a {@code _metadata} attribute (BUILD state), which we ignore. */
    public static final class PickledOrderedDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;

        public void __setstate__(HashMap<?, ?> state) {
            // module version metadata only; the tensors are the dict items
        }
    }

    private static final class StorageUnpickler extends Unpickler {
        private static final short SETITEMS = 'u';

        /** razorvine's SETITEMS goes through a HashMap and loses the state dict's order; keep it. */
        @Override
        protected Object dispatch(short key) throws PickleException, IOException {
            if (key != SETITEMS) {
                return super.dispatch(key);
            }
            java.util.List<Object> items = stack.pop_all_since_marker();
            @SuppressWarnings("unchecked")
            Map<Object, Object> target = (Map<Object, Object>) stack.peek();
            for (int i = 0; i + 1 < items.size(); i += 2) {
                target.put(items.get(i), items.get(i + 1));
            }
            return NO_RETURN_VALUE;
        }

        @Override
        protected Object persistentLoad(Object pid) {
            if (!(pid instanceof Object[] t) || t.length != 5 || !"storage".equals(t[0])) {
                throw new PickleException("unexpected persistent id " + Arrays.deepToString(
                        pid instanceof Object[] a ? a : new Object[] {pid}) + " (expected ('storage', type, key, location, numel))");
            }
            if (!(t[1] instanceof StorageClass sc)) {
                throw new PickleException("storage '" + t[2] + "' has unsupported storage type " + t[1]
                        + "; supported: Float, Half, BFloat16, Double storages");
            }
            TorchStorageType type = TorchStorageType.byClassName(sc.className()).orElseThrow();
            return new StorageRef(type, String.valueOf(t[2]), toLong(t[4], "storage numel"));
        }
    }

    private static Object rebuildTensor(Object[] args) {
        // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        if (args.length < 4 || !(args[0] instanceof StorageRef storage)) {
            throw new PickleException("_rebuild_tensor_v2 called with unexpected arguments " + Arrays.deepToString(args));
        }
        return new PendingTensor(storage, toLong(args[1], "storage_offset"), toLongs(args[2], "size"),
                toLongs(args[3], "stride"));
    }

    private static Object rebuildParameter(Object[] args) {
        // _rebuild_parameter(data, requires_grad, backward_hooks): a Parameter wraps a tensor
        if (args.length < 1 || !(args[0] instanceof PendingTensor t)) {
            throw new PickleException("_rebuild_parameter called with unexpected arguments " + Arrays.deepToString(args));
        }
        return t;
    }

    private static long toLong(Object o, String what) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        throw new PickleException(what + " is " + o + ", expected an int");
    }

    private static long[] toLongs(Object o, String what) {
        if (!(o instanceof Object[] a)) {
            throw new PickleException(what + " is " + o + ", expected a tuple of ints");
        }
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = toLong(a[i], what);
        }
        return out;
    }
}

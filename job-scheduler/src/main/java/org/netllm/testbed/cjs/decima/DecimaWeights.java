package org.netllm.testbed.cjs.decima;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the Decima state_dict from a safetensors stream (8-byte little-endian header length, JSON
 * header, raw little-endian F32 data). The netllm module's reader memory-maps files; the shipped
 * weights live on the classpath, so this small reader works from bytes and checks every tensor's
 * dtype, shape and bounds.
 */
public final class DecimaWeights {

    public static final String RESOURCE = "/cjs/decima-model.safetensors";
    private static final int MAX_BYTES = 16 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, float[]> tensors;
    private final Map<String, int[]> shapes;

    private DecimaWeights(Map<String, float[]> tensors, Map<String, int[]> shapes) {
        this.tensors = tensors;
        this.shapes = shapes;
    }

    /** The pretrained weights shipped with the module. */
    public static DecimaWeights pretrained() {
        try (InputStream in = DecimaWeights.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return read(in, RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    public static DecimaWeights read(InputStream in, String where) throws IOException {
        byte[] all = in.readNBytes(MAX_BYTES + 1);
        if (all.length > MAX_BYTES) {
            throw new IOException(where + ": larger than " + MAX_BYTES + " bytes");
        }
        if (all.length < 8) {
            throw new IOException(where + ": truncated header");
        }
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = bb.getLong(0);
        if (headerLen <= 0 || headerLen > all.length - 8) {
            throw new IOException(where + ": bad header length " + headerLen);
        }
        JsonNode header = JSON.readTree(new String(all, 8, (int) headerLen, StandardCharsets.UTF_8));
        int dataStart = 8 + (int) headerLen;
        Map<String, float[]> tensors = new HashMap<>();
        Map<String, int[]> shapes = new HashMap<>();
        for (var it = header.fields(); it.hasNext();) {
            var e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode t = e.getValue();
            if (!"F32".equals(t.path("dtype").asText())) {
                throw new IOException(where + ": tensor " + e.getKey() + " is " + t.path("dtype").asText() + ", expected F32");
            }
            int[] shape = new int[t.path("shape").size()];
            long numel = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.path("shape").get(i).asInt();
                numel *= shape[i];
            }
            long begin = t.path("data_offsets").get(0).asLong();
            long end = t.path("data_offsets").get(1).asLong();
            if (begin < 0 || end - begin != numel * 4 || dataStart + end > all.length) {
                throw new IOException(where + ": tensor " + e.getKey() + " has bad data_offsets");
            }
            float[] v = new float[(int) numel];
            ByteBuffer d = ByteBuffer.wrap(all, dataStart + (int) begin, (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
            d.asFloatBuffer().get(v);
            tensors.put(e.getKey(), v);
            shapes.put(e.getKey(), shape);
        }
        return new DecimaWeights(tensors, shapes);
    }

    /** A 3-layer MLP {@code prefix.{0,2,4}.{weight,bias}} with shape checks. */
    Mlp mlp(String prefix, int in, int hid1, int hid2, int out, Mlp.Activation act) {
        int[] ins = {in, hid1, hid2};
        int[] outs = {hid1, hid2, out};
        float[][] w = new float[3][];
        float[][] b = new float[3][];
        for (int l = 0; l < 3; l++) {
            String name = prefix + "." + (2 * l);
            w[l] = tensor(name + ".weight", outs[l], ins[l]);
            b[l] = tensor(name + ".bias", outs[l]);
        }
        return new Mlp(w, b, ins, outs, act);
    }

    private float[] tensor(String name, int... shape) {
        float[] v = tensors.get(name);
        if (v == null) {
            throw new IllegalArgumentException("Decima weights lack tensor " + name);
        }
        if (!java.util.Arrays.equals(shapes.get(name), shape)) {
            throw new IllegalArgumentException("tensor " + name + " has shape " + java.util.Arrays.toString(shapes.get(name))
                    + ", expected " + java.util.Arrays.toString(shape));
        }
        return v;
    }
}

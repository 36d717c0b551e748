package org.netllm.testbed.abr.netllm.pool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.netllm.testbed.abr.netllm.AbrDtLayout;
import org.netllm.testbed.netllm.io.Safetensors;
import org.netllm.testbed.netllm.io.SafetensorsFormatException;

/**
 * The pool file: one safetensors file (all tensors F32, the only dtype our writer emits) —
 * {@code states} [N,6,6], {@code actions} [N] (integers 0..5), {@code rewards} [N] (raw, λ = 4.3),
 * {@code dones} [N] (0 or 1) — and {@code __metadata__} keys {@code format} = {@value #FORMAT} and
 * {@code pool} = the JSON of {@link PoolMetadata}. Reading re-checks everything (shapes, integer
 * actions, 0/1 dones, counts and reward extremes against the metadata) so a truncated or edited
 * file is reported, naming the file and the offending key.
 */
public final class ExperiencePoolFile {

    public static final String FORMAT = "netllm-abr-pool/1";
    static final String KEY_FORMAT = "format";
    static final String KEY_POOL = "pool";
    static final String STATES = "states";
    static final String ACTIONS = "actions";
    static final String REWARDS = "rewards";
    static final String DONES = "dones";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExperiencePoolFile() {
    }

    public static void write(Path file, ExperiencePool pool) throws IOException {
        int n = pool.size();
        float[] actions = new float[n];
        float[] dones = new float[n];
        for (int i = 0; i < n; i++) {
            actions[i] = pool.actions()[i];
            dones[i] = pool.dones()[i] ? 1f : 0f;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Safetensors.writeF32(file, List.of(
                new Safetensors.F32Tensor(STATES, new long[] {n, AbrDtLayout.STATE_ROWS, AbrDtLayout.STATE_COLS}, pool.states()),
                new Safetensors.F32Tensor(ACTIONS, new long[] {n}, actions),
                new Safetensors.F32Tensor(REWARDS, new long[] {n}, pool.rewards()),
                new Safetensors.F32Tensor(DONES, new long[] {n}, dones)),
                Map.of(KEY_FORMAT, FORMAT, KEY_POOL, toJson(pool.metadata())));
    }

    public static ExperiencePool read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new PoolFormatException(file + ": no such pool file");
        }
        try (Safetensors st = Safetensors.open(file)) {
            String format = st.metadata().get(KEY_FORMAT);
            if (!FORMAT.equals(format)) {
                throw new PoolFormatException(file + ": metadata '" + KEY_FORMAT + "' is " + format + ", expected " + FORMAT
                        + " (not an experience pool written by `netllm pool`?)");
            }
            String metaJson = st.metadata().get(KEY_POOL);
            if (metaJson == null) {
                throw new PoolFormatException(file + ": metadata key '" + KEY_POOL + "' missing");
            }
            PoolMetadata meta = fromJson(file, metaJson);
            int n = meta.transitions();
            float[] states = floats(st, file, STATES, n, AbrDtLayout.STATE_ROWS, AbrDtLayout.STATE_COLS);
            float[] a = floats(st, file, ACTIONS, n);
            float[] rewards = floats(st, file, REWARDS, n);
            float[] d = floats(st, file, DONES, n);
            int[] actions = new int[n];
            boolean[] dones = new boolean[n];
            int episodes = 0;
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (a[i] != Math.rint(a[i]) || a[i] < 0 || a[i] >= AbrDtLayout.ACTION_DIM) {
                    throw new PoolFormatException(file + ": " + ACTIONS + "[" + i + "] = " + a[i] + " is not a quality 0.."
                            + (AbrDtLayout.ACTION_DIM - 1));
                }
                if (d[i] != 0f && d[i] != 1f) {
                    throw new PoolFormatException(file + ": " + DONES + "[" + i + "] = " + d[i] + " is not 0 or 1");
                }
                if (!Float.isFinite(rewards[i])) {
                    throw new PoolFormatException(file + ": " + REWARDS + "[" + i + "] is not finite");
                }
                actions[i] = (int) a[i];
                dones[i] = d[i] == 1f;
                episodes += dones[i] ? 1 : 0;
                min = Math.min(min, rewards[i]);
                max = Math.max(max, rewards[i]);
            }
            if (episodes != meta.episodes()) {
                throw new PoolFormatException(file + ": " + DONES + " marks " + episodes + " episode ends but metadata says "
                        + meta.episodes());
            }
            if (n > 0 && (min != (float) meta.minReward() || max != (float) meta.maxReward())) {
                throw new PoolFormatException(file + ": " + REWARDS + " range [" + min + ", " + max
                        + "] disagrees with metadata [" + meta.minReward() + ", " + meta.maxReward() + "]");
            }
            for (int i = 0; i < states.length; i++) {
                if (!Float.isFinite(states[i])) {
                    throw new PoolFormatException(file + ": " + STATES + " element " + i + " is not finite");
                }
            }
            return new ExperiencePool(states, actions, rewards, dones, meta);
        } catch (SafetensorsFormatException e) {
            throw new PoolFormatException(e.getMessage());
        }
    }

    private static float[] floats(Safetensors st, Path file, String name, long... shape) throws IOException {
        if (!st.has(name)) {
            throw new PoolFormatException(file + ": tensor '" + name + "' missing");
        }
        Safetensors.TensorEntry e = st.get(name);
        if (e.dtype() != Safetensors.DType.F32) {
            throw new PoolFormatException(file + ": tensor '" + name + "' is " + e.dtype() + ", expected F32");
        }
        if (!java.util.Arrays.equals(e.shape(), shape)) {
            throw new PoolFormatException(file + ": tensor '" + name + "' has shape " + java.util.Arrays.toString(e.shape())
                    + ", expected " + java.util.Arrays.toString(shape) + " (metadata transitions)");
        }
        return e.toFloatArray();
    }

    /** The metadata JSON stored under the {@code pool} key. */
    public static String metadataJson(PoolMetadata m) {
        return toJson(m);
    }

    static String toJson(PoolMetadata m) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode p = o.putArray("policies");
        m.policies().forEach(p::add);
        o.put("traces", m.traces());
        ArrayNode t = o.putArray("trace_names");
        m.traceNames().forEach(t::add);
        o.put("video", m.video());
        o.put("seed", m.seed());
        o.put("fixed", m.fixed());
        o.put("episodes_per_trace", m.episodesPerTrace());
        o.put("episodes", m.episodes());
        o.put("transitions", m.transitions());
        o.put("min_reward", m.minReward());
        o.put("max_reward", m.maxReward());
        o.put("max_return", m.maxReturn());
        o.put("return_scale", m.returnScale());
        o.put("max_timestep", m.maxTimestep());
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static PoolMetadata fromJson(Path file, String json) throws PoolFormatException {
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (IOException e) {
            throw new PoolFormatException(file + ": metadata '" + KEY_POOL + "' is not valid JSON: " + e.getMessage());
        }
        if (o == null || !o.isObject()) {
            throw new PoolFormatException(file + ": metadata '" + KEY_POOL + "' is not a JSON object");
        }
        return new PoolMetadata(strings(file, o, "policies"), text(file, o, "traces"), strings(file, o, "trace_names"),
                text(file, o, "video"), integral(file, o, "seed"), bool(file, o, "fixed"),
                (int) integral(file, o, "episodes_per_trace"), (int) integral(file, o, "episodes"),
                nonNegative(file, o, "transitions"), number(file, o, "min_reward"), number(file, o, "max_reward"),
                number(file, o, "max_return"), number(file, o, "return_scale"), (int) integral(file, o, "max_timestep"));
    }

    private static JsonNode field(Path file, JsonNode o, String key) throws PoolFormatException {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            throw new PoolFormatException(file + ": pool metadata key '" + key + "' missing");
        }
        return v;
    }

    private static String text(Path file, JsonNode o, String key) throws PoolFormatException {
        JsonNode v = field(file, o, key);
        if (!v.isTextual()) {
            throw new PoolFormatException(file + ": pool metadata '" + key + "' must be a string");
        }
        return v.asText();
    }

    private static List<String> strings(Path file, JsonNode o, String key) throws PoolFormatException {
        JsonNode v = field(file, o, key);
        if (!v.isArray()) {
            throw new PoolFormatException(file + ": pool metadata '" + key + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new PoolFormatException(file + ": pool metadata '" + key + "' must be an array of strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    private static double number(Path file, JsonNode o, String key) throws PoolFormatException {
        JsonNode v = field(file, o, key);
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw new PoolFormatException(file + ": pool metadata '" + key + "' must be a finite number");
        }
        return v.doubleValue();
    }

    private static long integral(Path file, JsonNode o, String key) throws PoolFormatException {
        JsonNode v = field(file, o, key);
        if (!v.isIntegralNumber()) {
            throw new PoolFormatException(file + ": pool metadata '" + key + "' must be an integer");
        }
        return v.longValue();
    }

    private static int nonNegative(Path file, JsonNode o, String key) throws PoolFormatException {
        long v = integral(file, o, key);
        if (v < 0 || v > Integer.MAX_VALUE / ExperiencePool.STATE_SIZE) {
            throw new PoolFormatException(file + ": pool metadata '" + key + "' = " + v + " is out of range");
        }
        return (int) v;
    }

    private static boolean bool(Path file, JsonNode o, String key) throws PoolFormatException {
        JsonNode v = field(file, o, key);
        if (!v.isBoolean()) {
            throw new PoolFormatException(file + ": pool metadata '" + key + "' must be true or false");
        }
        return v.booleanValue();
    }
}

package org.netllm.testbed.netllm.backbone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netllm.testbed.netllm.io.Safetensors;
import org.netllm.testbed.netllm.io.SafetensorsFormatException;

/**
 * The tensors of a Hugging Face model folder: {@code model.safetensors}, or
 * {@code model.safetensors.index.json} whose weight_map sends each tensor name to a shard file
 * (docs/reference/llama.md "files"). Names are looked up with and without the {@code model.} prefix
 * that LlamaForCausalLM checkpoints carry. All shards stay memory-mapped until {@link #close()}.
 */
public final class HfCheckpoint implements AutoCloseable {

    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";
    /** Prefix of tensor names saved from LlamaForCausalLM (vs bare LlamaModel). */
    public static final String CAUSAL_LM_PREFIX = "model.";

    private final Path dir;
    private final List<Safetensors> files;
    /** tensor name as stored → the file holding it. */
    private final Map<String, Safetensors> byName;

    private HfCheckpoint(Path dir, List<Safetensors> files, Map<String, Safetensors> byName) {
        this.dir = dir;
        this.files = files;
        this.byName = byName;
    }

    public static HfCheckpoint open(Path dir) throws IOException {
        Path index = dir.resolve(INDEX_FILE);
        Path single = dir.resolve(SINGLE_FILE);
        if (Files.isRegularFile(index)) {
            return openSharded(dir, index);
        }
        if (Files.isRegularFile(single)) {
            Safetensors st = Safetensors.open(single);
            Map<String, Safetensors> byName = new LinkedHashMap<>();
            st.tensors().keySet().forEach(n -> byName.put(n, st));
            return new HfCheckpoint(dir, List.of(st), byName);
        }
        if (Files.isRegularFile(dir.resolve("pytorch_model.bin"))
                || Files.isRegularFile(dir.resolve("pytorch_model.bin.index.json"))) {
            throw new SafetensorsFormatException(dir + ": only PyTorch pickle weights (pytorch_model.bin); "
                    + "convert them to safetensors first (`netllm import`)");
        }
        throw new SafetensorsFormatException(dir + ": neither " + SINGLE_FILE + " nor " + INDEX_FILE + " found");
    }

    private static HfCheckpoint openSharded(Path dir, Path index) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(index.toFile());
        } catch (IOException e) {
            throw new SafetensorsFormatException(index + ": not valid JSON: " + e.getMessage());
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw new SafetensorsFormatException(index + ": missing or empty 'weight_map' object");
        }
        Map<String, Safetensors> shards = new LinkedHashMap<>();
        Map<String, Safetensors> byName = new LinkedHashMap<>();
        List<Safetensors> opened = new ArrayList<>();
        try {
            for (var it = map.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new SafetensorsFormatException(index + ": weight_map['" + e.getKey() + "'] is not a file name");
                }
                String file = e.getValue().asText();
                Path shardPath = dir.resolve(file).normalize();
                if (!shardPath.startsWith(dir.normalize()) || !Files.isRegularFile(shardPath)) {
                    throw new SafetensorsFormatException(index + ": weight_map['" + e.getKey() + "'] names shard '"
                            + file + "', which does not exist in " + dir);
                }
                Safetensors st = shards.get(file);
                if (st == null) {
                    st = Safetensors.open(shardPath);
                    opened.add(st);
                    shards.put(file, st);
                }
                if (!st.has(e.getKey())) {
                    throw new SafetensorsFormatException(index + ": weight_map puts '" + e.getKey() + "' in "
                            + file + ", but that shard has no such tensor");
                }
                byName.put(e.getKey(), st);
            }
        } catch (IOException | RuntimeException ex) {
            for (Safetensors st : opened) {
                st.close();
            }
            throw ex;
        }
        return new HfCheckpoint(dir, Collections.unmodifiableList(opened), byName);
    }

    public Path dir() {
        return dir;
    }

    /** Stored names (as in the files, prefix included). */
    public java.util.Set<String> names() {
        return Collections.unmodifiableSet(byName.keySet());
    }

    /** Stored name for a LlamaModel-relative name, trying the bare name then {@code model.}+name; null if absent. */
    public String resolve(String name) {
        if (byName.containsKey(name)) {
            return name;
        }
        String prefixed = CAUSAL_LM_PREFIX + name;
        return byName.containsKey(prefixed) ? prefixed : null;
    }

    public boolean has(String name) {
        return resolve(name) != null;
    }

    /**
     * The tensor {@code name} (LlamaModel-relative), checking its shape; errors name the key, the file
     * and expected vs actual shape.
     */
    public Safetensors.TensorEntry require(String name, long... expectedShape) throws SafetensorsFormatException {
        String stored = resolve(name);
        if (stored == null) {
            throw new SafetensorsFormatException(dir + ": missing tensor '" + name + "' (also tried '"
                    + CAUSAL_LM_PREFIX + name + "') in " + fileNames());
        }
        Safetensors st = byName.get(stored);
        Safetensors.TensorEntry t = st.get(stored);
        if (!Arrays.equals(t.shape(), expectedShape)) {
            throw new SafetensorsFormatException(st.path() + ": tensor '" + stored + "' has shape "
                    + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(expectedShape));
        }
        if (t.dtype() != Safetensors.DType.F32 && t.dtype() != Safetensors.DType.F16
                && t.dtype() != Safetensors.DType.BF16) {
            throw new SafetensorsFormatException(st.path() + ": tensor '" + stored + "' has dtype " + t.dtype()
                    + ", expected F32, F16 or BF16");
        }
        return t;
    }

    /** The file holding {@code name}, for messages. */
    public Path fileOf(String name) {
        String stored = resolve(name);
        return stored == null ? null : byName.get(stored).path();
    }

    private String fileNames() {
        List<String> names = new ArrayList<>();
        for (Safetensors st : files) {
            names.add(st.path().getFileName().toString());
        }
        return names.toString();
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Safetensors st : files) {
            try {
                st.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}

package org.netllm.testbed.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.netllm.testbed.netllm.backbone.LlamaConfig;
import org.netllm.testbed.netllm.backbone.TinyLlama;
import org.netllm.testbed.netllm.io.Safetensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes a seeded random Llama folder in the Hugging Face layout (tests, benches, demos). */
@Command(name = "init-backbone", mixinStandardHelpOptions = true,
        description = "Write a random-initialised Llama-family model folder (config.json + safetensors).")
final class NetllmInitBackboneCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--hidden", defaultValue = "64", description = "hidden_size (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", defaultValue = "2", description = "num_hidden_layers (default ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--heads", defaultValue = "4", description = "num_attention_heads (default ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--kv-heads", description = "num_key_value_heads (default: = heads).")
    Integer kvHeads;

    @Option(names = "--intermediate", defaultValue = "128", description = "intermediate_size (default ${DEFAULT-VALUE}).")
    int intermediate;

    @Option(names = "--shards", defaultValue = "1", description = "Number of safetensors shards (default ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--model-prefix", description = "Store names as LlamaForCausalLM does (model. prefix + lm_head).")
    boolean modelPrefix;

    @Option(names = "--dtype", defaultValue = "F32", description = "Weight dtype: F32, F16 or BF16 (default ${DEFAULT-VALUE}).")
    Safetensors.DType dtype;

    @Option(names = "--model-type", defaultValue = "llama", description = "llama, mistral or qwen2 (default ${DEFAULT-VALUE}).")
    String modelType;

    @Override
    public Integer call() throws Exception {
        TinyLlama.Spec spec = TinyLlama.Spec.defaults()
                .withSizes(hidden, layers, heads, kvHeads == null ? heads : kvHeads, intermediate)
                .withShards(shards).withSeed(seed).withModelPrefix(modelPrefix).withDtype(dtype)
                .withModelType(modelType);
        LlamaConfig c = TinyLlama.write(out, spec);
        System.out.printf("wrote %s: %s hidden=%d layers=%d heads=%d kv_heads=%d head_dim=%d intermediate=%d shards=%d%n",
                out, c.modelType(), c.hiddenSize(), c.numHiddenLayers(), c.numAttentionHeads(), c.numKeyValueHeads(),
                c.headDim(), c.intermediateSize(), shards);
        return 0;
    }
}

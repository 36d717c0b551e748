package org.netllm.testbed.netllm.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.netllm.testbed.netllm.backbone.LlamaConfig;
import org.netllm.testbed.netllm.backbone.LlamaConfigException;

/** Published Llama shapes for benches that build random backbones in memory. */
public final class LlamaShapes {

    private LlamaShapes() {
    }

    /** meta-llama/Llama-2-7b-hf's config.json (NetLLM's backbone, docs/reference/abr.md §7.2: E = 4096). */
    public static LlamaConfig llama2_7b() {
        ObjectNode c = new ObjectMapper().createObjectNode();
        c.put("model_type", "llama");
        c.put("hidden_size", 4096);
        c.put("intermediate_size", 11008);
        c.put("num_hidden_layers", 32);
        c.put("num_attention_heads", 32);
        c.put("num_key_value_heads", 32);
        c.put("max_position_embeddings", 4096);
        c.put("rms_norm_eps", 1e-5);
        c.put("rope_theta", 10000.0);
        c.put("hidden_act", "silu");
        c.put("vocab_size", 32000);
        try {
            return LlamaConfig.parse(c, "Llama-2-7b shape");
        } catch (LlamaConfigException e) {
            throw new IllegalStateException("built-in Llama-2-7b shape rejected: " + e.getMessage(), e);
        }
    }
}

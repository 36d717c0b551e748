package org.netllm.testbed.netllm.backbone;

import java.util.Locale;

/**
 * The seven Linear layers of a Llama decoder block, named as in Hugging Face checkpoints and in
 * PEFT's target_modules (docs/reference/llama.md "tensor names"). Weights are stored [out, in].
 */
public enum LinearModule {
    Q_PROJ("self_attn"), K_PROJ("self_attn"), V_PROJ("self_attn"), O_PROJ("self_attn"),
    GATE_PROJ("mlp"), UP_PROJ("mlp"), DOWN_PROJ("mlp");

    private final String parent;

    LinearModule(String parent) {
        this.parent = parent;
    }

    /** "q_proj", as in target_modules. */
    public String peftName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "layers.3.self_attn.q_proj" (LlamaModel-relative module path). */
    public String path(int layer) {
        return "layers." + layer + "." + parent + "." + peftName();
    }

    public long inFeatures(LlamaConfig c) {
        return switch (this) {
            case Q_PROJ, K_PROJ, V_PROJ, GATE_PROJ, UP_PROJ -> c.hiddenSize();
            case O_PROJ -> c.qDim();
            case DOWN_PROJ -> c.intermediateSize();
        };
    }

    public long outFeatures(LlamaConfig c) {
        return switch (this) {
            case Q_PROJ -> c.qDim();
            case K_PROJ, V_PROJ -> c.kvDim();
            case O_PROJ, DOWN_PROJ -> c.hiddenSize();
            case GATE_PROJ, UP_PROJ -> c.intermediateSize();
        };
    }

    /** Whether the checkpoint stores a bias for this module under {@code c}. */
    public boolean hasBias(LlamaConfig c) {
        return switch (this) {
            case Q_PROJ, K_PROJ, V_PROJ -> c.qkvBias();
            case O_PROJ -> c.oBias();
            case GATE_PROJ, UP_PROJ, DOWN_PROJ -> c.mlpBias();
        };
    }

    /** Parses a PEFT target module name ("q_proj"); error lists the valid names. */
    public static LinearModule fromPeftName(String name) {
        for (LinearModule m : values()) {
            if (m.peftName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown Llama linear module '" + name
                + "' (expected one of q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj)");
    }
}

package org.netllm.testbed.netllm.backbone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.netllm.testbed.netllm.io.Safetensors;

/**
 * An independent, deliberately naive double-precision Llama forward written straight from
 * docs/reference/llama.md (loops, no DJL, its own config and name handling), used as the oracle for
 * {@link LlamaBackbone}. Supports MHA/GQA, q/k/v biases (qwen2 or attention_bias), rope scaling
 * linear/llama3, early exit and LoRA deltas on q/v given as merged weights by the caller.
 */
final class ReferenceLlama {

    final int hidden;
    final int inter;
    final int layers;
    final int heads;
    final int kvHeads;
    final int headDim;
    final double eps;
    final double[] invFreq;
    final boolean qkvBias;
    final boolean oBias;
    final boolean mlpBias;
    final Map<String, double[]> w = new HashMap<>();

    ReferenceLlama(Path dir) throws IOException {
        JsonNode c = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
        hidden = c.get("hidden_size").asInt();
        inter = c.get("intermediate_size").asInt();
        layers = c.get("num_hidden_layers").asInt();
        heads = c.get("num_attention_heads").asInt();
        kvHeads = c.has("num_key_value_heads") ? c.get("num_key_value_heads").asInt() : heads;
        headDim = c.has("head_dim") ? c.get("head_dim").asInt() : hidden / heads;
        eps = c.get("rms_norm_eps").asDouble();
        boolean qwen = c.get("model_type").asText().equals("qwen2");
        boolean attnBias = c.path("attention_bias").asBoolean(false);
        qkvBias = qwen || attnBias;
        oBias = attnBias && !qwen;
        mlpBias = c.path("mlp_bias").asBoolean(false);
        JsonNode rope = c.has("rope_parameters") ? c.get("rope_parameters") : c.path("rope_scaling");
        double theta = c.has("rope_parameters") && rope.has("rope_theta") ? rope.get("rope_theta").asDouble()
                : c.path("rope_theta").asDouble(10000);
        invFreq = new double[headDim / 2];
        for (int k = 0; k < invFreq.length; k++) {
            invFreq[k] = Math.pow(theta, -2.0 * k / headDim);
        }
        String type = rope.path("rope_type").asText(rope.path("type").asText("default"));
        if (type.equals("linear")) {
            for (int k = 0; k < invFreq.length; k++) {
                invFreq[k] /= rope.get("factor").asDouble();
            }
        } else if (type.equals("llama3")) {
            double factor = rope.get("factor").asDouble();
            double lo = rope.get("low_freq_factor").asDouble();
            double hi = rope.get("high_freq_factor").asDouble();
            double old = rope.get("original_max_position_embeddings").asDouble();
            for (int k = 0; k < invFreq.length; k++) {
                double wl = 2 * Math.PI / invFreq[k];
                if (wl > old / lo) {
                    invFreq[k] /= factor;
                } else if (wl >= old / hi) {
                    double s = (old / wl - lo) / (hi - lo);
                    invFreq[k] = (1 - s) * invFreq[k] / factor + s * invFreq[k];
                }
            }
        }
        loadAll(dir);
    }

    private void loadAll(Path dir) throws IOException {
        Path index = dir.resolve("model.safetensors.index.json");
        java.util.Set<String> files = new java.util.TreeSet<>();
        if (Files.exists(index)) {
            new ObjectMapper().readTree(index.toFile()).get("weight_map").forEach(f -> files.add(f.asText()));
        } else {
            files.add("model.safetensors");
        }
        for (String f : files) {
            try (Safetensors st = Safetensors.open(dir.resolve(f))) {
                for (var e : st.tensors().entrySet()) {
                    String name = e.getKey().startsWith("model.") ? e.getKey().substring(6) : e.getKey();
                    float[] v = e.getValue().toFloatArray();
                    double[] d = new double[v.length];
                    for (int i = 0; i < v.length; i++) {
                        d[i] = v[i];
                    }
                    w.put(name, d);
                }
            }
        }
    }

    /** Replaces a weight (e.g. with a LoRA-merged one); shape as stored. */
    void setWeight(String name, double[] values) {
        w.put(name, values);
    }

    /** x (seq, hidden) for one batch element → last_hidden_state (seq, hidden); stopLayer inclusive. */
    double[][] forward(double[][] x, int stopLayer) {
        int seq = x.length;
        double[][] h = copy(x);
        for (int l = 0; l <= stopLayer; l++) {
            String p = "layers." + l + ".";
            double[][] n = rms(h, w.get(p + "input_layernorm.weight"));
            double[][] q = lin(n, p + "self_attn.q_proj", heads * headDim, hidden, qkvBias);
            double[][] k = lin(n, p + "self_attn.k_proj", kvHeads * headDim, hidden, qkvBias);
            double[][] v = lin(n, p + "self_attn.v_proj", kvHeads * headDim, hidden, qkvBias);
            rope(q, heads);
            rope(k, kvHeads);
            double[][] att = new double[seq][heads * headDim];
            int group = heads / kvHeads;
            for (int hh = 0; hh < heads; hh++) {
                int kvh = hh / group;
                for (int i = 0; i < seq; i++) {
                    double[] s = new double[i + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        double dot = 0;
                        for (int d = 0; d < headDim; d++) {
                            dot += q[i][hh * headDim + d] * k[j][kvh * headDim + d];
                        }
                        s[j] = dot / Math.sqrt(headDim);
                        max = Math.max(max, s[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j <= i; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    for (int j = 0; j <= i; j++) {
                        for (int d = 0; d < headDim; d++) {
                            att[i][hh * headDim + d] += s[j] / sum * v[j][kvh * headDim + d];
                        }
                    }
                }
            }
            double[][] o = lin(att, p + "self_attn.o_proj", hidden, heads * headDim, oBias);
            for (int i = 0; i < seq; i++) {
                for (int d = 0; d < hidden; d++) {
                    h[i][d] += o[i][d];
                }
            }
            double[][] n2 = rms(h, w.get(p + "post_attention_layernorm.weight"));
            double[][] g = lin(n2, p + "mlp.gate_proj", inter, hidden, mlpBias);
            double[][] u = lin(n2, p + "mlp.up_proj", inter, hidden, mlpBias);
            for (int i = 0; i < seq; i++) {
                for (int d = 0; d < inter; d++) {
                    double z = g[i][d];
                    g[i][d] = z / (1 + Math.exp(-z)) * u[i][d];
                }
            }
            double[][] down = lin(g, p + "mlp.down_proj", hidden, inter, mlpBias);
            for (int i = 0; i < seq; i++) {
                for (int d = 0; d < hidden; d++) {
                    h[i][d] += down[i][d];
                }
            }
        }
        return rms(h, w.get("norm.weight"));
    }

    private double[][] rms(double[][] x, double[] weight) {
        double[][] out = new double[x.length][hidden];
        for (int i = 0; i < x.length; i++) {
            double ms = 0;
            for (double v : x[i]) {
                ms += v * v;
            }
            double r = 1 / Math.sqrt(ms / hidden + eps);
            for (int d = 0; d < hidden; d++) {
                out[i][d] = weight[d] * x[i][d] * r;
            }
        }
        return out;
    }

    private double[][] lin(double[][] x, String name, int out, int in, boolean bias) {
        double[] wt = w.get(name + ".weight");
        double[] b = bias ? w.get(name + ".bias") : null;
        double[][] y = new double[x.length][out];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int k = 0; k < in; k++) {
                    s += x[i][k] * wt[o * in + k];
                }
                y[i][o] = s;
            }
        }
        return y;
    }

    /** rotate_half form on halves of each head, positions 0..seq−1. */
    private void rope(double[][] x, int nHeads) {
        int half = headDim / 2;
        for (int pos = 0; pos < x.length; pos++) {
            for (int hh = 0; hh < nHeads; hh++) {
                int base = hh * headDim;
                for (int k = 0; k < half; k++) {
                    double a = pos * invFreq[k];
                    double x1 = x[pos][base + k];
                    double x2 = x[pos][base + k + half];
                    x[pos][base + k] = x1 * Math.cos(a) - x2 * Math.sin(a);
                    x[pos][base + k + half] = x2 * Math.cos(a) + x1 * Math.sin(a);
                }
            }
        }
    }

    private static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i].clone();
        }
        return c;
    }
}

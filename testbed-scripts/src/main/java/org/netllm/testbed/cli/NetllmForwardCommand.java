package org.netllm.testbed.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.netllm.testbed.netllm.backbone.ForwardOptions;
import org.netllm.testbed.netllm.backbone.LlamaBackbone;
import org.netllm.testbed.netllm.backbone.LoadOptions;
import org.netllm.testbed.netllm.io.EmbeddingsJson;
import org.netllm.testbed.netllm.lora.LoraAdapter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the backbone like transformers' LlamaModel(inputs_embeds=...).last_hidden_state, so outputs can
 * be compared with Python directly.
 */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = "Run a Hugging Face Llama-family folder on inputs_embeds from JSON; write last_hidden_state.")
final class NetllmForwardCommand implements Callable<Integer> {

    static final String INPUT_KEY = "inputs_embeds";
    static final String OUTPUT_KEY = "last_hidden_state";

    @Option(names = "--backbone", required = true, description = "Hugging Face model folder.")
    Path backbone;

    @Option(names = "--inputs", required = true, description = "JSON file {\"inputs_embeds\": [[[...]]]} (batch, seq, hidden).")
    Path inputs;

    @Option(names = "--out", required = true, description = "Output JSON file {\"last_hidden_state\": [[[...]]]}.")
    Path out;

    @Option(names = "--which-layer", defaultValue = "-1",
            description = "Early exit after this layer (Python index; default ${DEFAULT-VALUE} = all layers).")
    int whichLayer;

    @Option(names = "--adapter", description = "Optional PEFT LoRA folder to apply.")
    Path adapter;

    @Option(names = "--cpu", description = "Force CPU even when a GPU is visible.")
    boolean cpu;

    @Override
    public Integer call() throws Exception {
        EmbeddingsJson.Tensor3 in = EmbeddingsJson.read(inputs, INPUT_KEY);
        LoadOptions opts = cpu ? new LoadOptions(ai.djl.Device.cpu(), DataType.FLOAT32) : LoadOptions.defaults();
        try (LlamaBackbone bb = LlamaBackbone.load(backbone, opts);
                NDManager m = NDManager.newBaseManager(bb.device())) {
            if (in.hidden() != bb.hiddenSize()) {
                throw new IllegalArgumentException(inputs + ": " + INPUT_KEY + " hidden size " + in.hidden()
                        + " does not match the model's hidden_size " + bb.hiddenSize());
            }
            ForwardOptions fo = ForwardOptions.DEFAULT.withWhichLayer(whichLayer);
            LoraAdapter lora = adapter == null ? null : LoraAdapter.load(bb, adapter);
            try {
                if (lora != null) {
                    fo = fo.withAdapter(lora, false);
                }
                NDArray x = m.create(in.values(), new Shape(in.shape()));
                NDArray y = bb.forward(x, fo).lastHiddenState().toType(DataType.FLOAT32, false);
                EmbeddingsJson.write(out, OUTPUT_KEY, new EmbeddingsJson.Tensor3(in.batch(), in.seq(), in.hidden(),
                        y.toFloatArray()));
            } finally {
                if (lora != null) {
                    lora.close();
                }
            }
        }
        System.out.printf("wrote %s: %s (%d, %d, %d)%n", out, OUTPUT_KEY, in.batch(), in.seq(), in.hidden());
        return 0;
    }
}

package org.netllm.testbed.netllm.backbone;

/**
 * Per-call knobs of {@link LlamaBackbone#forward(ai.djl.ndarray.NDArray, ForwardOptions)}.
 *
 * @param whichLayer early exit: run decoder layers 0..whichLayer (Python-style index, −1 = all), then
 *     the final norm, as NetLLM's custom LlamaModel does (docs/reference/abr.md §7.3)
 * @param outputHiddenStates also return the per-layer inputs and the final normed output
 * @param adapter additions to the frozen Linear outputs (LoRA), {@link LinearAdapter#NONE} for none
 * @param training enables adapter dropout
 */
public record ForwardOptions(int whichLayer, boolean outputHiddenStates, LinearAdapter adapter, boolean training) {

    public static final int ALL_LAYERS = -1;
    public static final ForwardOptions DEFAULT = new ForwardOptions(ALL_LAYERS, false, LinearAdapter.NONE, false);

    public ForwardOptions {
        if (adapter == null) {
            throw new IllegalArgumentException("adapter must not be null; use LinearAdapter.NONE");
        }
    }

    public ForwardOptions withWhichLayer(int k) {
        return new ForwardOptions(k, outputHiddenStates, adapter, training);
    }

    public ForwardOptions withHiddenStates(boolean on) {
        return new ForwardOptions(whichLayer, on, adapter, training);
    }

    public ForwardOptions withAdapter(LinearAdapter a, boolean train) {
        return new ForwardOptions(whichLayer, outputHiddenStates, a, train);
    }
}

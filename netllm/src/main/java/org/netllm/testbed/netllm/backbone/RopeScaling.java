package org.netllm.testbed.netllm.backbone;

/**
 * How the rotary inverse frequencies are adjusted for long contexts, mirroring transformers'
 * {@code ROPE_INIT_FUNCTIONS}. Only the variants that keep attention_factor = 1 are implemented;
 * {@link LlamaConfig} rejects the others by name.
 */
public sealed interface RopeScaling {

    /** Applies the scaling to the default inv_freq (float32, as transformers computes it). */
    float[] scale(float[] invFreq);

    /** rope_type "default" (or no rope_scaling): inv_freq unchanged. */
    record None() implements RopeScaling {
        @Override
        public float[] scale(float[] invFreq) {
            return invFreq.clone();
        }
    }

    /** rope_type "linear": positions divided by factor, i.e. inv_freq / factor. */
    record Linear(double factor) implements RopeScaling {
        @Override
        public float[] scale(float[] invFreq) {
            float[] out = new float[invFreq.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (invFreq[i] / factor);
            }
            return out;
        }
    }

    /**
     * rope_type "llama3" (transformers {@code _compute_llama3_parameters}): wavelengths shorter than
     * original_max_position_embeddings / high_freq_factor are kept, longer than
     * original / low_freq_factor are divided by factor, and the band in between is interpolated with
     * smooth = (original / wavelen − low) / (high − low). Arithmetic is float32 like the torch tensors.
     */
    record Llama3(double factor, double lowFreqFactor, double highFreqFactor, double originalMaxPositionEmbeddings)
            implements RopeScaling {
        private static final float TWO_PI = (float) (2 * Math.PI);

        @Override
        public float[] scale(float[] invFreq) {
            float lowFreqWavelen = (float) (originalMaxPositionEmbeddings / lowFreqFactor);
            float highFreqWavelen = (float) (originalMaxPositionEmbeddings / highFreqFactor);
            float[] out = new float[invFreq.length];
            for (int i = 0; i < out.length; i++) {
                float f = invFreq[i];
                float wavelen = TWO_PI / f;
                float scaled = wavelen > lowFreqWavelen ? (float) (f / factor) : f;
                boolean medium = !(wavelen < highFreqWavelen) && !(wavelen > lowFreqWavelen);
                if (medium) {
                    float smooth = (float) ((float) (originalMaxPositionEmbeddings / wavelen) - lowFreqFactor)
                            / (float) (highFreqFactor - lowFreqFactor);
                    scaled = (float) ((1 - smooth) * scaled / factor) + smooth * scaled;
                }
                out[i] = scaled;
            }
            return out;
        }
    }
}

package org.netllm.testbed.netllm.adapt.train;

import ai.djl.ndarray.NDArray;
import java.util.Collection;

/**
 * torch.nn.utils.clip_grad_norm_ (abr-reference §7.4: max norm 0.25): the global L2 norm over all
 * gradients; if it exceeds the maximum every gradient is scaled by max/(norm + 1e-6).
 */
public final class GradClip {

    /** torch's guard against division by zero in the clip coefficient. */
    static final double EPS = 1e-6;

    private GradClip() {
    }

    /** Clips in place; returns the norm before clipping. */
    public static double clipNorm(Collection<NDArray> grads, double maxNorm) {
        double sq = 0;
        for (NDArray g : grads) {
            try (NDArray s = g.square().sum()) {
                sq += s.getFloat();
            }
        }
        double norm = Math.sqrt(sq);
        double coef = maxNorm / (norm + EPS);
        if (coef < 1) {
            for (NDArray g : grads) {
                g.muli(coef);
            }
        }
        return norm;
    }
}

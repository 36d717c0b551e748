package org.netllm.testbed.netllm.adapt.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * torch.nn.utils.clip_grad_norm_ (docs/reference/abr.md §7.4: max norm 0.25): the global L2 norm over all
 * gradients; if it exceeds the maximum every gradient is scaled by max/(norm + 1e-6).
 *
 * <p>Each tensor's sum of squares is taken in fp64: a finite fp32 gradient with elements around
 * 1e20 has an fp32 square-sum of Infinity (fp32 tops out at 3.4e38), which used to make the global
 * norm infinite and stop training although every gradient was finite. In fp64 the sum of squares
 * of any finite fp32 tensor of realistic size is finite (≤ n · 1.2e77).
 */
public final class GradClip {

    /** torch's guard against division by zero in the clip coefficient. */
    static final double EPS = 1e-6;

    private GradClip() {
    }

    /**
     * Outcome of one clip.
     *
     * @param norm      global L2 norm before clipping (Infinity/NaN when some gradient is non-finite)
     * @param nonFinite names of the gradients holding Inf/NaN, in the given order (empty when the norm is finite)
     */
    public record Result(double norm, List<String> nonFinite) {
        public Result {
            nonFinite = List.copyOf(nonFinite);
        }

        public boolean finite() {
            return Double.isFinite(norm);
        }
    }

    /**
     * Clips named gradients in place when their global norm is finite and above {@code maxNorm}. A
     * non-finite norm leaves the gradients untouched (scaling by 0 would turn Inf into NaN and hide
     * which tensor overflowed) and reports the offending names.
     */
    public static Result clip(Map<String, NDArray> grads, double maxNorm) {
        double sq = 0;
        List<String> nonFinite = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : grads.entrySet()) {
            double s = squareSum64(e.getValue());
            if (!Double.isFinite(s)) {
                nonFinite.add(e.getKey());
            }
            sq += s;
        }
        double norm = Math.sqrt(sq);
        if (!Double.isFinite(norm)) {
            return new Result(norm, nonFinite);
        }
        scale(grads.values(), norm, maxNorm);
        return new Result(norm, List.of());
    }

    /** Clips in place; returns the norm before clipping (unnamed form of {@link #clip}). */
    public static double clipNorm(Collection<NDArray> grads, double maxNorm) {
        Map<String, NDArray> named = new LinkedHashMap<>();
        for (NDArray g : grads) {
            named.put("#" + named.size(), g);
        }
        return clip(named, maxNorm).norm();
    }

    /** Σ g² of one tensor, computed in fp64 (any shape; the result is a scalar). */
    static double squareSum64(NDArray g) {
        try (NDArray d = g.toType(DataType.FLOAT64, true); NDArray sq = d.square(); NDArray s = sq.sum()) {
            return s.getDouble();
        }
    }

    private static void scale(Collection<NDArray> grads, double norm, double maxNorm) {
        double coef = maxNorm / (norm + EPS);
        if (coef < 1) {
            for (NDArray g : grads) {
                g.muli(coef);
            }
        }
    }
}

package org.netllm.testbed.netllm.adapt.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * torch.optim.AdamW on NDArrays (docs/reference/abr.md §7.4: lr 1e-4, weight decay 1e-4, PyTorch's
 * β = (0.9, 0.999), ε = 1e-8), applied in place outside any GradientCollector:
 * <pre>
 * p ← p · (1 − lr·wd)                      (decoupled weight decay, first, as torch does)
 * m ← β1·m + (1 − β1)·g ;  v ← β2·v + (1 − β2)·g²
 * p ← p − lr · (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε)
 * </pre>
 * The moments are named like the parameters so they can be saved and restored for resume.
 */
public final class AdamW implements AutoCloseable {

    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;

    private final double weightDecay;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final NDManager manager;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private long steps;

    public AdamW(Map<String, NDArray> params, double weightDecay, NDManager parent) {
        this(params, weightDecay, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, parent);
    }

    public AdamW(Map<String, NDArray> params, double weightDecay, double beta1, double beta2, double eps,
            NDManager parent) {
        this.weightDecay = weightDecay;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.manager = parent.newSubManager();
        params.forEach((name, p) -> {
            m.put(name, manager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
            v.put(name, manager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
        });
    }

    /** Optimizer steps taken (t of the bias corrections). */
    public long steps() {
        return steps;
    }

    /** One update of every parameter with its gradient, at learning rate {@code lr}. */
    public void step(Map<String, NDArray> params, Map<String, NDArray> grads, double lr) {
        steps++;
        double bc1 = 1 - Math.pow(beta1, steps);
        double bc2 = 1 - Math.pow(beta2, steps);
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            String name = e.getKey();
            NDArray p = e.getValue();
            NDArray g = grads.get(name);
            NDArray mi = m.get(name);
            NDArray vi = v.get(name);
            if (g == null || mi == null) {
                throw new IllegalArgumentException("AdamW: no gradient or moments for parameter '" + name + "'");
            }
            try (NDManager tmp = manager.newSubManager()) {
                p.muli(1 - lr * weightDecay);
                NDArray g1 = g.mul(1 - beta1);
                g1.attach(tmp);
                NDArray g2 = g.square();
                g2.attach(tmp);
                mi.muli(beta1).addi(g1);
                vi.muli(beta2).addi(g2.muli(1 - beta2));
                // results of ops on the moments belong to the optimizer's manager: scope each one
                NDArray vHat = vi.div(bc2);
                vHat.attach(tmp);
                NDArray denom = vHat.sqrt();
                denom.attach(tmp);
                denom.addi(eps);
                NDArray update = mi.div(bc1);
                update.attach(tmp);
                update.divi(denom).muli(lr);
                p.subi(update);
            }
        }
    }

    /** First and second moments, prefixed {@code m.} / {@code v.}, plus the step count, for resume. */
    public Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        m.forEach((k, a) -> out.put("m." + k, a));
        v.forEach((k, a) -> out.put("v." + k, a));
        return out;
    }

    /** Restores moments (names as {@link #state()}) and the step count. */
    public void restore(Map<String, float[]> state, long stepCount) {
        for (String prefix : List.of("m.", "v.")) {
            Map<String, NDArray> target = prefix.equals("m.") ? m : v;
            for (Map.Entry<String, NDArray> e : target.entrySet()) {
                float[] values = state.get(prefix + e.getKey());
                if (values == null || values.length != e.getValue().size()) {
                    throw new IllegalArgumentException("optimizer state lacks '" + prefix + e.getKey() + "' of "
                            + e.getValue().size() + " values");
                }
                e.getValue().set(values);
            }
        }
        this.steps = stepCount;
    }

    @Override
    public void close() {
        manager.close();
    }
}

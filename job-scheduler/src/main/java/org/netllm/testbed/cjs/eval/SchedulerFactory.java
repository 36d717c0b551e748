package org.netllm.testbed.cjs.eval;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.netllm.testbed.cjs.decima.DecimaNetwork;
import org.netllm.testbed.cjs.decima.DecimaScheduler;
import org.netllm.testbed.cjs.decima.DecimaWeights;
import org.netllm.testbed.cjs.netllm.NetLlmCjsModel;
import org.netllm.testbed.cjs.netllm.NetLlmCjsScheduler;
import org.netllm.testbed.cjs.sched.RoundRobinScheduler;
import org.netllm.testbed.cjs.sched.Scheduler;

/**
 * Builds a fresh scheduler per episode by name. The Decima network (immutable) is loaded once and
 * shared; sampling state lives in the per-episode scheduler. NetLLM-CJS needs a model opened by the
 * process (a start-up choice, never a request's): without one, {@code netllm} is refused with the reason.
 */
public final class SchedulerFactory {

    public static final List<String> NAMES = List.of("fifo", "fair", "decima", "decima-greedy", "netllm", "netllm-greedy");

    private volatile DecimaNetwork decima;
    private final Optional<Supplier<NetLlmCjsModel>> netllm;
    private volatile NetLlmCjsModel netllmModel;

    /** FIFO, Fair and Decima only. */
    public SchedulerFactory() {
        this.netllm = Optional.empty();
    }

    /**
     * @param netllm opens the NetLLM-CJS model on first use (once); the caller owns and closes what it returns
     */
    public SchedulerFactory(Supplier<NetLlmCjsModel> netllm) {
        this.netllm = Optional.of(netllm);
    }

    public static void checkName(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown scheduler '" + name + "'; known: " + String.join(", ", NAMES));
        }
    }

    public Scheduler create(String name) {
        checkName(name);
        return switch (name) {
            case "fifo" -> RoundRobinScheduler.fifo();
            case "fair" -> RoundRobinScheduler.fair();
            case "decima" -> new DecimaScheduler(decima(), DecimaScheduler.Mode.SAMPLE);
            case "decima-greedy" -> new DecimaScheduler(decima(), DecimaScheduler.Mode.GREEDY);
            case "netllm" -> new NetLlmCjsScheduler(netllm(), NetLlmCjsScheduler.Mode.SAMPLE);
            case "netllm-greedy" -> new NetLlmCjsScheduler(netllm(), NetLlmCjsScheduler.Mode.GREEDY);
            default -> throw new IllegalStateException(name);
        };
    }

    public DecimaNetwork decima() {
        DecimaNetwork d = decima;
        if (d == null) {
            synchronized (this) {
                if (decima == null) {
                    decima = new DecimaNetwork(DecimaWeights.pretrained());
                }
                d = decima;
            }
        }
        return d;
    }

    /** Whether this factory can build {@code netllm} schedulers. */
    public boolean hasNetLlm() {
        return netllm.isPresent();
    }

    /** The NetLLM-CJS model (opened on first use). */
    public NetLlmCjsModel netllm() {
        NetLlmCjsModel m = netllmModel;
        if (m == null) {
            synchronized (this) {
                if (netllmModel == null) {
                    netllmModel = netllm.orElseThrow(() -> new IllegalArgumentException(
                            "scheduler 'netllm' needs a NetLLM-CJS model, and this process opened none")).get();
                }
                m = netllmModel;
            }
        }
        return m;
    }
}

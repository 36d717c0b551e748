package org.netllm.testbed.cjs.eval;

import java.util.List;
import org.netllm.testbed.cjs.decima.DecimaNetwork;
import org.netllm.testbed.cjs.decima.DecimaScheduler;
import org.netllm.testbed.cjs.decima.DecimaWeights;
import org.netllm.testbed.cjs.sched.RoundRobinScheduler;
import org.netllm.testbed.cjs.sched.Scheduler;

/**
 * Builds a fresh scheduler per episode by name. The Decima network (immutable) is loaded once and
 * shared; sampling state lives in the per-episode scheduler.
 */
public final class SchedulerFactory {

    public static final List<String> NAMES = List.of("fifo", "fair", "decima", "decima-greedy");

    private volatile DecimaNetwork decima;

    public static void checkName(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown scheduler '" + name + "'; known: " + String.join(", ", NAMES)
                    + (name.equals("netllm") ? " (NetLLM-CJS is not built yet)" : ""));
        }
    }

    public Scheduler create(String name) {
        checkName(name);
        return switch (name) {
            case "fifo" -> RoundRobinScheduler.fifo();
            case "fair" -> RoundRobinScheduler.fair();
            case "decima" -> new DecimaScheduler(decima(), DecimaScheduler.Mode.SAMPLE);
            case "decima-greedy" -> new DecimaScheduler(decima(), DecimaScheduler.Mode.GREEDY);
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
}

package org.netllm.testbed.abr.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.netllm.testbed.traces.CookedTrace;
import org.netllm.testbed.traces.StartPointers;
import org.netllm.testbed.traces.TraceSet;

/** Repo-committed inputs shared by the simulator tests. */
final class SimTestData {

    private SimTestData() {
    }

    static Path root() {
        return Path.of(System.getProperty("testbed.root", "."));
    }

    static Path fccTestDir() {
        return root().resolve("traces/fcc/test");
    }

    static Path fccTestPointers() {
        return root().resolve("traces/fcc/test_mahimahi_ptrs.json");
    }

    /** traces/fcc/test read through the traces module, in NetLLM's sorted order. */
    static List<CookedTrace> fccTest() {
        try {
            return TraceSet.open(fccTestDir()).readCooked();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** NetLLM's start pointers for {@code traces} (= {@link #fccTest()}), position by position. */
    static int[] fccTestStartPointers(List<CookedTrace> traces) {
        try {
            return StartPointers.read(fccTestPointers()).forTraces(traces);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** times 0, 1, …, n−1 s at a constant rate (docs/reference/abr.md §3.4 synthetic trace). */
    static CookedTrace constant(String name, int samples, double mbps) {
        double[] t = new double[samples];
        double[] bw = new double[samples];
        for (int i = 0; i < samples; i++) {
            t[i] = i;
            bw[i] = mbps;
        }
        return new CookedTrace(name, t, bw);
    }
}

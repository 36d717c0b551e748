package org.netllm.testbed.abr.sim;

import java.nio.file.Path;
import java.util.List;
import org.netllm.testbed.traces.CookedTrace;

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

    static List<CookedTrace> fccTest() {
        return SimTraceInput.loadCooked(fccTestDir());
    }

    /** times 0, 1, …, n−1 s at a constant rate (abr-reference §3.4 synthetic trace). */
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

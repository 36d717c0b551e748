package org.netllm.testbed.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.netllm.testbed.abr.sim.TracePlan;
import org.netllm.testbed.traces.CookedTrace;
import org.netllm.testbed.traces.CookedTraceIO;
import org.netllm.testbed.traces.StartPointers;
import org.netllm.testbed.traces.TraceSet;

/**
 * Trace folder + start pointers → {@link TracePlan}, shared by {@code sim} and {@code bench sim}.
 * The folder is read by the traces module as NetLLM's loader does ({@link TraceSet}: sorted names,
 * dot-files and pointer files skipped; docs/reference/abr.md §2.2); a single cooked file is also accepted.
 * Pointers ({@link StartPointers}) must list the same traces in the same order.
 * Without {@code --start-pointers}, a sibling {@code <folder>_mahimahi_ptrs.json} (the layout of
 * {@code traces/fcc/test}) is used when present — announced on stderr and recorded in the results —
 * else pointers are drawn as NetLLM does (docs/reference/abr.md §3.1 step 3).
 */
final class SimInputs {

    private static final String POINTER_SUFFIX = "_mahimahi_ptrs.json";

    final List<CookedTrace> traces;
    final Path pointerFile;
    final int[] pointers;

    private SimInputs(List<CookedTrace> traces, Path pointerFile, int[] pointers) {
        this.traces = traces;
        this.pointerFile = pointerFile;
        this.pointers = pointers;
    }

    static SimInputs load(Path traceDir, Path explicitPointers, boolean quiet) throws IOException {
        if (!Files.exists(traceDir)) {
            throw new IllegalArgumentException("--traces " + traceDir + " does not exist");
        }
        List<CookedTrace> traces = Files.isRegularFile(traceDir)
                ? List.of(CookedTraceIO.read(traceDir))
                : TraceSet.open(traceDir).readCooked();
        Path ptrFile = explicitPointers;
        if (ptrFile == null) {
            Path sibling = traceDir.toAbsolutePath().normalize().resolveSibling(
                    traceDir.toAbsolutePath().normalize().getFileName() + POINTER_SUFFIX);
            if (Files.isRegularFile(sibling)) {
                ptrFile = sibling;
                if (!quiet) {
                    System.err.println("note: using start pointers " + sibling + " (pass --start-pointers to choose)");
                }
            }
        } else if (!Files.isRegularFile(ptrFile)) {
            throw new IllegalArgumentException("--start-pointers " + ptrFile + " is not a file");
        }
        int[] pointers = ptrFile == null ? null : StartPointers.read(ptrFile).forTraces(traces);
        return new SimInputs(traces, ptrFile, pointers);
    }

    TracePlan plan(boolean fixed, int traceNum, long seed) {
        return TracePlan.build(traces, pointers, fixed, traceNum, new SplittableRandom(seed));
    }
}

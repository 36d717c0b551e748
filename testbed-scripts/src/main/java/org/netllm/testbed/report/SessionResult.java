package org.netllm.testbed.report;

import java.nio.file.Path;
import java.util.List;

/**
 * One finished browser session as the report sees it.
 *
 * @param key         experiment key alg/set/trace/r<k>
 * @param algorithm   registry name
 * @param traceSet    trace-set folder name
 * @param trace       trace file name
 * @param dir         result folder
 * @param rows        per-chunk table (chunks.csv)
 * @param qoe         session score, first chunk excluded (docs/reference/abr.md §4.2)
 * @param t0EpochMs   the trace's time zero, epoch ms: session creation (built-in link) or the Mahimahi shell's start
 * @param tracePath   trace file relative to the repository root
 */
public record SessionResult(String key, String algorithm, String traceSet, String trace, Path dir, List<ChunkRow> rows,
                           SessionQoe qoe, long t0EpochMs, String tracePath) {

    public SessionResult {
        rows = List.copyOf(rows);
    }
}

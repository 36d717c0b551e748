package org.netllm.testbed.abr.qoe;

import java.util.List;

/**
 * One session (one trace) of one algorithm: its chunks and its QoE summary (docs/reference/abr.md §4.2, first chunk
 * excluded).
 *
 * @param traceName    trace file name
 * @param traceIndex   index of the trace in the sorted trace set
 * @param startPointer trace sample the session started at (simulator), or −1 where not applicable
 * @param chunks       every chunk, first included
 * @param qoe          summary over the scored chunks
 */
public record SessionRecord(String traceName, int traceIndex, int startPointer, List<ChunkRecord> chunks,
                            QoeSummary qoe) {

    public SessionRecord {
        chunks = List.copyOf(chunks);
    }

    public static SessionRecord of(String traceName, int traceIndex, int startPointer, List<ChunkRecord> chunks) {
        return new SessionRecord(traceName, traceIndex, startPointer, chunks, QoeSummary.ofSession(chunks));
    }
}

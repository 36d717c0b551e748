package org.netllm.testbed.server.log;

/**
 * Accumulates a session's per-chunk QoE terms; the first chunk is seen but not scored
 * (docs/reference/abr.md §4.2, §9.9). Not thread-safe: one session's serial order updates it.
 */
public final class QoeTracker {

    private final double lambda;
    private int chunks;
    private double rewardSum;
    private double bitrateSum;
    private double rebufSum;
    private double smoothSum;
    private double totalRebufS;

    public QoeTracker(double lambda) {
        this.lambda = lambda;
    }

    public void add(ChunkRecord r) {
        totalRebufS += r.rebufferS();
        if (chunks++ == 0) {
            return; // docs/reference/abr.md §4.2: the first chunk of every session is excluded from the score
        }
        rewardSum += r.reward();
        bitrateSum += r.bitrateKbps() / 1000.0;
        rebufSum += r.rebufferS();
        smoothSum += r.smoothnessMbps();
    }

    public int chunks() {
        return chunks;
    }

    public QoeSummary summary() {
        int n = Math.max(0, chunks - 1);
        if (n == 0) {
            return new QoeSummary(null, null, null, null, lambda, 0, totalRebufS);
        }
        return new QoeSummary(rewardSum / n, bitrateSum / n, rebufSum / n, smoothSum / n, lambda, n, totalRebufS);
    }
}

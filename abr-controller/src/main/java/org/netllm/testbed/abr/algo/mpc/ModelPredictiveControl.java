package org.netllm.testbed.abr.algo.mpc;

import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.AbrAlgorithmFactory;
import org.netllm.testbed.abr.algo.AbrContext;
import org.netllm.testbed.abr.algo.AbrObservation;
import org.netllm.testbed.abr.qoe.QoeParams;
import org.netllm.testbed.abr.state.PensieveState;
import org.netllm.testbed.abr.state.StateNormalisation;
import org.netllm.testbed.abr.video.VideoSpec;

/**
 * RobustMPC / FastMPC (docs/reference/abr.md §6.2, §6.3). The horizon is min(H, totalChunks − k − 1) after
 * chunk k; which chunk sizes price the plan is the variant's {@link MpcChunkIndexing}: GENET emulator
 * semantics (plans start at chunk k + 1, sizes modulo the table) for {@code robustmpc}/{@code fastmpc},
 * the NetLLM simulator's off-by-one (chunk k + 2, 0 bytes past the table) for
 * {@code robustmpc-netllm-sim}. One instance per session; {@link #decide} allocates nothing.
 */
public final class ModelPredictiveControl implements AbrAlgorithm {

    /** Buffer added per planned chunk, seconds (GENET mpc.py adds a literal 4 = VIDEO_CHUNK_LEN). */
    public static final double PLANNED_CHUNK_S = 4.0;
    /** Bytes per MB: download time = size_B / 10^6 / F(MB/s). */
    private static final double BYTES_PER_MB = 1_000_000.0;
    /** kbit/s → Mbit/s in the objective. */
    private static final double KBPS_PER_MBPS = 1000.0;

    private final MpcVariant variant;
    private final VideoSpec video;
    private final int[] bitratesKbps;
    private final int totalChunks;
    private final double rebufPenalty;
    private final double smoothPenalty;
    private final MpcPlans plans;
    private final PensieveState state;
    private final ThroughputEstimator estimator;

    public ModelPredictiveControl(MpcVariant variant, AbrContext context) {
        this.variant = variant;
        this.video = context.video();
        this.bitratesKbps = video.bitratesKbps().clone();
        this.totalChunks = context.totalChunks();
        QoeParams qoe = context.qoe();
        this.rebufPenalty = qoe.rebufPenalty();
        this.smoothPenalty = qoe.smoothPenalty();
        this.plans = MpcPlans.forLevels(video.levels());
        // MPC reads only row 2; S_LEN 6 as in GENET's abr_server, which MPC shares the state with
        this.state = new PensieveState(bitratesKbps, Math.max(StateNormalisation.S_LEN_GENET, video.levels()),
                Math.max(1, totalChunks));
        this.estimator = new ThroughputEstimator(variant.robust());
    }

    public static AbrAlgorithmFactory factory(MpcVariant variant) {
        return context -> new ModelPredictiveControl(variant, context);
    }

    /** Cheap and bounded (RobustMPC p50 8 µs / p99 15 µs (a 5-chunk plan over 6 levels)): the server decides it on the event loop. */
    @Override
    public boolean decidesInline() {
        return true;
    }

    @Override
    public String name() {
        return variant.name();
    }

    @Override
    public int decide(AbrObservation obs) {
        state.update(obs);
        double bandwidth = estimator.predict(state);
        int horizon = Math.min(variant.maxHorizon(), totalChunks - obs.chunkIndex() - 1);
        if (bandwidth <= 0.0 || horizon <= 0) {
            // no throughput sample yet, or nothing left to plan: GENET's empty plan answers 0
            return 0;
        }
        return bestFirstQuality(obs.quality(), obs.bufferS(), obs.chunkIndex(), horizon, bandwidth);
    }

    /**
     * docs/reference/abr.md §6.2 step 6: scores every jump-restricted plan cut to {@code horizon} and returns the first
     * quality of the best one; ties go to the later plan ({@code >=}).
     */
    int bestFirstQuality(int currentQuality, double bufferS, int chunkIndex, int horizon, double bandwidthMBps) {
        int[] table = plans.table(currentQuality);
        int count = table.length / MpcPlans.PLAN_LENGTH;
        double best = Double.NEGATIVE_INFINITY;
        int bestFirst = 0;
        for (int p = 0; p < count; p++) {
            double score = objective(table, p * MpcPlans.PLAN_LENGTH, horizon, currentQuality, bufferS,
                    chunkIndex, bandwidthMBps);
            if (score >= best) {
                best = score;
                bestFirst = table[p * MpcPlans.PLAN_LENGTH];
            }
        }
        return bestFirst;
    }

    /**
     * The plan's QoE. CANONICAL SUMMATION ORDER (docs/reference/abr.md §6.2 step 6 [REC]; ties between
     * plans are decided by floating-point rounding, so this order is part of the algorithm): one
     * double accumulates, per planned chunk j in plan order,
     * {@code B_j/1000 − λ·rebuf_j − γ·|B_j − B_{j−1}|/1000}, evaluated left to right, with B_{−1}
     * the current quality's bitrate, as GENET's emulator sums it.
     */
    double objective(int[] table, int offset, int horizon, int currentQuality, double bufferS, int chunkIndex,
            double bandwidthMBps) {
        MpcChunkIndexing indexing = variant.indexing();
        double buffer = bufferS;
        double score = 0.0;
        int prevKbps = bitratesKbps[currentQuality];
        for (int j = 0; j < horizon; j++) {
            int q = table[offset + j];
            int index = indexing.plannedIndex(chunkIndex, j);
            double downloadS = (indexing.sizeBytes(video, q, index) / BYTES_PER_MB) / bandwidthMBps;
            double rebuf;
            if (buffer < downloadS) {
                rebuf = downloadS - buffer;
                buffer = 0.0;
            } else {
                rebuf = 0.0;
                buffer -= downloadS;
            }
            buffer += PLANNED_CHUNK_S;
            int kbps = bitratesKbps[q];
            score += kbps / KBPS_PER_MBPS - rebufPenalty * rebuf
                    - smoothPenalty * Math.abs(kbps - prevKbps) / KBPS_PER_MBPS;
            prevKbps = kbps;
        }
        return score;
    }

    /**
     * Scores an explicit plan after chunk {@code chunkIndex} (just downloaded) was fetched at
     * {@code currentQuality} (tests and diagnostics); same arithmetic as the search.
     */
    public double score(int[] plan, int currentQuality, double bufferS, int chunkIndex, double bandwidthMBps) {
        return objective(plan, 0, plan.length, currentQuality, bufferS, chunkIndex, bandwidthMBps);
    }

    /** The previous undiscounted bandwidth estimate in MB/s (GENET's log column), 0 before the first. */
    public double lastEstimateMBps() {
        return estimator.lastEstimate();
    }

    @Override
    public void reset() {
        state.reset();
        estimator.reset();
    }
}

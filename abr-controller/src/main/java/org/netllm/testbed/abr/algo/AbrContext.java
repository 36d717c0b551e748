package org.netllm.testbed.abr.algo;

import org.netllm.testbed.abr.qoe.QoeParams;
import org.netllm.testbed.abr.video.VideoSpec;

/**
 * Everything fixed for one session that an algorithm may need.
 *
 * @param video        ladder and chunk sizes (MPC plans with them)
 * @param qoe          λ/γ of the objective (MPC optimises it; results record it)
 * @param totalChunks  chunks the session plays (48 in the NetLLM simulator, 49 in the browser)
 * @param seed         seed for stochastic policies (sampling actors, NetLLM)
 * @param sampling     true: learned actors sample their action; false: argmax
 */
public record AbrContext(VideoSpec video, QoeParams qoe, int totalChunks, long seed, boolean sampling) {
}

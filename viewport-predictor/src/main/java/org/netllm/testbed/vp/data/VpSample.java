package org.netllm.testbed.vp.data;

/**
 * One prediction sample: history rows [anchor−hw, anchor) and ground-truth rows [anchor, anchor+pw)
 * of a trace, in degrees, (hw, 3) and (pw, 3).
 */
public record VpSample(VpDataset dataset, TraceKey trace, int anchor, double[][] history, double[][] future) {
}

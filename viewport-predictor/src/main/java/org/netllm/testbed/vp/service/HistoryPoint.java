package org.netllm.testbed.vp.service;

/**
 * One history sample of a predict request (docs/reference/vp.md §5.1): time in seconds and intrinsic
 * Z-X-Y Euler angles in degrees. Boxed so that a missing field is reported, not read as 0.
 */
public record HistoryPoint(Double t, Double roll, Double pitch, Double yaw) {
}

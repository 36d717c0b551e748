package org.netllm.testbed.vp.service;

/** Angles of one timestep in degrees (evaluation input, §5.3); boxed so a missing field is reported. */
public record AnglePoint(Double roll, Double pitch, Double yaw) {
}

package org.netllm.testbed.vp.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** {@code POST /api/vp/evaluate} body (§5.3): predictions and ground truth of equal length, degrees. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluateRequest(List<AnglePoint> predictions, List<AnglePoint> groundTruth) {
}

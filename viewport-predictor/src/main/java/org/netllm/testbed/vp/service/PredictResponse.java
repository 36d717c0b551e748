package org.netllm.testbed.vp.service;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * {@code POST /api/vp/predict} reply (docs/reference/vp.md §5.2). {@code latencyMs} is the service's own
 * inference time; {@code historyDropped} counts rows dropped because their timestamp went backwards.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PredictResponse(
        List<PredictedPoint> predictions,
        String method,
        int historyUsed,
        int historyDropped,
        double sampleRateHz,
        String convention,
        double latencyMs,
        Integer videoId,
        Integer userId,
        Integer anchorIndex) {
}

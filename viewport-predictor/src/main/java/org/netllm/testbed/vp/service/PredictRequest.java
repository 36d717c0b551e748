package org.netllm.testbed.vp.service;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * {@code POST /api/vp/predict} body (docs/reference/vp.md §5.1). {@code method} (the spec's
 * {@code model}, accepted as an alias) defaults to netllm when a NetLLM-VP model is deployed, else lr;
 * {@code historyWindow} defaults to 10, {@code horizon} to 20. {@code videoId}/{@code userId}/
 * {@code anchorIndex} are echoed for replay logging. Unknown fields (e.g. {@code frame}) are ignored:
 * the served model does not use images.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PredictRequest(
        List<HistoryPoint> history,
        Integer historyWindow,
        Integer horizon,
        @JsonAlias("model") String method,
        String orientationFormat,
        Boolean wrapOutputs,
        Integer videoId,
        Integer userId,
        Integer anchorIndex) {

    /** A request with only the fields a replay client needs. */
    public static PredictRequest of(List<HistoryPoint> history, int historyWindow, int horizon, String method) {
        return new PredictRequest(history, historyWindow, horizon, method, null, null, null, null, null);
    }
}

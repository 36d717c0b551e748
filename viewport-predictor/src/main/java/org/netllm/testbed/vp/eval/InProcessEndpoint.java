package org.netllm.testbed.vp.eval;

import org.netllm.testbed.vp.service.PredictRequest;
import org.netllm.testbed.vp.service.PredictResponse;
import org.netllm.testbed.vp.service.VpPredictionService;

/** {@code --offline}: the service called directly, with the same request objects the HTTP mode sends. */
public final class InProcessEndpoint implements PredictEndpoint {
    private final VpPredictionService service;

    public InProcessEndpoint(VpPredictionService service) {
        this.service = service;
    }

    @Override
    public PredictResponse predict(PredictRequest request) {
        return service.predict(request);
    }

    @Override
    public String describe() {
        return "in-process";
    }
}

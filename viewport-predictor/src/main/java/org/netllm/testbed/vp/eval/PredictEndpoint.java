package org.netllm.testbed.vp.eval;

import org.netllm.testbed.vp.service.PredictRequest;
import org.netllm.testbed.vp.service.PredictResponse;

import java.io.IOException;

/** Where an in-situ evaluation sends its requests: the service in-process, or a server over HTTP. */
public interface PredictEndpoint {
    PredictResponse predict(PredictRequest request) throws IOException;

    /** A short description for the report ("in-process", "http://127.0.0.1:8080/"). */
    String describe();
}

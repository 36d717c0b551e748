package org.netllm.testbed.vp.eval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.netllm.testbed.vp.service.PredictRequest;
import org.netllm.testbed.vp.service.PredictResponse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends predict requests to {@code POST <base>/api/vp/predict} as a 360° client would. */
public final class HttpPredictEndpoint implements PredictEndpoint {
    public static final String PREDICT_PATH = "api/vp/predict";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int OK = 200;

    private final HttpClient client;
    private final URI predict;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public HttpPredictEndpoint(HttpClient client, URI base) {
        this.client = client;
        this.predict = (base.toString().endsWith("/") ? base : URI.create(base + "/")).resolve(PREDICT_PATH);
    }

    @Override
    public PredictResponse predict(PredictRequest request) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(predict).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(request))).build();
        HttpResponse<byte[]> res;
        try {
            res = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + predict, e);
        }
        if (res.statusCode() != OK) {
            throw new IOException(predict + " answered " + res.statusCode() + ": " + new String(res.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return json.readValue(res.body(), PredictResponse.class);
    }

    @Override
    public String describe() {
        return predict.toString();
    }
}

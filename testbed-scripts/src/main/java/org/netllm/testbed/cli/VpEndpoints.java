package org.netllm.testbed.cli;

import org.netllm.testbed.vp.HttpPredictEndpoint;
import org.netllm.testbed.vp.eval.InProcessEndpoint;
import org.netllm.testbed.vp.eval.PredictEndpoint;
import org.netllm.testbed.vp.predict.VpMethod;
import org.netllm.testbed.vp.service.VpPredictionService;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;

/** The endpoint an evaluation talks to, and whatever it had to start for it (closed with it). */
final class VpEndpoints {

    private VpEndpoints() {
    }

    /** An endpoint and its owner: closing it stops what {@link #open} started. */
    record Opened(PredictEndpoint endpoint, AutoCloseable owner) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            owner.close();
        }
    }

    static Opened open(boolean offline, URI server, List<VpMethod> methods) {
        if (offline) {
            return new Opened(new InProcessEndpoint(VpPredictionService.withBaselines(null)), () -> { });
        }
        if (server != null) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            return new Opened(new HttpPredictEndpoint(client, server), () -> { }); // Java 17 HttpClient has no close; it ends with the JVM
        }
        throw new IllegalArgumentException("this build's server has no VP routes yet: pass --offline, or --server URL of a server that has them");
    }
}

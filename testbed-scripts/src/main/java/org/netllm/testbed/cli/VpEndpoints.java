package org.netllm.testbed.cli;

import org.netllm.testbed.vp.eval.HttpPredictEndpoint;
import org.netllm.testbed.vp.eval.InProcessEndpoint;
import org.netllm.testbed.vp.eval.PredictEndpoint;
import org.netllm.testbed.vp.predict.VpMethod;
import org.netllm.testbed.vp.service.VpPredictionService;

import org.netllm.testbed.netllm.backbone.LoadOptions;
import org.netllm.testbed.netllm.serve.ForwardEngine;
import org.netllm.testbed.netllm.serve.SharedBackboneLoader;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.serving.VpDeployment;
import org.netllm.testbed.vp.netllm.NetLlmVpModel;
import org.netllm.testbed.vp.netllm.NetLlmVpModels;
import org.netllm.testbed.vp.netllm.VpCheckpoint;
import org.netllm.testbed.server.session.ContentVideoLibrary;
import org.netllm.testbed.server.session.NetemLinks;
import org.netllm.testbed.serving.ServerAssembly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.util.List;

/** The endpoint an evaluation talks to, and whatever it had to start for it (closed with it). */
final class VpEndpoints {
    /** Backbone name recorded by checkpoints trained on the embedded ABR backbone. */
    static final String EMBEDDED_PREFIX = "embedded:";

    /** The embedded adapter, or a `vp train` checkpoint / run folder, on its backbone (own loader, this JVM). */
    static NetLlmVpModel openModel(Path model, ForwardEngine engine) throws IOException {
        SharedBackboneLoader loader = new SharedBackboneLoader(LoadOptions.defaults());
        if (model == null) {
            return VpDeployment.openEmbedded(loader, engine);
        }
        Path dir = NetLlmVpModels.resolveCheckpoint(RepoRoot.userPath(model));
        VpCheckpoint c = VpCheckpoint.read(dir);
        Path backbone = c.backbone().startsWith(EMBEDDED_PREFIX) ? VpDeployment.sharedBackbone() : c.recordedBackbone(dir);
        return NetLlmVpModel.open(dir, backbone, loader, engine);
    }

    private static final String LOOPBACK = "127.0.0.1";

    private VpEndpoints() {
    }

    /** An endpoint and its owner: closing it stops what {@link #open} started. */
    record Opened(PredictEndpoint endpoint, AutoCloseable owner) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            owner.close();
        }
    }

    /** @param engine what runs NetLLM-VP in offline mode (a server uses its model service's engine) */
    static Opened open(boolean offline, URI server, List<VpMethod> methods, Path model, ForwardEngine engine) throws IOException {
        if (model != null && !offline) {
            throw new IllegalArgumentException("--model applies to --offline only (a server serves its own embedded adapter)");
        }
        if (offline) {
            if (!methods.contains(VpMethod.NETLLM)) {
                return new Opened(new InProcessEndpoint(VpPredictionService.withBaselines(null)), () -> { });
            }
            NetLlmVpModel m = openModel(model, engine);
            return new Opened(new InProcessEndpoint(VpPredictionService.withBaselines(m)), m);
        }
        if (server != null) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            return new Opened(new HttpPredictEndpoint(client, server), () -> { }); // Java 17 HttpClient has no close; it ends with the JVM
        }
        // default: the same server `./testbed serve` runs (every task, same assembly), in this process on loopback
        Path results;
        try {
            results = Files.createTempDirectory("vp-evaluate-server");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a results folder for the in-process server", e);
        }
        Path root = RepoRoot.get();
        ServerConfig cfg = ServerConfig.defaults(root.resolve("content"), results, root.resolve("traces"))
                .withHost(LOOPBACK).withPort(0);
        ServerAssembly assembly = ServerAssembly.start(cfg, ContentVideoLibrary.dashContent(cfg.contentRoot()), new NetemLinks(), java.util.List.of());
        URI base = URI.create("http://" + LOOPBACK + ":" + assembly.server().port() + "/");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new Opened(new HttpPredictEndpoint(client, base), assembly);
    }
}

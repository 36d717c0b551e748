package org.netllm.testbed.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.netllm.testbed.browser.BrowserSessionRunner;
import org.netllm.testbed.browser.SessionRequest;
import org.netllm.testbed.browser.TestbedApi;
import org.netllm.testbed.experiment.ExperimentConfig;
import org.netllm.testbed.experiment.InProcessServer;
import org.netllm.testbed.experiment.ServerHandle;
import org.netllm.testbed.server.relay.DecisionRelay;
import org.netllm.testbed.server.relay.RelayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ./testbed session}: one real-browser session to the end of the video. */
@Command(name = "session", mixinStandardHelpOptions = true,
        description = "Play one session in headless Chromium (Selenium) over an emulated link and write its results.")
public final class SessionCommand implements Callable<Integer> {

    /** run.json extra field: when the trace's clock started, if not at session creation (Mahimahi). */
    public static final String TRACE_START_FIELD = "traceStartEpochMs";

    @Option(names = "--algorithm", required = true, description = "ABR algorithm, e.g. bba, robustmpc, genet, netllm, fixed-1")
    String algorithm;

    @Option(names = "--trace", description = "trace file relative to the repo root, e.g. traces/fcc-real/<file>; omit for an unshaped link")
    String trace;

    @Option(names = "--video", defaultValue = "envivio", description = "video id (default ${DEFAULT-VALUE})")
    String video;

    @Option(names = "--lambda", defaultValue = "" + ExperimentConfig.DEFAULT_LAMBDA, description = "rebuffer penalty λ (default ${DEFAULT-VALUE})")
    double lambda;

    @Option(names = "--delay-ms", description = "one-way delay the server adds (default " + SessionRequest.DEFAULT_DELAY_MS
            + " with --link builtin; 0 with --link none: behind mm-link, mm-delay is the delay)")
    Integer delayMs;

    @Option(names = "--trace-start-epoch-ms", hidden = true, description = "set by the Mahimahi runner: when mm-link's trace "
            + "clock started (the fidelity report's time zero)")
    Long traceStartEpochMs;

    @Option(names = "--link", description = "builtin (server shapes the trace) or none (already behind mm-link); "
            + "default builtin with --trace, none without")
    String link;

    @Option(names = "--experiment-key", hidden = true, description = "set by the experiment runner (mahimahi mode)")
    String experimentKey;

    @Option(names = "--decisions", paramLabel = "URL", description = "a running decision relay (org.netllm.testbed.server.relay."
            + "DecisionRelay): the page and its decisions come from it, media from the server (Mahimahi bypass path)")
    URI decisions;

    @Option(names = "--decision-socket", paramLabel = "PATH", description = "start a decision relay in this JVM towards "
            + "the server's Unix socket PATH (the in-process server listens there too) and send decisions through it")
    Path decisionSocket;

    @Option(names = "--out", required = true, description = "result folder")
    Path out;

    @Mixin
    ServerOptions serverOptions;

    @Override
    public Integer call() throws Exception {
        if (decisions != null && decisionSocket != null) {
            throw new IllegalArgumentException("--decisions URL and --decision-socket PATH both name the decision relay; give one");
        }
        ObjectMapper json = new ObjectMapper();
        Path outDir = RepoRoot.userPath(out);
        Files.createDirectories(outDir);
        String mode = link != null ? link : trace == null ? SessionRequest.LINK_NONE : SessionRequest.LINK_BUILTIN;
        int delay = delayMs != null ? delayMs : SessionRequest.LINK_NONE.equals(mode) ? 0 : SessionRequest.DEFAULT_DELAY_MS;
        SessionRequest req = new SessionRequest(algorithm, video, trace, lambda, mode, delay, experimentKey);
        Map<String, Object> extra = new java.util.LinkedHashMap<>();
        if (experimentKey != null) {
            String[] k = experimentKey.split("/");
            if (k.length != 4 || !k[3].startsWith("r")) {
                throw new IllegalArgumentException("--experiment-key must be alg/set/trace/r<k>, got " + experimentKey);
            }
            extra.put("experimentKey", experimentKey);
            extra.put("traceSet", k[1]);
            extra.put("repeat", Integer.parseInt(k[3].substring(1)));
            extra.put("emulator", "mahimahi");
        }
        if (traceStartEpochMs != null) {
            extra.put(TRACE_START_FIELD, traceStartEpochMs);
        }
        Optional<Path> socket = Optional.ofNullable(decisionSocket).map(RepoRoot::userPath);
        if (serverOptions.grid != null && (socket.isPresent() || decisions != null)) {
            throw new IllegalArgumentException("--decision-socket/--decisions put the player page on a relay on this machine's "
                    + "loopback, which browsers on a Grid cannot reach; drop them or --grid");
        }
        // --link none means the browser already sits behind mm-link on this machine (the mahimahi experiment's child)
        var browsers = serverOptions.browsers(SessionRequest.LINK_NONE.equals(mode) && experimentKey != null);
        try (ServerHandle server = serverOptions.open(outDir.resolve("server"), serverOptions.bindHost(InProcessServer.LOOPBACK), socket,
                java.util.List.of(algorithm));
             DecisionRelay relay = socket.map(s -> new DecisionRelay(RelayConfig.of(s, 0)).start()).orElse(null)) {
            Optional<URI> relayUrl = relay != null ? Optional.of(URI.create(relay.baseUrl() + "/")) : Optional.ofNullable(decisions);
            BrowserSessionRunner runner = new BrowserSessionRunner(new TestbedApi(server.baseUrl(), json),
                    serverOptions.browserOrigin(server.baseUrl()), server.resultsDir(), browsers, json, relayUrl);
            BrowserSessionRunner.Outcome o = runner.run(req, outDir, extra);
            System.out.printf(Locale.ROOT, "session %s: %d chunks, QoE %.4f (bitrate %.3f Mbit/s, rebuffer %.3f s/chunk, smoothness %.3f), "
                            + "wall %.1f s → %s%n", o.sessionId(), o.chunks().size(), o.qoe().qoe(), o.qoe().bitrateMbps(),
                    o.qoe().rebufferS(), o.qoe().smoothnessMbps(), o.wallS(), outDir);
        }
        return 0;
    }
}

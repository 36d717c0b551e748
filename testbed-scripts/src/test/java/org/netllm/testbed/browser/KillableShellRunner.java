package org.netllm.testbed.browser;

import org.netllm.testbed.experiment.DecisionPath;
import org.netllm.testbed.experiment.ExperimentConfig;
import org.netllm.testbed.experiment.InProcessServer;
import org.netllm.testbed.experiment.ServerHandle;
import org.netllm.testbed.experiment.SessionSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Child JVM for {@link ShellSessionKillIT}: a runner that plays one session through
 * {@link MahimahiSessionExecutor}'s real inner script (relay JVM, session JVM, Chromium), with
 * {@code env MAHIMAHI_BASE=127.0.0.1} standing in for the Mahimahi shell. Arg: a prepared root folder.
 */
public final class KillableShellRunner {

    private KillableShellRunner() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        System.setProperty("testbed.root", root.toString());
        Path sock = root.resolve("server/decisions.sock");
        try (ServerHandle server = InProcessServer.start(root.resolve("traces"), root.resolve("content"), root.resolve("server"),
                InProcessServer.LOOPBACK, Optional.of(sock))) {
            ExperimentConfig cfg = new ExperimentConfig(List.of("bba"), List.of("traces/relay"), 1, 1, 1,
                    DecisionRelaySessionIT.VIDEO, 4.3, ExperimentConfig.Emulator.MAHIMAHI, 1);
            MahimahiSessionExecutor ex = new MahimahiSessionExecutor((trace, cmd) -> {
                List<String> argv = new ArrayList<>(List.of("env", MahimahiSessionExecutor.BASE_ENV + "=" + InProcessServer.LOOPBACK));
                argv.addAll(cmd);
                return argv;
            }, cfg, server.baseUrl().getPort(), server.resultsDir(), 600, DecisionPath.BYPASS, Optional.of(sock));
            ex.execute(new SessionSpec("bba", "relay", DecisionRelaySessionIT.TRACE, 0), root.resolve("out"));
        }
    }
}

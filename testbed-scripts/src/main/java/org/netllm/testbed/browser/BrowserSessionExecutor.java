package org.netllm.testbed.browser;

import org.netllm.testbed.experiment.ExperimentConfig;
import org.netllm.testbed.experiment.SessionExecutor;
import org.netllm.testbed.experiment.SessionSpec;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Runs experiment sessions in real browsers against one shared server. */
public final class BrowserSessionExecutor implements SessionExecutor {

    private final BrowserSessionRunner runner;
    private final ExperimentConfig config;

    public BrowserSessionExecutor(BrowserSessionRunner runner, ExperimentConfig config) {
        this.runner = runner;
        this.config = config;
    }

    @Override
    public void execute(SessionSpec spec, Path outDir) throws Exception {
        execute(spec, outDir, () -> false);
    }

    @Override
    public void execute(SessionSpec spec, Path outDir, BooleanSupplier anotherFollows) throws Exception {
        // mahimahi: the browser sits behind mm-link, so the server must not shape again
        String link = config.emulator() == ExperimentConfig.Emulator.BUILTIN ? SessionRequest.LINK_BUILTIN : SessionRequest.LINK_NONE;
        SessionRequest req = new SessionRequest(spec.algorithm(), config.video(), spec.tracePath(), config.lambda(), link,
                SessionRequest.DEFAULT_DELAY_MS, spec.key());
        runner.run(req, outDir, Map.of("experimentKey", spec.key(), "traceSet", spec.traceSet(), "repeat", spec.repeat(),
                "emulator", config.emulator().id()), anotherFollows);
    }

    /** Quits the browsers the runner prestarted and no session took. */
    @Override
    public void close() {
        runner.close();
    }
}

package org.netllm.testbed.cli;

import org.netllm.testbed.vp.data.VpDataImporter;
import org.netllm.testbed.vp.data.VpSplits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./testbed vp import-data --from DIR}: rebuilds the bundled VP traces (vp-data/README.md). */
@Command(name = "import-data", mixinStandardHelpOptions = true,
        description = "Packs NetLLM's viewport CSVs (<DIR>/<Dataset>/video<V>/5Hz/simple_5Hz_user<U>.csv) into"
                + " viewport-predictor/src/main/resources/vp-data (only the split traces, columns 1-3 verbatim).")
final class VpImportDataCommand implements Callable<Integer> {
    static final String BUNDLE = "viewport-predictor/src/main/resources/vp-data";

    @Option(names = "--from", required = true, paramLabel = "DIR",
            description = "NetLLM viewport_prediction/data/viewports (holding Jin2022/ and Wu2017/)")
    Path from;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: ${DEFAULT-VALUE} under the repository root)",
            defaultValue = BUNDLE)
    Path out;

    @Override
    public Integer call() throws Exception {
        Path target = out.isAbsolute() ? out : RepoRoot.get().resolve(out);
        int n = new VpDataImporter(VpSplits.bundled()).importAll(RepoRoot.userPath(from), target);
        System.out.println("packed " + n + " traces into " + target);
        return 0;
    }
}

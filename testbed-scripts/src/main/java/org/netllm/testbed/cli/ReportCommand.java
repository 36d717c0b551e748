package org.netllm.testbed.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.netllm.testbed.browser.SessionRequest;
import org.netllm.testbed.report.ExperimentResults;
import org.netllm.testbed.report.FidelityReport;
import org.netllm.testbed.report.ReportWriter;
import org.netllm.testbed.report.ResultLoader;
import org.netllm.testbed.report.SimResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ./testbed report results/NAME [--session KEY]}, {@code ./testbed report --fidelity results/NAME --sim sim.json}
 * {@code ./testbed report --cjs cjs.json [--gantt fair/200/50/1]} and {@code ./testbed report --vp vp.json}.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Render report.md/report.html (aggregate table with 95%% CI, QoE CDFs, QoE breakdown, a session's time series) "
                + "for an experiment or session folder; with --fidelity --sim, compare browser results to ./testbed sim.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RESULTS", description = "experiment or session folder")
    Path results;

    @Option(names = "--fidelity", paramLabel = "RESULTS", description = "browser results to compare with --sim")
    Path fidelity;

    @Option(names = "--sim", paramLabel = "FILE", description = "./testbed sim JSON (with --fidelity; without it only browser vs trace is compared)")
    Path sim;

    @Option(names = "--builtin", paramLabel = "RESULTS", description = "with --fidelity on Mahimahi results: the same plan "
            + "run with the built-in link; adds time to first byte, per-chunk download time and QoE, built-in vs Mahimahi")
    Path builtin;

    @Option(names = "--session", paramLabel = "KEY", description = "session for the time-series chart, e.g. bba/fcc-real/<trace>/r0 (default: first)")
    String session;

    @Option(names = "--cjs", paramLabel = "FILE", description = "render a ./testbed cjs evaluate JSON (JCT table, JCT CDFs, executor timeline) next to it")
    Path cjs;

    @Option(names = "--vp", paramLabel = "FILE", description = "render a ./testbed vp evaluate JSON (MAE table per method and axis, "
            + "latency p50/p99, per-sample error CDF from its .samples.csv) next to it")
    Path vp;

    @Option(names = "--gantt", paramLabel = "RUN", description = "with --cjs: run to draw as scheduler/jobs/executors/seed (default: first run)")
    String gantt;

    @Option(names = "--delay-ms", defaultValue = "" + SessionRequest.DEFAULT_DELAY_MS,
            description = "one-way link delay assumed by the fidelity ideal (default ${DEFAULT-VALUE})")
    int delayMs;

    @Override
    public Integer call() throws Exception {
        ObjectMapper json = new ObjectMapper();
        if (cjs != null) {
            Path file = RepoRoot.userPath(cjs);
            Path dir = file.toAbsolutePath().getParent();
            var w = new org.netllm.testbed.report.CjsReport().write(file, dir, gantt);
            System.out.print(java.nio.file.Files.readString(w.markdown()));
            System.out.println("report: " + w.markdown() + " (" + w.charts().size() + " charts)");
            return 0;
        }
        if (vp != null) {
            Path file = RepoRoot.userPath(vp);
            var w = new org.netllm.testbed.report.VpReport().write(file, file.toAbsolutePath().getParent());
            System.out.print(java.nio.file.Files.readString(w.markdown()));
            System.out.println("report: " + w.html() + " (" + w.charts().size() + " chart)");
            return 0;
        }
        if (fidelity != null) {
            Path dir = RepoRoot.userPath(fidelity);
            ExperimentResults browser = new ResultLoader(json).load(dir);
            ExperimentResults baseline = builtin == null ? null : new ResultLoader(json).load(RepoRoot.userPath(builtin));
            var rows = new FidelityReport(RepoRoot.get(), delayMs).write(browser,
                    sim == null ? null : SimResults.read(RepoRoot.userPath(sim), json), dir, baseline);
            System.out.println("fidelity: " + rows.size() + " algorithms → " + dir.resolve(FidelityReport.FIDELITY_HTML));
            System.out.print(java.nio.file.Files.readString(dir.resolve(FidelityReport.FIDELITY_MD)));
            return 0;
        }
        if (builtin != null) {
            throw new IllegalArgumentException("--builtin RESULTS compares with --fidelity RESULTS (Mahimahi); give --fidelity too");
        }
        if (results == null) {
            throw new IllegalArgumentException("give a results folder, or --fidelity RESULTS --sim FILE");
        }
        Path dir = RepoRoot.userPath(results);
        ExperimentResults r = new ResultLoader(json).load(dir);
        ReportWriter.Written w = new ReportWriter().write(r, dir, session);
        System.out.print(java.nio.file.Files.readString(w.markdown()));
        System.out.println("report: " + w.html() + " (" + w.charts().size() + " charts)");
        return 0;
    }
}

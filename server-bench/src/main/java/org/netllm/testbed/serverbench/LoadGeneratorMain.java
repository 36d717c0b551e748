package org.netllm.testbed.serverbench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The load generator as its own process: {@code java -cp ... LoadGeneratorMain '<LoadJob JSON>'}.
 * Prints the report; exits 0 when no request failed, 1 when some did, 2 on a bad argument.
 */
public final class LoadGeneratorMain {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LOADAVG = Path.of("/proc/loadavg");
    private static final int EXIT_ERRORS = 1;
    private static final int EXIT_USAGE = 2;

    private LoadGeneratorMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: LoadGeneratorMain '<LoadJob as JSON>' (got " + args.length + " arguments)");
            System.exit(EXIT_USAGE);
        }
        LoadJob job;
        try {
            job = JSON.readValue(args[0], LoadJob.class);
        } catch (JsonProcessingException e) {
            System.err.println("LoadGeneratorMain: bad LoadJob JSON: " + e.getOriginalMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        warmUp(job);
        System.out.println("load average before: " + loadAverage());
        LoadReport report = new LoadGenerator(job.settings()).run();
        System.out.println("load average after:  " + loadAverage());
        report.print(System.out);
        System.exit(report.totalErrors() == 0 ? 0 : EXIT_ERRORS);
    }

    /**
     * Closed-loop rounds until the warm-up time is spent, then (paced load) one paced round of the
     * measured settings: measured here, the first paced round after a closed-loop-only warm-up had a
     * 2x higher p99 than the next one (threads now park and wake between requests, other code paths
     * for the JIT). Not reported beyond a count.
     */
    private static void warmUp(LoadJob job) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (job.warmUpSeconds() * 1e9);
        int rounds = 0;
        long decisions = 0;
        long errors = 0;
        while (System.nanoTime() < deadline) {
            LoadReport warm = new LoadGenerator(job.settings().warmUp()).run();
            rounds++;
            errors += warm.totalErrors();
            for (LoadReport.AlgorithmFigures a : warm.algorithms()) {
                decisions += a.serverLatencyMs().length;
            }
        }
        if (job.warmUpSeconds() > 0 && !job.settings().pacing().closedLoop()) {
            LoadReport paced = new LoadGenerator(new LoadSettings(job.settings().baseUrl(), job.settings().video(),
                    job.settings().algorithms(), job.settings().sessions(), job.settings().chunks(),
                    job.settings().pacing(), null, 0, job.settings().fetchers())).run();
            rounds++;
            errors += paced.totalErrors();
            for (LoadReport.AlgorithmFigures a : paced.algorithms()) {
                decisions += a.serverLatencyMs().length;
            }
        }
        System.out.println("warm-up (not reported): " + rounds + " rounds (closed loop" + (job.settings().pacing().closedLoop()
                ? "" : ", the last one paced") + "), " + decisions + " decisions, " + errors + " errors");
    }

    /** 1/5/15-minute load averages, or a note where the OS does not expose them. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(LOADAVG).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown (" + LOADAVG + " unreadable)";
        }
    }
}

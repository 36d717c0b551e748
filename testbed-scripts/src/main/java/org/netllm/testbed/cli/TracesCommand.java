package org.netllm.testbed.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.testbed.traces.CookedTrace;
import org.netllm.testbed.traces.CookedTraceIO;
import org.netllm.testbed.traces.MahimahiTraceIO;
import org.netllm.testbed.traces.SyntheticTraceGenerator;
import org.netllm.testbed.traces.SyntheticTraceParams;
import org.netllm.testbed.traces.TraceConverter;
import org.netllm.testbed.traces.TraceFile;
import org.netllm.testbed.traces.TraceFormat;
import org.netllm.testbed.traces.TraceSet;
import org.netllm.testbed.traces.TraceStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code ./testbed traces info|convert|synth}: inspect, convert and generate bandwidth traces. */
@Command(name = "traces", mixinStandardHelpOptions = true,
        description = "Bandwidth traces: statistics, cooked <-> Mahimahi conversion, synthetic generation.",
        subcommands = {TracesCommand.Info.class, TracesCommand.Convert.class, TracesCommand.Synth.class})
public final class TracesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Accepts the format names in lower case, as the help shows them. */
    static final class FormatName implements ITypeConverter<TraceFormat> {
        @Override
        public TraceFormat convert(String value) {
            for (TraceFormat f : TraceFormat.values()) {
                if (f.name().equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a trace format; use mahimahi or cooked");
        }
    }

    private static List<TraceFile> filesOf(Path in) throws IOException {
        if (Files.isDirectory(in)) {
            return TraceSet.open(in).files();
        }
        if (!Files.isRegularFile(in)) {
            throw new IOException(in + ": no such file or folder");
        }
        return List.of(new TraceFile(in, TraceFormat.detect(in)));
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Per-file statistics like traces/manifest.csv (tab-separated): lines, duration,"
                    + " time-weighted mean and min/max Mbit/s (Mahimahi: over 1 s bins).")
    static final class Info implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PATH", description = "a trace file or a folder of traces")
        Path path;

        @Override
        public Integer call() throws IOException {
            List<TraceStats> stats = new ArrayList<>();
            for (TraceFile f : filesOf(path)) {
                stats.add(f.stats()); // all read before printing, so a bad file leaves no partial table
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("file\tformat\tlines\tduration_s\tmean_mbps\tmin_mbps\tmax_mbps");
            for (TraceStats s : stats) {
                out.println(String.format(Locale.ROOT, "%s\t%s\t%d\t%.3f\t%.4f\t%.4f\t%.4f", s.name(),
                        s.format().name().toLowerCase(Locale.ROOT), s.lines(), s.durationS(), s.meanMbps(),
                        s.minMbps(), s.maxMbps()));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = "Convert a trace file (or every trace of a folder) between formats. Cooked -> Mahimahi"
                    + " follows GENET's convert_mahimahi_format exactly; Mahimahi -> cooked bins packets.")
    static final class Convert implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--to", required = true, converter = FormatName.class,
                description = "target format: mahimahi or cooked")
        TraceFormat to;

        @Option(names = "--window-ms", defaultValue = "1000",
                description = "bin width in ms for Mahimahi -> cooked (default ${DEFAULT-VALUE})")
        long windowMs;

        @Parameters(index = "0", paramLabel = "IN", description = "trace file or folder")
        Path in;

        @Parameters(index = "1", paramLabel = "OUT", description = "output file (or folder when IN is a folder)")
        Path out;

        @Override
        public Integer call() throws IOException {
            boolean folder = Files.isDirectory(in);
            List<TraceFile> files = filesOf(in);
            if (folder) {
                Files.createDirectories(out);
            }
            List<Path> written = new ArrayList<>();
            for (TraceFile f : files) {
                if (f.format() == to) {
                    throw new IOException(f.path() + ": already a " + to + " trace");
                }
                Path target = folder ? out.resolve(f.name()) : out;
                if (Files.exists(target)) {
                    throw new IOException(target + ": exists; not overwriting");
                }
                if (to == TraceFormat.MAHIMAHI) {
                    MahimahiTraceIO.write(TraceConverter.toMahimahi(f.readCooked()), target);
                } else {
                    CookedTraceIO.write(TraceConverter.toCooked(f.readMahimahi(), windowMs), target);
                }
                written.add(target);
            }
            spec.commandLine().getOut().println("wrote " + written.size() + " " + to.name().toLowerCase(Locale.ROOT)
                    + " trace(s) to " + out);
            return 0;
        }
    }

    @Command(name = "synth", mixinStandardHelpOptions = true,
            description = "Generate cooked traces from a Markov chain over bandwidth states (see traces/README.md).")
    static final class Synth implements Callable<Integer> {

        private static final SyntheticTraceParams D = SyntheticTraceParams.DEFAULTS;

        @Spec
        CommandSpec spec;

        @Option(names = "--count", required = true, description = "number of traces")
        int count;

        @Option(names = "--duration", required = true, description = "length of each trace in seconds")
        double durationS;

        @Option(names = "--seed", required = true, description = "random seed (same seed, same traces)")
        long seed;

        @Option(names = "--out", required = true, description = "output folder (created)")
        Path out;

        @Option(names = "--states", description = "bandwidth states (default ${DEFAULT-VALUE})")
        int states = D.states();

        @Option(names = "--min-mbps", description = "mean of the slowest state (default ${DEFAULT-VALUE})")
        double minMbps = D.minMbps();

        @Option(names = "--max-mbps", description = "mean of the fastest state (default ${DEFAULT-VALUE})")
        double maxMbps = D.maxMbps();

        @Option(names = "--dwell-s", description = "mean exponential dwell time in s (default ${DEFAULT-VALUE})")
        double dwellS = D.meanDwellS();

        @Option(names = "--max-jump", description = "largest state change per switch (default ${DEFAULT-VALUE})")
        int maxJump = D.maxJump();

        @Option(names = "--noise", description = "Gaussian noise sd as a fraction of the state mean (default ${DEFAULT-VALUE})")
        double noise = D.noiseFraction();

        @Option(names = "--floor-mbps", description = "lowest rate written (default ${DEFAULT-VALUE})")
        double floorMbps = D.floorMbps();

        @Option(names = "--step-s", description = "sample spacing in s (default ${DEFAULT-VALUE})")
        double stepS = D.stepS();

        @Override
        public Integer call() throws IOException {
            SyntheticTraceParams params = new SyntheticTraceParams(states, minMbps, maxMbps, dwellS, maxJump,
                    noise, floorMbps, stepS);
            List<CookedTrace> traces = new SyntheticTraceGenerator(params).generate(count, durationS, seed);
            Files.createDirectories(out);
            for (CookedTrace t : traces) {
                Path target = out.resolve(t.name());
                if (Files.exists(target)) {
                    throw new IOException(target + ": exists; not overwriting");
                }
                CookedTraceIO.write(t, target);
            }
            spec.commandLine().getOut().println("wrote " + traces.size() + " synthetic trace(s) to " + out
                    + " with " + params);
            return 0;
        }
    }
}

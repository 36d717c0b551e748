package org.netllm.testbed.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.netllm.testbed.netllm.serve.ForwardEngine;
import org.netllm.testbed.vp.data.VpData;
import org.netllm.testbed.vp.data.VpDataset;
import org.netllm.testbed.vp.data.VpSample;
import org.netllm.testbed.vp.data.VpSplit;
import org.netllm.testbed.vp.data.WindowSettings;
import org.netllm.testbed.vp.eval.BaselineEvaluation;
import org.netllm.testbed.vp.eval.LatencySummary;
import org.netllm.testbed.vp.eval.PredictEndpoint;
import org.netllm.testbed.vp.eval.ReplayRequests;
import org.netllm.testbed.vp.netllm.NetLlmVpModel;
import org.netllm.testbed.vp.predict.VpMethod;
import org.netllm.testbed.vp.service.PredictRequest;
import org.netllm.testbed.vp.service.PredictResponse;
import org.netllm.testbed.vp.service.VpJson;
import org.netllm.testbed.vp.service.VpPredictionService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ./testbed vp bench}: endpoint latency of {@code POST /api/vp/predict} at several numbers of concurrent
 * clients (each sends its next request when the previous answer arrived), after untimed warm-up requests.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Round-trip latency of POST /api/vp/predict at 1 and 16 concurrent clients (Jin2022 test samples).")
final class VpBenchCommand implements Callable<Integer> {
    /** Length of one warm-up window (StableWarmup compares consecutive windows' request rates). */
    private static final double WARMUP_WINDOW_S = 1.0;
    @Option(names = "--method", defaultValue = "netllm", description = "lr, velocity, repeat or netllm (default ${DEFAULT-VALUE})")
    String method;
    @Option(names = "--clients", split = ",", defaultValue = "1,16") List<Integer> clients;
    @Option(names = "--requests", defaultValue = "400", description = "timed requests per client count (default ${DEFAULT-VALUE})") int requests;
    @Option(names = "--warmup", defaultValue = "200", description = "untimed requests first, then warm-up"
            + " continues until the one-client request rate is stable (default ${DEFAULT-VALUE})") int warmup;
    @Option(names = "--hw", defaultValue = "10") int hw;
    @Option(names = "--pw", defaultValue = "20") int pw;
    @Option(names = "--server", paramLabel = "URL", description = "a running server (default: start one in this process)") URI server;
    @Option(names = "--cpu", description = "instead: thread CPU time per NetLLM-VP call in this process, no HTTP: the generation,"
            + " the service call (resampling, validation, generation) and the JSON of request and reply") boolean cpu;
    @Option(names = "--memory", description = "instead: resident memory of one backbone + ABR and VP adapters vs two separate"
            + " model copies (each scenario in a fresh JVM)") boolean memory;

    @Override
    public Integer call() throws Exception {
        if (memory) {
            return memory();
        }
        if (cpu) {
            return cpu();
        }
        VpMethod m = VpMethod.parse(method);
        List<VpSample> samples = BaselineEvaluation.samples(VpData.bundled(), VpDataset.JIN2022, VpSplit.TEST, WindowSettings.of(hw, pw));
        try (VpEndpoints.Opened ep = VpEndpoints.open(false, server, List.of(m), null, ForwardEngine.PLAIN_JAVA_WHEN_SMALL)) {
            PredictEndpoint e = ep.endpoint();
            for (int i = 0; i < warmup; i++) {
                e.predict(ReplayRequests.of(samples.get(i % samples.size()), m));
            }
            // then until the one-client rate is stable: after a fixed count the JIT was still compiling (35 s of
            // compiler time in a 50 s run), which sat in the timed p99
            int[] cursor = {warmup};
            StableWarmup.Result warm = StableWarmup.DEFAULT.run(() -> requestsPerSecond(e, samples, m, cursor),
                    () -> System.nanoTime() / 1e9);
            System.out.printf(Locale.ROOT, "method %s, hw %d, pw %d, %d warm-up requests + %s, %d timed requests per row, %s%n",
                    m.key(), hw, pw, warmup, warm.describe(), requests, e.describe());
            System.out.println("clients  p50_ms  p99_ms  max_ms  requests/s");
            for (int c : clients) {
                double[] lat = new double[requests];
                ExecutorService pool = Executors.newFixedThreadPool(c);
                long start = System.nanoTime();
                try {
                    List<Future<?>> fs = new ArrayList<>();
                    int[] next = {0};
                    for (int t = 0; t < c; t++) {
                        fs.add(pool.submit(() -> {
                            while (true) {
                                int i;
                                synchronized (next) {
                                    i = next[0]++;
                                }
                                if (i >= requests) {
                                    return null;
                                }
                                long t0 = System.nanoTime();
                                e.predict(ReplayRequests.of(samples.get(i % samples.size()), m));
                                lat[i] = (System.nanoTime() - t0) / 1e6;
                            }
                        }));
                    }
                    for (Future<?> f : fs) {
                        f.get();
                    }
                } finally {
                    pool.shutdownNow();
                }
                double secs = (System.nanoTime() - start) / 1e9;
                LatencySummary s = LatencySummary.of(lat);
                System.out.printf(Locale.ROOT, "%7d  %6.2f  %6.2f  %6.2f  %10.1f%n", c, s.p50(), s.p99(), s.max(), requests / secs);
            }
        }
        return 0;
    }

    /** One warm-up window: sequential requests (one client) for {@link #WARMUP_WINDOW_S}; their rate per second. */
    private static double requestsPerSecond(PredictEndpoint e, List<VpSample> samples, VpMethod m, int[] cursor) {
        long start = System.nanoTime();
        long end = start + (long) (WARMUP_WINDOW_S * 1e9);
        int n = 0;
        while (System.nanoTime() < end) {
            try {
                e.predict(ReplayRequests.of(samples.get(cursor[0]++ % samples.size()), m));
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException("warm-up request failed: " + ex.getMessage(), ex);
            }
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Thread CPU time (ThreadMXBean) per call of the pieces of one NetLLM-VP request, each over the same Jin2022
     * test samples after {@code --warmup} untimed rounds: where a request's CPU goes without the HTTP hops.
     */
    private int cpu() throws Exception {
        List<VpSample> samples = BaselineEvaluation.samples(VpData.bundled(), VpDataset.JIN2022, VpSplit.TEST, WindowSettings.of(hw, pw));
        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        if (!tmx.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time");
        }
        ObjectMapper json = VpJson.mapper();
        try (NetLlmVpModel model = VpEndpoints.openModel(null, ForwardEngine.PLAIN_JAVA_WHEN_SMALL)) {
            VpPredictionService service = VpPredictionService.withBaselines(model);
            double[][] ms = new double[3][requests]; // generation, service call, JSON in + out
            for (int round = 0; round < 2; round++) { // round 0: warm-up
                int n = round == 0 ? warmup : requests;
                for (int i = 0; i < n; i++) {
                    VpSample s = samples.get(i % samples.size());
                    long t0 = tmx.getCurrentThreadCpuTime();
                    model.predict(s.history(), pw);
                    long t1 = tmx.getCurrentThreadCpuTime();
                    PredictRequest req = ReplayRequests.of(s, VpMethod.NETLLM);
                    byte[] body = json.writeValueAsBytes(req);
                    long t2 = tmx.getCurrentThreadCpuTime();
                    PredictResponse resp = service.predict(req);
                    long t3 = tmx.getCurrentThreadCpuTime();
                    VpJson.predictRequest(json.readTree(body));
                    json.writeValueAsBytes(resp);
                    long t4 = tmx.getCurrentThreadCpuTime();
                    if (round == 1) {
                        ms[0][i] = (t1 - t0) / 1e6;
                        ms[1][i] = (t3 - t2) / 1e6;
                        ms[2][i] = (t4 - t3) / 1e6;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "NetLLM-VP on %s, hw %d, pw %d, %d warm-up + %d timed calls, thread CPU time per call%n",
                    model.engine(), hw, pw, warmup, requests);
            System.out.println("part                                       p50_ms  p99_ms");
            String[] names = {"generation (model.predict)", "service.predict (resample, validate, generate)", "JSON (parse request, write reply)"};
            for (int k = 0; k < names.length; k++) {
                LatencySummary l = LatencySummary.of(ms[k]);
                System.out.printf(Locale.ROOT, "%-46s %6.3f  %6.3f%n", names[k], l.p50(), l.p99());
            }
        }
        return 0;
    }

    /** Runs {@link VpMemoryProbe} once per scenario in a child JVM (same classpath) and prints the comparison. */
    private int memory() throws Exception {
        long params = org.netllm.testbed.netllm.backbone.JavaLlama.parameters(
                org.netllm.testbed.netllm.backbone.LlamaConfig.load(org.netllm.testbed.serving.VpDeployment.sharedBackbone()));
        System.out.printf(Locale.ROOT, "embedded backbone: %d parameters = %.2f MiB per float32 copy%n", params, params * 4 / 1048576.0);
        System.out.println("scenario                               backbones  weights_MiB  RSS_before_MiB  RSS_delta_MiB  heap_delta_MiB");
        for (String scenario : List.of(VpMemoryProbe.SHARED, VpMemoryProbe.SEPARATE)) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path")));
            String offline = System.getProperty("ai.djl.offline");
            if (offline != null) {
                cmd.add("-Dai.djl.offline=" + offline);
            }
            cmd.addAll(List.of(VpMemoryProbe.class.getName(), scenario));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String line = null;
            try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                for (String l; (l = out.readLine()) != null; ) {
                    if (l.startsWith(VpMemoryProbe.LINE_PREFIX + " ")) {
                        line = l;
                    }
                }
            }
            if (p.waitFor() != 0 || line == null) {
                throw new IllegalStateException("memory probe '" + scenario + "' failed (exit " + p.exitValue() + ")");
            }
            String[] f = line.split(" ");
            double mib = 1024.0;
            String label = scenario.equals(VpMemoryProbe.SHARED) ? "one backbone, ABR + VP adapters" : "two separate copies (ABR, VP)";
            System.out.printf(Locale.ROOT, "%-38s %9s  %11.2f  %14.1f  %13.1f  %14.1f%n", label, f[2],
                    Integer.parseInt(f[2]) * params * 4 / mib / mib, Long.parseLong(f[3]) / mib,
                    (Long.parseLong(f[4]) - Long.parseLong(f[3])) / mib, (Long.parseLong(f[6]) - Long.parseLong(f[5])) / mib / mib);
        }
        return 0;
    }
}

package org.netllm.testbed.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.netllm.testbed.abr.qoe.QoeParams;
import org.netllm.testbed.experiment.ExperimentPlan;
import org.netllm.testbed.experiment.PlanStore;
import org.netllm.testbed.experiment.ResultFiles;
import org.netllm.testbed.experiment.SessionSpec;
import org.netllm.testbed.experiment.StatusLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Loads an experiment folder (sessions/…/run.json + chunks.csv, status.jsonl) or a single session
 * folder written by {@code ./testbed session}. QoE is recomputed from chunks.csv with the λ the
 * session recorded, so every number in the report comes from the same formula.
 */
public final class ResultLoader {

    /** run.json {@code extra} field the Mahimahi runner sets (SessionCommand): epoch ms when mm-link started. */
    static final String TRACE_START_FIELD = "traceStartEpochMs";

    private final ObjectMapper json;

    public ResultLoader(ObjectMapper json) {
        this.json = json;
    }

    public ExperimentResults load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a results folder");
        }
        List<Path> runFiles;
        if (Files.isRegularFile(dir.resolve(ResultFiles.RUN_JSON))) {
            runFiles = List.of(dir.resolve(ResultFiles.RUN_JSON));
        } else {
            Path sessions = dir.resolve("sessions");
            if (!Files.isDirectory(sessions)) {
                throw new IllegalArgumentException(dir + " holds neither run.json nor sessions/: not a session or experiment folder");
            }
            try (Stream<Path> walk = Files.walk(sessions)) {
                runFiles = walk.filter(p -> p.getFileName().toString().equals(ResultFiles.RUN_JSON)).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot scan " + sessions, e);
            }
        }
        List<SessionResult> ok = new ArrayList<>();
        Double lambda = null;
        for (Path run : runFiles) {
            JsonNode n = readJson(run);
            if (!ResultFiles.OUTCOME_OK.equals(n.path("outcome").asText())) {
                continue;
            }
            double l = n.path("request").path("lambda").asDouble(Double.NaN);
            if (Double.isNaN(l)) {
                throw new IllegalArgumentException(run + ": \"request.lambda\" missing");
            }
            if (lambda != null && lambda != l) {
                throw new IllegalArgumentException(run + ": λ " + l + " differs from other sessions' " + lambda);
            }
            lambda = l;
            ok.add(session(run.getParent(), n, l));
        }
        ok.sort(Comparator.comparing(SessionResult::key));
        Path planFile = dir.resolve(PlanStore.FILE);
        Optional<ExperimentPlan> plan = Files.isRegularFile(planFile) ? Optional.of(new PlanStore(json).read(planFile))
                : Optional.empty();
        List<ExperimentResults.FailedSession> failed = failed(dir, ok, plan);
        return new ExperimentResults(dir, ok, failed, lambda == null ? QoeParams.NETLLM_REBUF_PENALTY : lambda,
                plan.map(p -> coverage(p, ok, failed)));
    }

    private static ExperimentResults.Coverage coverage(ExperimentPlan plan, List<SessionResult> ok,
                                                       List<ExperimentResults.FailedSession> failed) {
        Set<String> settled = new HashSet<>();
        ok.forEach(s -> settled.add(s.key()));
        failed.forEach(f -> settled.add(f.key()));
        Map<String, Integer> notRun = new TreeMap<>();
        for (SessionSpec spec : plan.sessions()) {
            notRun.merge(spec.algorithm(), settled.contains(spec.key()) ? 0 : 1, Integer::sum);
        }
        return new ExperimentResults.Coverage(plan.sessions().size(), notRun, plan.models());
    }

    private SessionResult session(Path dir, JsonNode run, double lambda) {
        String tracePath = run.path("request").path("trace").asText(null);
        String algorithm = run.path("request").path("algorithm").asText();
        String traceName = tracePath == null ? "none" : Path.of(tracePath).getFileName().toString();
        String traceSet = run.path("extra").path("traceSet").asText(
                tracePath == null || Path.of(tracePath).getParent() == null ? "none" : Path.of(tracePath).getParent().getFileName().toString());
        String key = run.path("extra").path("experimentKey").asText(algorithm + "/" + traceSet + "/" + traceName + "/r0");
        List<ChunkRow> rows = ChunkCsv.read(dir.resolve(ResultFiles.CHUNKS_CSV));
        SessionQoe qoe = SessionQoe.of(rows, new QoeParams(lambda, QoeParams.DEFAULT_SMOOTH_PENALTY));
        // the trace's time zero: under Mahimahi when the shell (mm-link) started, with the built-in link
        // when the server created the session
        long t0 = run.path("extra").hasNonNull(TRACE_START_FIELD) ? run.path("extra").get(TRACE_START_FIELD).asLong()
                : run.hasNonNull("createdEpochMs") ? run.get("createdEpochMs").asLong()
                : Instant.parse(run.path("started").asText()).toEpochMilli();
        return new SessionResult(key, algorithm, traceSet, traceName, dir, rows, qoe, t0, tracePath);
    }

    private List<ExperimentResults.FailedSession> failed(Path dir, List<SessionResult> ok, Optional<ExperimentPlan> plan) {
        // keys name the algorithm by its folder slug; the plan knows the registry name behind it
        Map<String, SessionSpec> byKey = new HashMap<>();
        plan.ifPresent(p -> p.sessions().forEach(s -> byKey.put(s.key(), s)));
        Set<String> done = new HashSet<>();
        ok.forEach(s -> done.add(s.key()));
        Map<String, StatusLog.Entry> last = new LinkedHashMap<>();
        for (StatusLog.Entry e : new StatusLog(dir, json).read()) {
            last.put(e.key(), e);
        }
        List<ExperimentResults.FailedSession> out = new ArrayList<>();
        for (StatusLog.Entry e : last.values()) {
            if (e.state() == StatusLog.State.FAILED && !done.contains(e.key())) {
                String[] parts = e.key().split("/");
                if (parts.length != 4) {
                    throw new IllegalArgumentException(dir.resolve(StatusLog.FILE) + ": bad key " + e.key());
                }
                SessionSpec spec = byKey.get(e.key());
                out.add(new ExperimentResults.FailedSession(e.key(), spec == null ? parts[0] : spec.algorithm(), parts[1],
                        e.attempt(), e.reason()));
            }
        }
        return out;
    }

    private JsonNode readJson(Path p) {
        try {
            return json.readTree(p.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(p + ": not valid JSON: " + e.getMessage(), e);
        }
    }
}

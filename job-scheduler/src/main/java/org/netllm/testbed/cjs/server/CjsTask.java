package org.netllm.testbed.cjs.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.netllm.testbed.cjs.eval.SchedulerFactory;
import org.netllm.testbed.cjs.service.CjsApi;
import org.netllm.testbed.cjs.service.CjsRequestException;
import org.netllm.testbed.cjs.service.CjsService;
import org.netllm.testbed.cjs.sim.SimConfig;
import org.netllm.testbed.server.spi.JsonBody;
import org.netllm.testbed.server.spi.RequestException;
import org.netllm.testbed.server.spi.ServerTask;
import org.netllm.testbed.server.spi.TaskContext;
import org.netllm.testbed.server.spi.TaskRequest;

/**
 * The CJS task on the server's task seam (docs/task-spi.md; docs/reference/cjs.md §7): thin routes
 * over {@link CjsService}.
 * <ul>
 * <li>{@code POST /api/cjs/decide} — {@link CjsApi.DecideRequest} → {@link CjsApi.DecideResponse}, on the
 * server's worker pool (a decision takes µs for FIFO/Fair, ~0.1–1 ms for Decima);</li>
 * <li>{@code POST /api/cjs/episodes/end} — {@code {policy, episodeId}}: forget an episode's state;</li>
 * <li>{@code POST /api/cjs/episode} — run a whole simulation server-side on the task's own small pool
 * (seconds of CPU each; a full queue is a 503).</li>
 * </ul>
 * Bad bodies are 400s naming the field.
 */
public final class CjsTask implements ServerTask {

    /** Whole-episode runs waiting beyond this are refused with 503. */
    public static final int EPISODE_QUEUE = 16;

    private final ObjectMapper mapper = JsonBody.mapper().copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private final Function<TaskContext, CjsService> services;
    private CjsService service;
    private ThreadPoolExecutor episodes;

    /** FIFO, Fair and Decima only. */
    public CjsTask() {
        this(new CjsService(new SchedulerFactory()));
    }

    public CjsTask(CjsService service) {
        this(ctx -> service);
    }

    /**
     * @param services builds the service when the server starts the task, e.g. with a NetLLM-CJS model opened on the
     *                 context's model service
     */
    public CjsTask(Function<TaskContext, CjsService> services) {
        this.services = services;
    }

    @Override
    public String name() {
        return "cjs";
    }

    @Override
    public void start(TaskContext ctx) {
        service = services.apply(ctx);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        episodes = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(EPISODE_QUEUE), r -> {
                    Thread t = new Thread(r, "cjs-episode");
                    t.setDaemon(true);
                    return t;
                });
        ctx.routes().postJson("/decide", req -> {
            CjsApi.DecideRequest body = parse(req, CjsApi.DecideRequest.class);
            return CompletableFuture.supplyAsync(() -> call(() -> service.decide(body)), ctx.blocking());
        });
        ctx.routes().postJson("/episodes/end", req -> {
            JsonBody b = req.requireBody();
            String policy = b.string("policy");
            String id = b.string("episodeId");
            service.endEpisode(policy, id);
            return CompletableFuture.completedFuture(Map.of("ended", true));
        });
        ctx.routes().postJson("/episode", req -> {
            CjsApi.EpisodeRequest body = parse(req, CjsApi.EpisodeRequest.class);
            try {
                return CompletableFuture.supplyAsync(() -> call(() -> service.runEpisode(body)), episodes);
            } catch (RejectedExecutionException e) {
                throw RequestException.unavailable("cjs /episode: " + EPISODE_QUEUE + " episodes already queued; retry later");
            }
        });
    }

    private <T> T parse(TaskRequest req, Class<T> type) {
        try {
            return mapper.treeToValue(req.requireBody().node(), type);
        } catch (UnrecognizedPropertyException e) {
            throw RequestException.badRequest("cjs: unknown field \"" + path(e) + "\"");
        } catch (MismatchedInputException e) {
            throw RequestException.badRequest("cjs: field \"" + path(e) + "\" has the wrong type");
        } catch (JsonProcessingException e) {
            throw RequestException.badRequest("cjs: malformed body: " + e.getOriginalMessage());
        }
    }

    private static String path(MismatchedInputException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "body" : sb.toString();
    }

    private static <T> T call(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (CjsRequestException e) {
            throw RequestException.badRequest("cjs: " + e.getMessage());
        }
    }

    @Override
    public Map<String, Object> catalog() {
        return Map.of("policies", service == null ? SchedulerFactory.NAMES : service.policies(),
                "defaults", Map.of("numExecutors", SimConfig.DEFAULT_EXECUTORS, "jobCap", SimConfig.DEFAULT_JOBS,
                        "arrivalRate", SimConfig.DEFAULT_ARRIVAL_RATE, "movingDelayMs", SimConfig.DEFAULT_MOVING_DELAY_MS,
                        "warmupDelayMs", SimConfig.DEFAULT_WARMUP_DELAY_MS),
                "routes", List.of("POST /api/cjs/decide", "POST /api/cjs/episode", "POST /api/cjs/episodes/end"));
    }

    @Override
    public void close() {
        if (episodes != null) {
            episodes.shutdownNow();
        }
    }
}

package org.netllm.testbed.serving;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.netllm.testbed.abr.algo.StandardAlgorithms;
import org.netllm.testbed.abr.netllm.NetLlmModels;
import org.netllm.testbed.netllm.serve.ModelService;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.http.AbrTask;
import org.netllm.testbed.server.http.TestbedServer;
import org.netllm.testbed.server.session.LinkFactory;
import org.netllm.testbed.server.session.VideoLibrary;
import org.netllm.testbed.server.spi.ServerTask;

/**
 * The one place a server process is put together (docs/task-spi.md "Registering a task"): the process's model
 * service, the task list and the server core. {@code ./testbed serve}, the experiment's in-process server and
 * {@code ./testbed bench server} all start through here, and {@link #close()} shuts down in order: the server
 * (ends sessions, closes tasks), then the model service (frees backbones, stops the batcher).
 */
public final class ServerAssembly implements AutoCloseable {

    private final ModelService models;
    private final TestbedServer server;

    private ServerAssembly(ModelService models, TestbedServer server) {
        this.models = models;
        this.server = server;
    }

    /**
     * Builds the tasks, starts the server; on failure frees what it made.
     *
     * @param netllmModels "netllm:PATH" algorithm names the server may serve besides the embedded "netllm": chosen
     *                     here, at start-up, because a request may only name a model, never a folder
     */
    public static ServerAssembly start(ServerConfig config, VideoLibrary videos, LinkFactory links,
                                       List<String> netllmModels) {
        return start(config, videos, links, netllmModels, Optional.empty());
    }

    /** @param cjsModel NetLLM-CJS checkpoint folder served as {@code netllm} (empty: the embedded adapter) */
    public static ServerAssembly start(ServerConfig config, VideoLibrary videos, LinkFactory links,
                                       List<String> netllmModels, Optional<Path> cjsModel) {
        ModelService models = ModelService.forThisMachine();
        try {
            TestbedServer server = new TestbedServer(config, tasks(config, videos, links, models, netllmModels, cjsModel),
                    Optional.of(models)).start();
            return new ServerAssembly(models, server);
        } catch (RuntimeException e) {
            models.close();
            throw e;
        }
    }

    /** The served tasks: adding a task is its module plus one line here. */
    static List<ServerTask> tasks(ServerConfig config, VideoLibrary videos, LinkFactory links, ModelService models,
                                  List<String> netllmModels, Optional<Path> cjsModel) {
        return List.of(
                new AbrTask(config, StandardAlgorithms.forServer(new NetLlmModels(models), netllmModels), videos, links),
                CjsDeployment.task(cjsModel),
                VpDeployment.task());
    }

    public TestbedServer server() {
        return server;
    }

    public ModelService models() {
        return models;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            models.close();
        }
    }
}

package org.netllm.testbed.serverbench;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link LoadGeneratorMain} in a child JVM on this JVM's class path, so the load generator
 * does not share the server's heap, GC pauses and JIT threads; its output goes to ours.
 */
public final class LoadProcess {

    /** The generator keeps only latency arrays: a small heap and the serial collector (short young pauses). */
    public static final List<String> GENERATOR_JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseSerialGC");

    private LoadProcess() {
    }

    /** Runs {@code job} in a child JVM and returns its exit code (0 = no failed request). */
    public static int run(LoadJob job) throws IOException, InterruptedException {
        String json;
        try {
            json = LoadGeneratorMain.JSON.writeValueAsString(job);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the load job", e);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(GENERATOR_JVM_OPTIONS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(LoadGeneratorMain.class.getName());
        cmd.add(json);
        return new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }
}

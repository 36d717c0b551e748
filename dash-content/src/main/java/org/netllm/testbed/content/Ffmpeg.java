package org.netllm.testbed.content;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the ffmpeg binary; failures carry the tail of its stderr. */
public final class Ffmpeg {

    /** How much of stderr an error message quotes. */
    private static final int STDERR_TAIL_CHARS = 1500;

    private final Path binary;

    public Ffmpeg(Path binary) {
        this.binary = binary;
    }

    /** ffmpeg from {@code $FFMPEG} or the PATH. */
    public static Ffmpeg locate() {
        String env = System.getenv("FFMPEG");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException("FFMPEG=" + env + " is not an executable file");
            }
            return new Ffmpeg(p);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "ffmpeg");
            if (Files.isExecutable(p)) {
                return new Ffmpeg(p);
            }
        }
        throw new IllegalStateException("ffmpeg not found on PATH (install it, e.g. apt-get install ffmpeg, or set FFMPEG)");
    }

    public Path binary() {
        return binary;
    }

    /** First line of {@code ffmpeg -version}, part of the content cache key. */
    public String version() throws IOException {
        String out = run(List.of("-hide_banner", "-version"), null);
        return out.lines().findFirst().orElseThrow(() -> new IOException(binary + " -version printed nothing")).trim();
    }

    /**
     * Runs ffmpeg with {@code args} in {@code workDir} (null = current directory).
     *
     * @return its combined output
     */
    public String run(List<String> args, Path workDir) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc;
        try {
            rc = p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + binary, e);
        }
        if (rc != 0) {
            String tail = out.length() > STDERR_TAIL_CHARS ? "..." + out.substring(out.length() - STDERR_TAIL_CHARS) : out;
            throw new IOException("ffmpeg failed (exit " + rc + "): " + String.join(" ", cmd) + "\n" + tail.strip());
        }
        return out;
    }
}

package org.netllm.testbed.netllm.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A checkpoint folder shipped as classpath resources (the embedded default adapters of the tasks): used in place when
 * the classpath is a folder, copied to a temp folder (deleted on exit) when it is inside a jar.
 */
public final class EmbeddedCheckpoint {

    private EmbeddedCheckpoint() {
    }

    /** Whether {@code resourceDir + marker} is on {@code anchor}'s classpath. */
    public static boolean present(Class<?> anchor, String resourceDir, String marker) {
        return anchor.getResource(resourceDir + marker) != null;
    }

    /**
     * @param files the folder's files relative to {@code resourceDir}; the first one marks the folder
     * @param what  how errors name the checkpoint, e.g. "NetLLM-VP adapter"
     */
    public static Path folder(Class<?> anchor, String resourceDir, List<String> files, String what) throws IOException {
        URL marker = anchor.getResource(resourceDir + files.get(0));
        if (marker == null) {
            throw new IOException("classpath resource " + resourceDir + files.get(0) + " not found: the embedded " + what
                    + " is missing from this build");
        }
        if ("file".equals(marker.getProtocol())) {
            try {
                return Path.of(marker.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IOException("bad resource URL " + marker, e);
            }
        }
        Path tmp = Files.createTempDirectory("embedded-checkpoint-");
        tmp.toFile().deleteOnExit();
        for (String f : files) {
            URL url = anchor.getResource(resourceDir + f);
            if (url == null) {
                throw new IOException("classpath resource " + resourceDir + f + " not found: the embedded " + what + " is incomplete");
            }
            Path target = tmp.resolve(f);
            Files.createDirectories(target.getParent());
            try (InputStream in = url.openStream()) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            target.toFile().deleteOnExit();
        }
        return tmp;
    }
}

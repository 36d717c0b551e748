package org.netllm.testbed.experiment;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A server started elsewhere ({@code ./testbed serve}); its results folder must be readable here
 * because the per-chunk logs are copied from it.
 */
public record RemoteServer(URI baseUrl, Path resultsDir) implements ServerHandle {

    public RemoteServer {
        if (!Files.isDirectory(resultsDir)) {
            throw new IllegalArgumentException("--server-results " + resultsDir + " is not a directory "
                    + "(it must be the results folder of the server at " + baseUrl + ")");
        }
    }

    @Override
    public void close() {
        // not ours to stop
    }
}

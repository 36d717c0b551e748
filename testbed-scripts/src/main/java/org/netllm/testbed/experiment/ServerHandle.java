package org.netllm.testbed.experiment;

import java.net.URI;
import java.nio.file.Path;

/**
 * The server sessions talk to: started in-process or reached by URL. One server is shared by all
 * sessions of an experiment; each session gets its own emulated link there.
 */
public interface ServerHandle extends AutoCloseable {

    /** Base URL, e.g. http://127.0.0.1:41234/ */
    URI baseUrl();

    /** Where the server writes {@code <session>/chunks.jsonl} and {@code session.json}. */
    Path resultsDir();

    @Override
    void close();
}

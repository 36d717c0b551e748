package org.netllm.testbed.server.session;

import java.util.List;
import org.netllm.testbed.abr.video.VideoSpec;

/** The videos the server can play, by name (a folder under the content root). */
public interface VideoLibrary {

    /** Names in a stable (sorted) order, for the catalog. */
    List<String> names();

    /** The video's ladder and chunk sizes; a {@code RequestException} 404 for an unknown name. */
    VideoSpec spec(String name);
}

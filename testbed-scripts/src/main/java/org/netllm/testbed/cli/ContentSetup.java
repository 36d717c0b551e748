package org.netllm.testbed.cli;

import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.content.Ffmpeg;
import org.netllm.testbed.content.GenerationMode;
import org.netllm.testbed.content.GenerationResult;
import org.netllm.testbed.content.GeneratorSettings;
import org.netllm.testbed.content.SizeTables;
import org.netllm.testbed.content.VideoGenerator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Makes the DASH content a command needs when it is missing (a fresh checkout), the way {@code ./testbed video}
 * does: size-matched to the source video's table; cached when already built. Shared by {@code demo} and
 * {@code serve}.
 */
final class ContentSetup {

    /** The source video every default uses (docs/reference/abr.md §1). */
    static final String SOURCE_VIDEO = "envivio";

    private ContentSetup() {
    }

    /**
     * @param contentRoot content folder
     * @param name        video id under it
     * @param chunks      how many of the source's chunks
     */
    static GenerationResult ensure(Path contentRoot, String name, int chunks) throws IOException {
        VideoSpec table = SizeTables.load(SOURCE_VIDEO);
        GenerationResult g = new VideoGenerator(Ffmpeg.locate()).generate(
                GeneratorSettings.defaults(name, table, chunks, GenerationMode.SIZE_MATCHED), contentRoot, false);
        System.out.printf(Locale.ROOT, "video %s %s (%.1f s)%n", g.cached() ? "cached" : "built", g.dir(), g.took().toMillis() / 1000.0);
        return g;
    }

    /** The source video's full chunk count. */
    static int fullChunks() throws IOException {
        return SizeTables.load(SOURCE_VIDEO).chunks();
    }
}

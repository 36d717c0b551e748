package org.netllm.testbed.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.content.ContentInfo;
import org.netllm.testbed.content.Ffmpeg;
import org.netllm.testbed.content.GenerationMode;
import org.netllm.testbed.content.GenerationResult;
import org.netllm.testbed.content.GeneratorSettings;
import org.netllm.testbed.content.SizeTables;
import org.netllm.testbed.content.VideoGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./testbed video}: builds (or reuses) the DASH video the browser sessions play. */
@Command(name = "video", mixinStandardHelpOptions = true,
        description = "Generate the DASH test video with ffmpeg (size-matched to a chunk-size table by default).")
public final class VideoCommand implements Callable<Integer> {

    @Option(names = "--video", defaultValue = "envivio",
            description = "built-in size table (envivio, video2) or a path to a size-table JSON (default: ${DEFAULT-VALUE})")
    String video;

    @Option(names = "--out", defaultValue = "content", description = "content root folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = {"--chunks", "--duration-chunks"}, description = "generate only the first N chunks (default: all)")
    Integer chunks;

    @Option(names = "--mode", defaultValue = "size-matched", description = "size-matched | natural (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--force", description = "regenerate even when the cached video matches")
    boolean force;

    @Override
    public Integer call() throws Exception {
        VideoSpec table = SizeTables.load(video);
        String name = SizeTables.BUILT_IN.containsKey(video) ? video : table.name();
        int n = chunks == null ? table.chunks() : chunks;
        GeneratorSettings s = GeneratorSettings.defaults(name, table, n, GenerationMode.parse(mode));
        Path root = out.isAbsolute() ? out : Path.of(System.getProperty("testbed.root", ".")).resolve(out);
        GenerationResult r = new VideoGenerator(Ffmpeg.locate()).generate(s, root, force);
        ContentInfo info = r.info();
        long total = 0;
        for (long[] row : info.sizesBytes()) {
            for (long b : row) {
                total += b;
            }
        }
        System.out.printf(Locale.ROOT, "%s %s: %d levels x %d chunks of %.1f s (%s), %.1f MB, codecs %s%n",
                r.cached() ? "cached" : "built", r.dir(), info.ladderKbps().length, info.chunks(), info.chunkDurationS(),
                info.mode(), total / 1e6, info.codecs().get(0));
        System.out.printf(Locale.ROOT, "took %.1f s%n", r.took().toMillis() / 1000.0);
        return 0;
    }
}

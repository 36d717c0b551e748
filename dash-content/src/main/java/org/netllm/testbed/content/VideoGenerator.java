package org.netllm.testbed.content;

import org.netllm.testbed.abr.video.ContentLayout;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Generates a DASH video with ffmpeg: one H.264 rendition per ladder level, closed fixed GOPs of
 * exactly one chunk (keyint = chunk duration × fps, no scene cuts), fMP4 segments of one chunk each,
 * then (size-matched mode) pads every media segment to its size-table byte count, and writes the
 * MPD and {@code content.json}. Output is built in a temporary folder and moved into place, so a
 * failed run never leaves half a video behind; an unchanged input hash reuses the existing video.
 */
public final class VideoGenerator {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** x264 preset: the picture is tiny, speed matters more than compression. */
    private static final String X264_PRESET = "veryfast";

    private final Ffmpeg ffmpeg;

    public VideoGenerator(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    public GenerationResult generate(GeneratorSettings s, Path contentRoot, boolean force) throws IOException {
        long t0 = System.nanoTime();
        ContentLayout out = ContentLayout.of(contentRoot, s.video());
        String ffmpegVersion = ffmpeg.version();
        String hash = s.inputsHash(ffmpegVersion);
        if (!force) {
            ContentInfo existing = readIfComplete(out, hash);
            if (existing != null) {
                return new GenerationResult(out.dir(), existing, true, Duration.ofNanos(System.nanoTime() - t0));
            }
        }
        Files.createDirectories(contentRoot);
        Path tmpDir = Files.createTempDirectory(contentRoot, "." + s.video() + ".tmp-");
        try {
            ContentLayout tmp = new ContentLayout(tmpDir);
            long[] rates = new long[s.levels()];
            List<String> codecs = new ArrayList<>();
            long timescale = 0;
            for (int q = 0; q < s.levels(); q++) {
                rates[q] = s.encodeBitrateBps(q);
                encode(s, q, rates[q], tmp);
                long ts = IsoBmff.mediaTimescale(tmp.init(q));
                if (timescale != 0 && ts != timescale) {
                    throw new IOException("renditions 0 and " + q + " have different timescales " + timescale + " / " + ts);
                }
                timescale = ts;
                codecs.add(IsoBmff.avcCodecs(tmp.init(q)));
            }
            long[][] sizes = new long[s.levels()][s.chunks()];
            long[] initBytes = new long[s.levels()];
            for (int q = 0; q < s.levels(); q++) {
                initBytes[q] = Files.size(tmp.init(q));
                for (int c = 0; c < s.chunks(); c++) {
                    Path seg = tmp.segment(q, c);
                    if (s.mode() == GenerationMode.SIZE_MATCHED) {
                        SegmentPadder.pad(seg, s.targetBytes(q, c));
                    }
                    sizes[q][c] = Files.size(seg);
                }
            }
            Files.writeString(tmp.manifest(), MpdWriter.write(s, timescale, codecs), StandardCharsets.UTF_8);
            ContentInfo info = new ContentInfo(s.video(), hash, s.mode().cliName(), s.chunks(), s.table().chunkDurationS(),
                    s.table().bitratesKbps(), timescale, codecs, rates, initBytes, sizes, ffmpegVersion);
            JSON.writeValue(tmp.info().toFile(), info);
            deleteTree(out.dir());
            Files.move(tmpDir, out.dir(), StandardCopyOption.ATOMIC_MOVE);
            return new GenerationResult(out.dir(), info, false, Duration.ofNanos(System.nanoTime() - t0));
        } finally {
            deleteTree(tmpDir);
        }
    }

    /** The stored info when content.json has this hash and every file it lists has its recorded size. */
    static ContentInfo readIfComplete(ContentLayout layout, String hash) throws IOException {
        if (!Files.isRegularFile(layout.info()) || !Files.isRegularFile(layout.manifest())) {
            return null;
        }
        ContentInfo info;
        try {
            info = JSON.readValue(layout.info().toFile(), ContentInfo.class);
        } catch (IOException e) {
            return null; // unreadable cache entry: regenerate
        }
        if (!hash.equals(info.inputsHash())) {
            return null;
        }
        for (int q = 0; q < info.sizesBytes().length; q++) {
            if (!Files.isRegularFile(layout.init(q))) {
                return null;
            }
            for (int c = 0; c < info.chunks(); c++) {
                Path seg = layout.segment(q, c);
                if (!Files.isRegularFile(seg) || Files.size(seg) != info.sizesBytes()[q][c]) {
                    return null;
                }
            }
        }
        return info;
    }

    private void encode(GeneratorSettings s, int q, long bps, ContentLayout tmp) throws IOException {
        Path dir = tmp.qualityDir(q);
        Files.createDirectories(dir);
        int[] wh = s.resolution(q);
        int gop = s.gopFrames();
        String rate = Long.toString(bps);
        List<String> args = List.of("-hide_banner", "-nostdin", "-y", "-loglevel", "error",
                "-f", "lavfi", "-i", s.source() + "=size=" + wh[0] + "x" + wh[1] + ":rate=" + s.fps()
                        + ":duration=" + s.durationS(),
                "-c:v", "libx264", "-preset", X264_PRESET, "-profile:v", "main", "-pix_fmt", "yuv420p",
                "-b:v", rate, "-minrate", rate, "-maxrate", rate, "-bufsize", rate,
                // closed fixed GOPs of one chunk, no scene-cut keyframes, no B-frames; CBR with filler (nal-hrd)
                "-x264-params", "nal-hrd=cbr:force-cfr=1:keyint=" + gop + ":min-keyint=" + gop
                        + ":scenecut=0:open-gop=0:bframes=0",
                "-an", "-f", "dash", "-seg_duration", Double.toString(s.table().chunkDurationS()),
                "-use_template", "1", "-use_timeline", "0",
                "-init_seg_name", ContentLayout.INIT, "-media_seg_name", "$Number$.m4s",
                "ffmpeg.mpd");
        ffmpeg.run(args, dir);
        Files.delete(dir.resolve("ffmpeg.mpd"));
        for (int c = 0; c < s.chunks(); c++) {
            if (!Files.isRegularFile(tmp.segment(q, c))) {
                throw new IOException("ffmpeg produced no segment " + tmp.segment(q, c).getFileName() + " for quality " + q
                        + " (expected " + s.chunks() + " segments of " + s.table().chunkDurationS() + " s)");
            }
        }
        if (Files.exists(tmp.segment(q, s.chunks()))) {
            throw new IOException("ffmpeg produced more than " + s.chunks() + " segments for quality " + q
                    + "; segments are not exactly " + s.table().chunkDurationS() + " s");
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

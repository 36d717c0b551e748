package org.netllm.testbed.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.abr.video.ContentLayout;
import org.netllm.testbed.abr.video.DashContent;
import org.netllm.testbed.abr.video.VideoSpec;

/** Real ffmpeg: a 3-chunk size-matched Envivio video, checked byte for byte against the size table. */
class VideoGeneratorTest {

    private static final int CHUNKS = 3;

    @TempDir
    static Path root;
    static VideoSpec envivio;
    static GeneratorSettings settings;
    static GenerationResult first;

    @BeforeAll
    static void generate() throws IOException {
        envivio = SizeTables.load("envivio");
        settings = GeneratorSettings.defaults("envivio", envivio, CHUNKS, GenerationMode.SIZE_MATCHED);
        first = new VideoGenerator(Ffmpeg.locate()).generate(settings, root, false);
    }

    @Test
    void sizeTableLoadsEnvivio() {
        assertEquals(49, envivio.chunks());
        assertEquals(181801, envivio.sizeBytes(0, 0)); // docs/reference/abr.md §2.1 sanity lines
        assertEquals(2354772, envivio.sizeBytes(5, 0));
        assertEquals(1433658, envivio.sizeBytes(5, 48));
    }

    @Test
    void everySegmentHasTheTableSize() throws IOException {
        assertFalse(first.cached());
        ContentLayout layout = new ContentLayout(first.dir());
        for (int q = 0; q < envivio.levels(); q++) {
            for (int c = 0; c < CHUNKS; c++) {
                assertEquals(envivio.sizeBytes(q, c), Files.size(layout.segment(q, c)), "q" + q + " chunk " + c);
            }
            assertFalse(Files.exists(layout.segment(q, CHUNKS)));
        }
    }

    @Test
    void segmentsAreWellFormedAndPaddedAfterMdat() throws IOException {
        Path seg = new ContentLayout(first.dir()).segment(5, 1);
        List<IsoBox> boxes = IsoBmff.topLevel(seg);
        List<String> types = boxes.stream().map(IsoBox::type).toList();
        assertTrue(types.contains("moof"), types.toString());
        assertEquals(types.indexOf("mdat") + 1, types.indexOf("free"), types.toString());
        assertEquals(Files.size(seg), boxes.get(boxes.size() - 1).end());
    }

    @Test
    void initSegmentDescribesH264() throws IOException {
        Path init = new ContentLayout(first.dir()).init(0);
        assertTrue(IsoBmff.mediaTimescale(init) > 0);
        assertTrue(IsoBmff.avcCodecs(init).startsWith("avc1.4d"), IsoBmff.avcCodecs(init)); // Main profile
    }

    @Test
    void paddedSegmentDecodesWithFfprobe() throws Exception {
        ContentLayout layout = new ContentLayout(first.dir());
        Path joined = root.resolve("joined.mp4");
        Files.write(joined, concat(Files.readAllBytes(layout.init(3)), Files.readAllBytes(layout.segment(3, 2))));
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", joined.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        assertEquals(Integer.toString(settings.gopFrames()), out); // one 4 s GOP, nothing else, no errors
    }

    @Test
    void manifestParsesBackToTheSizeTable() throws IOException {
        DashContent dash = DashContent.load(first.dir());
        VideoSpec spec = dash.spec();
        assertEquals(List.of(300, 750, 1200, 1850, 2850, 4300), java.util.Arrays.stream(spec.bitratesKbps()).boxed().toList());
        assertEquals(CHUNKS, spec.chunks());
        assertEquals(4.0, spec.chunkDurationS(), 1e-9);
        for (int q = 0; q < spec.levels(); q++) {
            for (int c = 0; c < CHUNKS; c++) {
                assertEquals(envivio.sizeBytes(q, c), spec.sizeBytes(q, c));
            }
        }
    }

    @Test
    void secondRunHitsTheCache() throws IOException {
        Path seg = new ContentLayout(first.dir()).segment(0, 0);
        FileTime before = Files.getLastModifiedTime(seg);
        GenerationResult again = new VideoGenerator(Ffmpeg.locate()).generate(settings, root, false);
        assertTrue(again.cached());
        assertEquals(first.info().inputsHash(), again.info().inputsHash());
        assertEquals(before, Files.getLastModifiedTime(seg));
        GeneratorSettings other = GeneratorSettings.defaults("envivio", envivio, CHUNKS - 1, GenerationMode.SIZE_MATCHED);
        assertFalse(other.inputsHash("x").equals(settings.inputsHash("x")));
    }

    @Test
    void paddingRefusesTooBigOrTooSmallGaps() throws IOException {
        Path seg = root.resolve("pad-test.m4s");
        Files.copy(new ContentLayout(first.dir()).segment(0, 0), seg);
        long size = Files.size(seg);
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> SegmentPadder.pad(seg, size - 1));
        assertTrue(big.getMessage().contains("larger than its target"), big.getMessage());
        for (int gap = 1; gap < IsoBmff.HEADER_SIZE; gap++) {
            long target = size + gap;
            assertThrows(IllegalArgumentException.class, () -> SegmentPadder.pad(seg, target));
        }
        assertEquals(size, Files.size(seg));
        assertEquals(8, SegmentPadder.pad(seg, size + 8));
        assertEquals(size + 8, Files.size(seg));
        assertEquals("free", IsoBmff.topLevel(seg).get(IsoBmff.topLevel(seg).size() - 1).type());
    }

    @Test
    void readerHandlesLargesizeAndRejectsTruncation() {
        ByteBuffer b = ByteBuffer.allocate(16 + 8 + 4);
        b.putInt(1).put("mdat".getBytes(StandardCharsets.US_ASCII)).putLong(24).putLong(0);
        b.putInt(4);
        List<IsoBox> ok = IsoBmff.boxes(b, 0, 24, "mem");
        assertEquals(List.of(new IsoBox("mdat", 0, 24, 16)), ok);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IsoBmff.boxes(b, 0, 28, "mem"));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());
        ByteBuffer over = ByteBuffer.allocate(8).putInt(100).put("moov".getBytes(StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, () -> IsoBmff.boxes(over, 0, 8, "mem"));
        assertEquals(8, IsoBmff.boxes(ByteBuffer.wrap(IsoBmff.freeBox(8)), 0, 8, "mem").get(0).size());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

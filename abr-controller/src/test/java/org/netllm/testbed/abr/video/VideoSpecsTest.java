package org.netllm.testbed.abr.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoSpecsTest {

    @Test
    void envivioMatchesTheSpecSanityValues() {
        // docs/reference/abr.md §2.1
        VideoSpec v = VideoSpecs.load("envivio");
        assertEquals(v, VideoSpecs.load("video1"));
        assertArrayEquals(new int[] {300, 750, 1200, 1850, 2850, 4300}, v.bitratesKbps());
        assertEquals(49, v.chunks());
        assertEquals(181_801, v.sizeBytes(0, 0));
        assertEquals(155_580, v.sizeBytes(0, 1));
        assertEquals(139_857, v.sizeBytes(0, 2));
        assertEquals(2_354_772, v.sizeBytes(5, 0));
        assertEquals(2_123_065, v.sizeBytes(5, 1));
        assertEquals(112_270, v.sizeBytes(0, 48));
        assertEquals(1_433_658, v.sizeBytes(5, 48));
        assertEquals(4.0, v.chunkDurationS());
    }

    @Test
    void otherBuiltInsLoad() {
        assertEquals(49, VideoSpecs.load("video2").chunks());
        assertEquals(6, VideoSpecs.load("genet-fig-reproduce").levels());
    }

    @Test
    void sizeFolderUsesFirstIntegerPerLine(@TempDir Path dir) throws IOException {
        for (int q = 0; q < 6; q++) {
            Files.writeString(dir.resolve("video_size_" + q), (100 + q) + " extra\n" + (200 + q) + "\n\n");
        }
        VideoSpec v = VideoSpecs.load(dir.toString());
        assertEquals(2, v.chunks());
        assertEquals(105, v.sizeBytes(5, 0));
        assertEquals(200, v.sizeBytes(0, 1));
    }

    @Test
    void badSizeLineNamesFileAndLine(@TempDir Path dir) throws IOException {
        for (int q = 0; q < 6; q++) {
            Files.writeString(dir.resolve("video_size_" + q), "100\n200\n");
        }
        Files.writeString(dir.resolve("video_size_3"), "100\nabc\n");
        VideoFormatException e = assertThrows(VideoFormatException.class, () -> VideoSpecs.load(dir.toString()));
        assertTrue(e.getMessage().contains("video_size_3:2"), e.getMessage());
        Files.delete(dir.resolve("video_size_4"));
        e = assertThrows(VideoFormatException.class, () -> VideoSpecs.loadSizeFolder(dir));
        assertTrue(e.getMessage().contains("video_size_"), e.getMessage());
    }

    @Test
    void badJsonNamesFileAndKey(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("v.json");
        Files.writeString(f, "{\"name\":\"x\",\"bitrates_kbps\":[300,750],\"chunk_duration_s\":4.0,"
                + "\"num_chunks\":2,\"sizes_bytes\":[[1,2],[3]]}");
        VideoFormatException e = assertThrows(VideoFormatException.class, () -> VideoSpecs.load(f.toString()));
        assertTrue(e.getMessage().contains("v.json") && e.getMessage().contains("sizes_bytes[1]"), e.getMessage());
        Files.writeString(f, "{\"name\":\"x\",\"chunk_duration_s\":4.0}");
        e = assertThrows(VideoFormatException.class, () -> VideoSpecs.load(f.toString()));
        assertTrue(e.getMessage().contains("'bitrates_kbps'"), e.getMessage());
        e = assertThrows(VideoFormatException.class, () -> VideoSpecs.load(dir.resolve("nope").toString()));
        assertTrue(e.getMessage().contains("nope"));
    }
}

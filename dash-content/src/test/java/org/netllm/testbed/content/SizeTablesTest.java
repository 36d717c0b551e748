package org.netllm.testbed.content;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Size-table files ({@code --sizes}): errors name the offending key. */
class SizeTablesTest {

    @TempDir
    Path dir;

    @Test
    void sizeTableErrorsNameTheKey() throws IOException {
        Path bad = dir.resolve("t.json");
        Files.writeString(bad, "{\"bitrates_kbps\":[300,750],\"chunk_duration_s\":4,\"sizes_bytes\":[[1,2],[3,-4]]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SizeTables.load(bad.toString()));
        assertTrue(e.getMessage().contains("sizes_bytes[1][1]"), e.getMessage());
        Files.writeString(bad, "{\"bitrates_kbps\":[300,750],\"sizes_bytes\":[[1],[3]]}");
        e = assertThrows(IllegalArgumentException.class, () -> SizeTables.load(bad.toString()));
        assertTrue(e.getMessage().contains("chunk_duration_s"), e.getMessage());
    }
}

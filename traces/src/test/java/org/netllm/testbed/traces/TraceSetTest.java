package org.netllm.testbed.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceSetTest {

    @TempDir
    Path dir;

    @Test
    void listsLikeNetLlmSortedWithoutDotPklJsonOrFolders() throws IOException {
        Files.writeString(dir.resolve("b"), "0.0\t1\n1.0\t2\n");
        Files.writeString(dir.resolve("a"), "0\n5\n");
        Files.writeString(dir.resolve(".hidden"), "junk");
        Files.writeString(dir.resolve("mahimahi_ptrs.pkl"), "junk");
        Files.writeString(dir.resolve("ptrs.json"), "{}");
        Files.createDirectory(dir.resolve("sub"));
        TraceSet set = TraceSet.open(dir);
        assertEquals(List.of("a", "b"), set.names());
        assertEquals(TraceFormat.MAHIMAHI, set.files().get(0).format());
        assertEquals(TraceFormat.COOKED, set.files().get(1).format());
    }

    @Test
    void explicitFormatIsCheckedWhenRead() throws IOException {
        Files.writeString(dir.resolve("a"), "0\n5\n");
        TraceSet set = TraceSet.open(dir, TraceFormat.COOKED);
        TraceFormatException e = assertThrows(TraceFormatException.class, set::readCooked);
        assertTrue(e.getMessage().contains("expected 2 columns"), e.getMessage());
        TraceFormatException wrong = assertThrows(TraceFormatException.class,
                () -> TraceSet.open(dir).readCooked());
        assertTrue(wrong.getMessage().contains("is a MAHIMAHI trace, expected COOKED"), wrong.getMessage());
    }

    @Test
    void emptyOrMissingFolderIsAnError() throws IOException {
        assertThrows(TraceFormatException.class, () -> TraceSet.open(dir));
        assertThrows(TraceFormatException.class, () -> TraceSet.open(dir.resolve("nope")));
    }

    @Test
    void startPointerErrorsNameTheProblem() throws IOException {
        Files.writeString(dir.resolve("t1"), "0.0\t1\n1.0\t2\n2.0\t3\n");
        Files.writeString(dir.resolve("t2"), "0.0\t1\n1.0\t2\n2.0\t3\n");
        TraceSet set = TraceSet.open(dir);
        Path json = dir.getParent().resolve(dir.getFileName() + "-ptrs.json");

        Files.writeString(json, "{\"pointers\":[{\"file\":\"t1\",\"ptr\":1},{\"file\":\"t2\",\"ptr\":2}]}");
        StartPointers.read(json).validate(set);

        Files.writeString(json, "{\"pointers\":[{\"file\":\"t1\",\"ptr\":1},{\"file\":\"zz\",\"ptr\":2}]}");
        assertMessage(json, set, "unknown trace zz");
        Files.writeString(json, "{\"pointers\":[{\"file\":\"t1\",\"ptr\":1},{\"file\":\"t2\",\"ptr\":3}]}");
        assertMessage(json, set, "pointer 3 of trace t2 is outside [1, 2]");
        Files.writeString(json, "{\"pointers\":[{\"file\":\"t1\",\"ptr\":0},{\"file\":\"t2\",\"ptr\":1}]}");
        assertMessage(json, set, "pointer 0 of trace t1");
        Files.writeString(json, "{\"pointers\":[{\"file\":\"t2\",\"ptr\":1},{\"file\":\"t1\",\"ptr\":1}]}");
        assertMessage(json, set, "another order");
        Files.writeString(json, "{\"pointers\":[{\"file\":\"t1\",\"ptr\":\"x\"}]}");
        assertThrows(TraceFormatException.class, () -> StartPointers.read(json));
        Files.writeString(json, "{\"pointers\":[");
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> StartPointers.read(json));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        Files.delete(json);
    }

    private static void assertMessage(Path json, TraceSet set, String part) throws IOException {
        StartPointers p = StartPointers.read(json);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> p.validate(set));
        assertTrue(e.getMessage().startsWith(json.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}

package org.netllm.testbed.netllm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.netllm.backbone.Backbone;
import org.netllm.testbed.netllm.backbone.LoadOptions;
import org.netllm.testbed.netllm.backbone.TinyLlama;

/**
 * One backbone per content, not per path: the embedded model is extracted from the jar into a new temporary
 * folder by each task that asks for it, and those copies must still share one set of weights.
 */
class SharedBackboneLoaderTest {

    @TempDir
    Path tmp;

    private static void copyFolder(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void aByteIdenticalCopyInAnotherFolderSharesTheLoadedWeights() throws Exception {
        Path a = tmp.resolve("a");
        TinyLlama.write(a, TinyLlama.Spec.defaults());
        Path copy = tmp.resolve("copy");
        copyFolder(a, copy);
        Path other = tmp.resolve("other");
        TinyLlama.write(other, TinyLlama.Spec.defaults().withSeed(2)); // same shape and sizes, other weights
        SharedBackboneLoader loader = new SharedBackboneLoader(LoadOptions.defaults());
        Backbone first = loader.load(a, Optional.empty(), -1);
        Backbone second = loader.load(copy, Optional.empty(), -1);
        assertEquals(1, loader.loadedBackbones());
        assertSame(first.manager(), second.manager(), "the copy's view runs on the loaded weights");
        Backbone third = loader.load(other, Optional.empty(), -1);
        assertEquals(2, loader.loadedBackbones(), "equal sizes but other bytes are another backbone");
        assertNotSame(first.manager(), third.manager());
        first.close();
        assertEquals(2, loader.loadedBackbones(), "the copy still holds the shared weights");
        second.close();
        third.close();
        assertEquals(0, loader.loadedBackbones());
    }

    @Test
    void foldersCompareByNamesSizesAndBytes() throws Exception {
        Path a = tmp.resolve("a");
        TinyLlama.write(a, TinyLlama.Spec.defaults());
        Path b = tmp.resolve("b");
        copyFolder(a, b);
        assertTrue(SharedBackboneLoader.sameFiles(a, b));
        Files.writeString(b.resolve("README.md"), "extra");
        assertFalse(SharedBackboneLoader.sameFiles(a, b), "an extra file");
        assertFalse(SharedBackboneLoader.sameFiles(a, tmp.resolve("missing")));
        assertFalse(SharedBackboneLoader.sameFiles(tmp.resolve("missing"), tmp.resolve("missing2")), "two empty listings");
    }
}

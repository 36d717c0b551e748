package org.netllm.testbed.traces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every committed set loads and its statistics match {@code traces/manifest.csv}. */
class CommittedTraceSetsTest {

    private static final List<String> SETS = List.of("fcc/train", "fcc/valid", "fcc/test", "fcc-real",
            "norway-real", "mahimahi-uplink", "fcc-genet-test", "norway/train", "norway/valid", "norway/test",
            "synthetic-test");
    /** The manifest prints 4 decimals. */
    private static final double MANIFEST_ROUNDING = 5.1e-5;

    @Test
    void everySetLoadsAndMatchesTheManifest() throws IOException {
        Map<String, String[]> manifest = readManifest();
        int checked = 0;
        for (String setName : SETS) {
            TraceSet set = TraceSet.open(RepoTraces.set(setName));
            for (TraceFile f : set.files()) {
                String[] row = manifest.get(setName + "/" + f.name());
                if (setName.equals("mahimahi-uplink")) {
                    assertEquals(12.0, f.readMahimahi().meanMbps(), 1e-12);
                    checked++;
                    continue;
                }
                assertTrue(row != null, "manifest has no row for " + setName + "/" + f.name());
                assertEquals(row[2], f.format().name().toLowerCase(), f.path().toString());
                TraceStats s = f.stats();
                assertEquals(Integer.parseInt(row[3]), s.lines(), f.path().toString());
                assertEquals(Double.parseDouble(row[6]), s.durationS(), 1e-3, f.path().toString());
                assertEquals(Double.parseDouble(row[8]), s.meanMbps(), MANIFEST_ROUNDING, f.path().toString());
                if (f.format() == TraceFormat.COOKED) {
                    assertEquals(Double.parseDouble(row[9]), s.minMbps(), MANIFEST_ROUNDING, f.path().toString());
                    assertEquals(Double.parseDouble(row[10]), s.maxMbps(), MANIFEST_ROUNDING, f.path().toString());
                }
                checked++;
            }
        }
        assertEquals(manifest.size() + 1, checked, "files on disk vs manifest rows (+ the uplink file)");
    }

    @Test
    void setSizesMatchTheDataReadme() throws IOException {
        int[] expected = {235, 150, 100, 100, 100, 1, 290, 115, 74, 310, 200};
        for (int i = 0; i < SETS.size(); i++) {
            assertEquals(expected[i], TraceSet.open(RepoTraces.set(SETS.get(i))).size(), SETS.get(i));
        }
    }

    @Test
    void fccRealTwinsAreExactGenetConversionsOfTheCookedValidTraces() throws IOException {
        TraceSet real = TraceSet.open(RepoTraces.set("fcc-real"));
        TraceSet valid = TraceSet.open(RepoTraces.set("fcc/valid"));
        int twins = 0;
        for (TraceFile mmFile : real.files()) {
            var cookedFile = valid.find(mmFile.name());
            if (cookedFile.isEmpty()) {
                continue;
            }
            twins++;
            MahimahiTrace mm = mmFile.readMahimahi();
            CookedTrace cooked = cookedFile.get().readCooked();
            // our port of GENET's converter reproduces Genet's file line for line
            assertArrayEquals(mm.deliveryMs(), TraceConverter.toMahimahi(cooked).deliveryMs(), mm.name());
            // and binning the Mahimahi file back gives the cooked per-interval rates
            CookedTrace binned = TraceConverter.toCooked(mm);
            assertTrue(binned.size() >= cooked.size() - 1, mm.name());
            double absDiff = 0;
            for (int i = 1; i < cooked.size(); i++) {
                absDiff += Math.abs(binned.mbps()[i] - cooked.mbps()[i]);
            }
            assertTrue(absDiff / (cooked.size() - 1) < 1e-3, mm.name() + ": mean abs diff " + absDiff);
        }
        assertEquals(66, twins, "docs/reference/data.md §1.3: 66 fcc-real files have a cooked twin in fcc/valid");
    }

    @Test
    void fccTestStartPointersMatchTheSet() throws IOException {
        TraceSet test = TraceSet.open(RepoTraces.set("fcc/test"));
        StartPointers ptrs = StartPointers.read(RepoTraces.set("fcc/test_mahimahi_ptrs.json"));
        ptrs.validate(test);
        // docs/reference/abr.md §2.2: first values 28, 99, 32, 27, 26
        List<String> names = test.names();
        int[] first = {28, 99, 32, 27, 26};
        for (int i = 0; i < first.length; i++) {
            assertEquals(first[i], ptrs.pointerFor(names.get(i)));
        }
        int min = ptrs.pointers().values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        int max = ptrs.pointers().values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertEquals(3, min);
        assertEquals(303, max);
    }

    private static Map<String, String[]> readManifest() throws IOException {
        Map<String, String[]> rows = new HashMap<>();
        List<String> lines = Files.readAllLines(RepoTraces.root().resolve("manifest.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split(",", -1);
            rows.put(cols[0] + "/" + cols[1], cols);
        }
        return rows;
    }
}

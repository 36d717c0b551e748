package org.netllm.testbed.vp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.vp.data.PackedTraces;
import org.netllm.testbed.vp.data.TraceKey;
import org.netllm.testbed.vp.data.ViewportTrace;
import org.netllm.testbed.vp.data.VpData;
import org.netllm.testbed.vp.data.VpDataFormatException;
import org.netllm.testbed.vp.data.VpDataImporter;
import org.netllm.testbed.vp.data.VpDataset;
import org.netllm.testbed.vp.data.VpSplit;
import org.netllm.testbed.vp.data.VpSplits;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packed copy against verbatim originals: two upstream CSVs are kept as test fixtures
 * (src/test/resources/vp-originals); their SHA-256 must be the one the manifest recorded at import, and
 * the bundled rows must equal their columns 1–3 exactly.
 */
class BundledDataTest {
    private static final String FIXTURES = "/vp-originals";

    private static byte[] fixture(VpDataset d, TraceKey k) throws IOException {
        String res = FIXTURES + "/" + d.upstreamName() + "/video" + k.video() + "/5Hz/simple_5Hz_user" + k.user() + ".csv";
        try (InputStream in = BundledDataTest.class.getResourceAsStream(res)) {
            return in.readAllBytes();
        }
    }

    private static Map<String, String[]> manifest() throws IOException {
        Map<String, String[]> out = new HashMap<>();
        try (InputStream in = VpData.class.getResourceAsStream("/vp-data/" + VpDataImporter.MANIFEST)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertEquals(VpDataImporter.MANIFEST_HEADER, lines.get(0));
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.split(",");
                out.put(f[0] + "/" + f[1] + "/" + f[2], f);
            }
        }
        return out;
    }

    @Test
    void bundledRowsEqualTheOriginalFiles() throws IOException {
        VpData data = VpData.bundled();
        Map<String, String[]> manifest = manifest();
        for (var c : List.of(Map.entry(VpDataset.JIN2022, new TraceKey(4, 83)), Map.entry(VpDataset.WU2017, new TraceKey(3, 16)))) {
            byte[] original = fixture(c.getKey(), c.getValue());
            String[] m = manifest.get(c.getKey().upstreamName() + "/" + c.getValue().video() + "/" + c.getValue().user());
            assertEquals(m[4], VpDataImporter.sha256(original), "fixture is the original the manifest recorded");
            List<String[]> tokens = VpDataImporter.parseUpstream(new String(original, StandardCharsets.UTF_8), "fixture");
            ViewportTrace t = data.trace(c.getKey(), c.getValue());
            assertEquals(tokens.size(), t.length());
            assertEquals(Integer.parseInt(m[3]), t.length());
            for (int i = 0; i < tokens.size(); i++) {
                double[] expected = {Double.parseDouble(tokens.get(i)[0]), Double.parseDouble(tokens.get(i)[1]),
                        Double.parseDouble(tokens.get(i)[2])};
                assertArrayEquals(expected, t.row(i), 0.0, c.getValue() + " row " + i);
            }
        }
    }

    @Test
    void manifestCoversExactlyTheBundledSplits() throws IOException {
        VpSplits splits = VpSplits.bundled();
        VpDataImporter imp = new VpDataImporter(splits);
        Map<String, String[]> manifest = manifest();
        int expected = 0;
        for (VpDataset d : VpDataset.values()) {
            Set<TraceKey> keys = imp.referenced(d, VpDataImporter.bundledSplits(d));
            expected += keys.size();
            for (TraceKey k : keys) {
                assertTrue(manifest.containsKey(d.upstreamName() + "/" + k.video() + "/" + k.user()), d + " " + k);
            }
        }
        assertEquals(15 * 42 + 6 * 21 + 6 * 21 + 2 * 9 + 2 * 9, expected);
        assertEquals(expected, manifest.size());
    }

    @Test
    void importerReproducesTheBundledTraceFromAnUpstreamFolder(@TempDir Path dir) throws IOException {
        TraceKey k = new TraceKey(4, 83);
        Path f = VpDataImporter.upstreamFile(dir, VpDataset.JIN2022, k);
        Files.createDirectories(f.getParent());
        Files.write(f, fixture(VpDataset.JIN2022, k));
        VpSplits one = VpSplits.parse(new ByteArrayInputStream(singleTraceSplits().getBytes(StandardCharsets.UTF_8)), "test");
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        List<String> lines = new VpDataImporter(one).importDataset(dir, VpDataset.JIN2022, EnumSet.of(VpSplit.TEST), List.of("test"), packed);
        assertEquals(1, lines.size());
        double[][] rows = PackedTraces.read(new ByteArrayInputStream(packed.toByteArray()), "packed").get(k);
        ViewportTrace bundled = VpData.bundled().trace(VpDataset.JIN2022, k);
        assertEquals(bundled.length(), rows.length);
        for (int i = 0; i < rows.length; i++) {
            assertArrayEquals(bundled.row(i), rows[i], 0.0);
        }
    }

    @Test
    void importerNamesMissingOriginals(@TempDir Path dir) throws IOException {
        VpSplits one = VpSplits.parse(new ByteArrayInputStream(singleTraceSplits().getBytes(StandardCharsets.UTF_8)), "test");
        var e = assertThrows(VpDataFormatException.class, () -> new VpDataImporter(one)
                .importDataset(dir, VpDataset.JIN2022, EnumSet.of(VpSplit.TEST), List.of(), new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains("simple_5Hz_user83.csv"), e.getMessage());
    }

    @Test
    void upstreamParserRejectsBadRows() {
        assertThrows(VpDataFormatException.class, () -> VpDataImporter.parseUpstream("1,2,3\n", "f"));
        var nan = assertThrows(VpDataFormatException.class, () -> VpDataImporter.parseUpstream("0.0,1,NaN,3\n", "f"));
        assertTrue(nan.getMessage().contains("f line 1"), nan.getMessage());
        assertThrows(VpDataFormatException.class, () -> VpDataImporter.parseUpstream("0,1,2,3\n\n0,1,2,3\n", "f"));
        assertThrows(VpDataFormatException.class, () -> VpDataImporter.parseUpstream("", "f"));
    }

    @Test
    void packedReaderRejectsMalformedFiles() {
        assertTrue(assertThrows(VpDataFormatException.class, () -> readPacked("video,user,roll,pitch,yaw\n1,2,3,4\n"))
                .getMessage().contains("line 2"));
        assertThrows(VpDataFormatException.class, () -> readPacked("wrong header\n"));
        assertThrows(VpDataFormatException.class, () -> readPacked("video,user,roll,pitch,yaw\n1,2,3,4,x\n"));
        assertThrows(VpDataFormatException.class, () -> readPacked("video,user,roll,pitch,yaw\n1,2,3,4,5\n1,3,3,4,5\n1,2,3,4,5\n"));
        assertThrows(VpDataFormatException.class, () -> readPacked("video,user,roll,pitch,yaw\n0,2,3,4,5\n"));
    }

    @Test
    void wu2017TrainIsNotBundledAndSaysSo() {
        var e = assertThrows(VpDataFormatException.class, () -> VpData.bundled().traces(VpDataset.WU2017, VpSplit.TRAIN));
        assertTrue(e.getMessage().contains("not in the bundled data"), e.getMessage());
    }

    private static void readPacked(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        PackedTraces.read(new ByteArrayInputStream(b.toByteArray()), "t.csv.gz");
    }

    private static String singleTraceSplits() {
        String lists = "{\"train\":[1],\"valid\":[1],\"test\":[%s]}";
        return "{\"dataset_video_split\":{\"Jin2022\":" + lists.formatted("4") + ",\"Wu2017\":" + lists.formatted("3") + "},"
                + "\"dataset_user_split\":{\"Jin2022\":" + lists.formatted("83") + ",\"Wu2017\":" + lists.formatted("27") + "}}";
    }
}

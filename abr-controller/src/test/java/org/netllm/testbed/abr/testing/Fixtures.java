package org.netllm.testbed.abr.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.netllm.testbed.abr.algo.AbrContext;
import org.netllm.testbed.abr.algo.AbrObservation;
import org.netllm.testbed.abr.qoe.QoeParams;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.abr.video.VideoSpecs;

/** Repo-committed data for tests: the Envivio video table, model JSONs, the verification story. */
public final class Fixtures {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOT = "/org/netllm/testbed/abr/";
    private static VideoSpec video1;

    private Fixtures() {
    }

    public static JsonNode resourceJson(String relative) {
        try (InputStream in = Fixtures.class.getResourceAsStream(ROOT + relative)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + ROOT + relative);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** videos/video1.json (Envivio, 6 levels × 49 chunks), read by the production loader. */
    public static synchronized VideoSpec video1() {
        if (video1 == null) {
            video1 = VideoSpecs.load("video1");
        }
        return video1;
    }

    public static AbrContext context(int totalChunks, boolean sampling) {
        return new AbrContext(video1(), QoeParams.NETLLM, totalChunks, 42L, sampling);
    }

    /** models/&lt;folder&gt;/model.json. */
    public static JsonNode modelJson(String folder) {
        return resourceJson("models/" + folder + "/model.json");
    }

    public static Path modelFolder(String folder) {
        return Path.of(System.getProperty("testbed.root", "."), "abr-controller/src/main/resources/org/netllm/testbed/abr/models",
                folder);
    }

    public static double[][] matrix(JsonNode n) {
        double[][] m = new double[n.size()][];
        for (int r = 0; r < n.size(); r++) {
            m[r] = new double[n.get(r).size()];
            for (int c = 0; c < m[r].length; c++) {
                m[r][c] = n.get(r).get(c).asDouble();
            }
        }
        return m;
    }

    public static long[] nextSizes(VideoSpec v, int chunk) {
        long[] s = new long[v.levels()];
        for (int q = 0; q < s.length; q++) {
            s[q] = chunk < v.chunks() ? v.sizeBytes(q, chunk) : 0L;
        }
        return s;
    }

    /**
     * The observations behind every model.json {@code verification.sample_state}: 7 chunks of
     * video1 at levels 0,1,2,2,3,3,3 in a 48-chunk session; buffer, throughput and download time
     * read back from pensieve-original's 6×8 sample (its columns 1..7).
     */
    public static List<AbrObservation> verificationStory() {
        double[][] s = matrix(modelJson("pensieve-original").get("verification").get("sample_state"));
        int[] levels = {0, 1, 2, 2, 3, 3, 3};
        List<AbrObservation> out = new ArrayList<>();
        for (int k = 0; k < levels.length; k++) {
            int col = k + 1;
            double ms = Math.round(s[3][col] * 10_000.0);
            long bytes = Math.round(s[2][col] * ms * 1000.0);
            out.add(new AbrObservation(k, levels[k], s[1][col] * 10.0, 0.0, bytes, ms, 47 - k,
                    nextSizes(video1(), k + 1)));
        }
        return out;
    }
}

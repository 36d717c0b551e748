package org.netllm.testbed.vp.data;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The module's compact copy of the viewport traces: one gzip text file per dataset with the lines
 * {@code video,user,roll,pitch,yaw}, a trace's rows contiguous and in file order. The angle tokens are
 * copied verbatim from NetLLM's CSV columns 1–3 (6 decimals), so parsing gives the same doubles as
 * parsing the originals; column 0 (timestamp) is dropped because NetLLM discards it on load
 * (docs/reference/vp.md §1.1). Lines starting with {@code #} are comments (provenance).
 */
public final class PackedTraces {
    public static final String HEADER = "video,user,roll,pitch,yaw";
    private static final int FIELDS = 5;

    private PackedTraces() {
    }

    /** Reads every trace of a packed file; {@code source} names the file in error messages. */
    public static Map<TraceKey, double[][]> read(InputStream gz, String source) throws IOException {
        Map<TraceKey, List<double[]>> rows = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(gz), StandardCharsets.UTF_8))) {
            String line;
            int lineNo = 0;
            boolean header = false;
            TraceKey current = null;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.startsWith("#")) {
                    continue;
                }
                if (!header) {
                    if (!line.equals(HEADER)) {
                        throw new VpDataFormatException(source + " line " + lineNo + ": expected header '" + HEADER + "'");
                    }
                    header = true;
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != FIELDS) {
                    throw new VpDataFormatException(source + " line " + lineNo + ": expected " + FIELDS + " fields, got " + f.length);
                }
                TraceKey key = new TraceKey(parseId(f[0], source, lineNo), parseId(f[1], source, lineNo));
                if (!key.equals(current)) {
                    if (rows.containsKey(key)) {
                        throw new VpDataFormatException(source + " line " + lineNo + ": rows of " + key + " are not contiguous");
                    }
                    rows.put(key, new ArrayList<>());
                    current = key;
                }
                double[] angles = new double[Axis.COUNT];
                for (int a = 0; a < Axis.COUNT; a++) {
                    angles[a] = parseAngle(f[2 + a], source, lineNo);
                }
                rows.get(key).add(angles);
            }
            if (!header) {
                throw new VpDataFormatException(source + ": no header line '" + HEADER + "'");
            }
        }
        Map<TraceKey, double[][]> out = new LinkedHashMap<>();
        rows.forEach((k, v) -> out.put(k, v.toArray(new double[0][])));
        return out;
    }

    /** One trace to write: its key and the verbatim angle tokens of each row (roll, pitch, yaw). */
    public record TraceText(TraceKey key, List<String[]> angleTokens) {
    }

    /** Writes a packed file (gzip) with the given comment lines before the header. */
    public static void write(OutputStream out, List<String> comments, List<TraceText> traces) throws IOException {
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(out), StandardCharsets.UTF_8))) {
            for (String c : comments) {
                w.write("# " + c);
                w.write('\n');
            }
            w.write(HEADER);
            w.write('\n');
            for (TraceText t : traces) {
                for (String[] a : t.angleTokens()) {
                    w.write(t.key().video() + "," + t.key().user() + "," + a[0] + "," + a[1] + "," + a[2]);
                    w.write('\n');
                }
            }
        }
    }

    private static int parseId(String s, String source, int line) {
        try {
            int v = Integer.parseInt(s);
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new VpDataFormatException(source + " line " + line + ": '" + s + "' is not a positive integer id");
        }
    }

    static double parseAngle(String s, String source, int line) {
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new VpDataFormatException(source + " line " + line + ": '" + s + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new VpDataFormatException(source + " line " + line + ": '" + s + "' is not finite");
        }
        return v;
    }
}

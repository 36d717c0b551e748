package org.netllm.testbed.cjs.random;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * numpy's 256-level exponential ziggurat tables (Marsaglia and Tsang 2000; 53-bit variant:
 * {@code ke} acceptance bounds, {@code we} widths, {@code fe} densities), read from the data file
 * {@code cjs/numpy-exp-ziggurat.csv} (docs/reference/cjs.md §R.3). They are data copied from numpy
 * rather than recomputed: the textbook recurrence evaluated in doubles drifts by up to ~10⁻¹⁴
 * relative from numpy's tables, and seed-exact arrival times need numpy's exact bits.
 */
final class ExpZiggurat {

    static final String RESOURCE = "/cjs/numpy-exp-ziggurat.csv";
    static final int LEVELS = 256;
    /** Right edge of the base layer: {@code ziggurat_exp_r}. */
    static final double R = 7.69711747013104972;

    static final long[] KE = new long[LEVELS];
    static final double[] WE = new double[LEVELS];
    static final double[] FE = new double[LEVELS];

    static {
        try (InputStream in = ExpZiggurat.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            int rows = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",");
                int i = Integer.parseInt(f[0].trim());
                if (f.length != 4 || i != rows) {
                    throw new IllegalStateException(RESOURCE + ": bad row " + rows + ": " + line);
                }
                KE[i] = Long.parseUnsignedLong(f[1].trim().substring(2), 16);
                WE[i] = Double.parseDouble(f[2].trim());
                FE[i] = Double.parseDouble(f[3].trim());
                rows++;
            }
            if (rows != LEVELS) {
                throw new IllegalStateException(RESOURCE + ": expected " + LEVELS + " rows, got " + rows);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ExpZiggurat() {
    }
}

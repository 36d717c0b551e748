package org.netllm.testbed.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes chunks.csv ({@link ChunkRow#CSV_HEADER}). */
public final class ChunkCsv {

    private static final int COLUMNS = ChunkRow.CSV_HEADER.split(",").length;

    private ChunkCsv() {
    }

    public static void write(Path file, List<ChunkRow> rows) throws IOException {
        StringBuilder sb = new StringBuilder(ChunkRow.CSV_HEADER).append('\n');
        for (ChunkRow r : rows) {
            sb.append(r.toCsv()).append('\n');
        }
        // durable: resume trusts a session whose run.json manifest matches this file
        org.netllm.testbed.experiment.Durable.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static List<ChunkRow> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(ChunkRow.CSV_HEADER)) {
            throw new IllegalArgumentException(file + " line 1: expected header '" + ChunkRow.CSV_HEADER + "'");
        }
        List<ChunkRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != COLUMNS) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected " + COLUMNS + " columns, got " + f.length);
            }
            try {
                rows.add(new ChunkRow(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Long.parseLong(f[5]),
                        Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]), Double.parseDouble(f[12])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": bad number: " + e.getMessage());
            }
        }
        return rows;
    }
}

package org.netllm.testbed.content;

import java.util.Locale;

/** How segment sizes relate to the size table. */
public enum GenerationMode {
    /** Every media segment is padded to exactly the size table's byte count. */
    SIZE_MATCHED,
    /** No padding: CBR at each ladder bitrate, sizes are whatever ffmpeg made. */
    NATURAL;

    /** CLI spelling: "size-matched" / "natural". */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static GenerationMode parse(String s) {
        for (GenerationMode m : values()) {
            if (m.cliName().equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + s + "'; use size-matched or natural");
    }
}

package org.netllm.testbed.vp.data;

import java.util.Locale;

/** The two viewport datasets NetLLM uses (docs/reference/vp.md §1.3). */
public enum VpDataset {
    JIN2022("Jin2022", "jin2022"),
    WU2017("Wu2017", "wu2017");

    private final String upstreamName;
    private final String cliName;

    VpDataset(String upstreamName, String cliName) {
        this.upstreamName = upstreamName;
        this.cliName = cliName;
    }

    /** Folder and key name in NetLLM ({@code Jin2022}, {@code Wu2017}). */
    public String upstreamName() {
        return upstreamName;
    }

    /** Lower-case name used by the CLI and the packed resource ({@code jin2022}). */
    public String cliName() {
        return cliName;
    }

    /** Parses either spelling, case-insensitively. */
    public static VpDataset parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (VpDataset d : values()) {
            if (d.cliName.equals(n)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown VP dataset '" + name + "' (expected jin2022 or wu2017)");
    }
}

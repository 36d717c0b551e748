package org.netllm.testbed.netem;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A queue option passed through to mm-link ({@code --uplink-queue=TYPE --uplink-queue-args=ARGS},
 * likewise for the downlink). GENET gives none, so mm-link uses its infinite queue (docs/reference/abr.md §8.1).
 *
 * @param type one of mm-link's queue types
 * @param args mm-link's comma-separated {@code key=value} list, e.g. {@code packets=100}; empty for none
 */
public record MahimahiQueue(String type, String args) {

    static final Set<String> TYPES = Set.of("infinite", "droptail", "drophead", "codel", "pie");
    private static final Pattern ARGS = Pattern.compile("([A-Za-z_]+=[0-9A-Za-z_.]+)(,[A-Za-z_]+=[0-9A-Za-z_.]+)*");

    public MahimahiQueue {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown mm-link queue type '" + type + "', expected one of "
                    + TYPES);
        }
        if (!args.isEmpty() && !ARGS.matcher(args).matches()) {
            throw new IllegalArgumentException("mm-link queue args '" + args
                    + "' must be key=value[,key=value...], e.g. packets=100");
        }
    }
}

package org.netllm.testbed.experiment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One cell of the experiment matrix: an algorithm played over one trace, the k-th time.
 *
 * @param algorithm registry name, e.g. "bba"
 * @param traceSet  trace-set folder name, e.g. "fcc-real"
 * @param tracePath trace file relative to the repository root, e.g. "traces/fcc-real/x" (docs/protocol.md §1)
 * @param repeat    0-based repeat index
 */
public record SessionSpec(String algorithm, String traceSet, String tracePath, int repeat) {

    public SessionSpec {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(traceSet, "traceSet");
        Objects.requireNonNull(tracePath, "tracePath");
        if (repeat < 0) {
            throw new IllegalArgumentException("repeat must be >= 0, got " + repeat);
        }
    }

    /** Registry names that are safe as one folder name and one key element as they are. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    /** Hex digits of the name's SHA-256 that keep two sanitised names apart. */
    private static final int SLUG_HASH_HEX = 8;

    /**
     * The algorithm as one path element: the name itself when plain ("bba"), else the name with
     * every unsafe character replaced by '_' plus a short hash of the full name — "netllm:/m/run"
     * must neither become nested folders nor split the key, and "netllm:/a/b" and "netllm:/a_b"
     * must stay apart.
     */
    public String algorithmSlug() {
        if (PLAIN_NAME.matcher(algorithm).matches()) {
            return algorithm;
        }
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(algorithm.getBytes(StandardCharsets.UTF_8))).substring(0, SLUG_HASH_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        return algorithm.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + hash;
    }

    /** The trace file name (last path element). */
    public String traceName() {
        return Path.of(tracePath).getFileName().toString();
    }

    /** Stable id used in status.jsonl and as the relative result folder: alg/set/trace/r<k>. */
    public String key() {
        return algorithmSlug() + "/" + traceSet + "/" + traceName() + "/r" + repeat;
    }

    /** Where this session's results live below an experiment folder. */
    public Path resultDir(Path experimentDir) {
        return experimentDir.resolve("sessions").resolve(algorithmSlug()).resolve(traceSet)
                .resolve(traceName()).resolve("r" + repeat);
    }
}

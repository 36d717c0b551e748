package org.netllm.testbed.abr.algo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Name → factory registry: the one place the simulator, the server and the CLI look algorithms up.
 * Names are lower-case ids ("bba", "robustmpc", "genet", "netllm", "fixed-3", ...).
 */
public final class AbrAlgorithms {

    private final Map<String, AbrAlgorithmFactory> factories = new LinkedHashMap<>();
    private final Map<String, java.util.function.Function<String, AbrAlgorithmFactory>> prefixes = new LinkedHashMap<>();

    /**
     * Registers a parameterised family: a name {@code prefix + argument} (e.g. "netllm:/models/x")
     * resolves to {@code resolver.apply(argument)}; the argument keeps its case (it may be a path).
     */
    public AbrAlgorithms registerPrefix(String prefix, java.util.function.Function<String, AbrAlgorithmFactory> resolver) {
        prefixes.put(prefix.toLowerCase(java.util.Locale.ROOT), resolver);
        return this;
    }

    /** Registers (or replaces) a factory under {@code name} (looked up case-insensitively). */
    public AbrAlgorithms register(String name, AbrAlgorithmFactory factory) {
        factories.put(name.toLowerCase(java.util.Locale.ROOT), factory);
        return this;
    }

    /**
     * The registry's own spelling of {@code name}: the registered (lower-case) key, or for a prefix family the
     * lower-case prefix plus the argument. Results and metric labels use this, so 300 casings of one name are one
     * series, not 300 (an unknown name throws as {@link #factory} does).
     */
    public String canonicalName(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        for (String p : prefixes.keySet()) {
            if (lower.startsWith(p) && lower.length() > p.length()) {
                return p + name.substring(p.length());
            }
        }
        if (!factories.containsKey(lower)) {
            factory(name); // throws the listing error
        }
        return lower;
    }

    /** The factory, or an error that lists the known names. */
    public AbrAlgorithmFactory factory(String name) {
        for (Map.Entry<String, java.util.function.Function<String, AbrAlgorithmFactory>> p : prefixes.entrySet()) {
            if (name.toLowerCase(java.util.Locale.ROOT).startsWith(p.getKey()) && name.length() > p.getKey().length()) {
                return p.getValue().apply(name.substring(p.getKey().length()));
            }
        }
        AbrAlgorithmFactory f = factories.get(name.toLowerCase(java.util.Locale.ROOT));
        if (f == null) {
            throw new IllegalArgumentException("unknown ABR algorithm '" + name + "'; known: " + String.join(", ", names())
                    + (prefixes.isEmpty() ? "" : "; or " + String.join(", ", prefixes.keySet()) + "<argument>"));
        }
        return f;
    }

    public boolean contains(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        for (String p : prefixes.keySet()) {
            if (lower.startsWith(p) && lower.length() > p.length()) {
                return true;
            }
        }
        return factories.containsKey(lower);
    }

    public List<String> names() {
        return Collections.unmodifiableList(new java.util.ArrayList<>(factories.keySet()));
    }

    public AbrAlgorithm create(String name, AbrContext context) {
        return factory(name).create(context);
    }
}

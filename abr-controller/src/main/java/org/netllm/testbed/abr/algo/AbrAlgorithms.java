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

    /** Registers (or replaces) a factory under {@code name}. */
    public AbrAlgorithms register(String name, AbrAlgorithmFactory factory) {
        factories.put(name.toLowerCase(java.util.Locale.ROOT), factory);
        return this;
    }

    /** The factory, or an error that lists the known names. */
    public AbrAlgorithmFactory factory(String name) {
        AbrAlgorithmFactory f = factories.get(name.toLowerCase(java.util.Locale.ROOT));
        if (f == null) {
            throw new IllegalArgumentException("unknown ABR algorithm '" + name + "'; known: " + String.join(", ", names()));
        }
        return f;
    }

    public boolean contains(String name) {
        return factories.containsKey(name.toLowerCase(java.util.Locale.ROOT));
    }

    public List<String> names() {
        return Collections.unmodifiableList(new java.util.ArrayList<>(factories.keySet()));
    }

    public AbrAlgorithm create(String name, AbrContext context) {
        return factory(name).create(context);
    }
}

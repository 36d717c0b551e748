package org.netllm.testbed.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds the matrix algorithm × sampled trace × repeat. Sampling is seeded and independent of the
 * directory listing order (files are sorted by name first), so the same flags give the same plan
 * on every machine.
 */
public final class PlanBuilder {

    /** Identifies the model behind an algorithm name; empty for algorithms that are code only. */
    @FunctionalInterface
    public interface ModelIdentity {
        Optional<String> fingerprint(String algorithm) throws IOException;
    }

    private final Path repoRoot;
    private final ModelIdentity identity;

    /** A builder that records no model fingerprints (tests, synthetic algorithms). */
    public PlanBuilder(Path repoRoot) {
        this(repoRoot, algorithm -> Optional.empty());
    }

    public PlanBuilder(Path repoRoot, ModelIdentity identity) {
        this.repoRoot = repoRoot;
        this.identity = identity;
    }

    public ExperimentPlan build(ExperimentConfig config) {
        List<ExperimentPlan.SampledSet> sets = new ArrayList<>();
        for (int i = 0; i < config.traceSets().size(); i++) {
            // each set gets its own stream derived from the seed, so adding a set keeps the others' draws
            sets.add(sample(config.traceSets().get(i), config.sample(), config.seed() + i));
        }
        List<SessionSpec> sessions = new ArrayList<>();
        for (int r = 0; r < config.repeats(); r++) {
            for (ExperimentPlan.SampledSet set : sets) {
                for (String trace : set.tracePaths()) {
                    for (String alg : config.algorithms()) {
                        sessions.add(new SessionSpec(alg, set.traceSet(), trace, r));
                    }
                }
            }
        }
        Map<String, String> models = new TreeMap<>();
        for (String alg : config.algorithms()) {
            try {
                identity.fingerprint(alg).ifPresent(f -> models.put(alg, f));
            } catch (IOException e) {
                throw new UncheckedIOException("--algorithms: cannot read the model of " + alg + ": " + e.getMessage(), e);
            }
        }
        return new ExperimentPlan(config, sets, sessions, models);
    }

    /** Seeded sample without replacement of {@code n} trace files of one set (all if fewer). */
    ExperimentPlan.SampledSet sample(String dir, int n, long seed) {
        String rel = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        Path abs = repoRoot.resolve(rel);
        if (!Files.isDirectory(abs)) {
            throw new IllegalArgumentException("--traces: trace set " + rel + " is not a directory under " + repoRoot);
        }
        List<String> names;
        try (Stream<Path> files = Files.list(abs)) {
            names = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list trace set " + abs, e);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("--traces: trace set " + rel + " holds no files");
        }
        List<String> shuffled = new ArrayList<>(names);
        Collections.shuffle(shuffled, new Random(seed));
        List<String> chosen = shuffled.subList(0, Math.min(n, shuffled.size())).stream().sorted()
                .map(name -> rel + "/" + name).toList();
        String setName = Path.of(rel).getFileName().toString();
        return new ExperimentPlan.SampledSet(setName, rel, names.size(), chosen);
    }
}

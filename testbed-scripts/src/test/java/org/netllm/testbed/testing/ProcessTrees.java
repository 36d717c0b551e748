package org.netllm.testbed.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/** What the kill tests need of a process tree: who was below a process, and whether any of them outlived it. */
public final class ProcessTrees {
    private static final long POLL_MS = 200;

    private ProcessTrees() {
    }

    /** pid → start time of every process below {@code root} (the start time tells a reused pid apart). */
    public static Map<Long, Instant> descendants(Process root) {
        // one info() snapshot per process: a short-lived child (a shell's helper) may exit between two reads
        Map<Long, Instant> started = new HashMap<>();
        root.descendants().forEach(h -> h.info().startInstant().ifPresent(t -> started.put(h.pid(), t)));
        return started;
    }

    /**
     * Waits up to {@code grace} for every process of {@code started} to be gone; fails naming the survivors (and
     * kills them, so that one failing test does not leave browsers behind for the next).
     */
    public static void assertNoSurvivors(Map<Long, Instant> started, Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        List<ProcessHandle> alive;
        do {
            alive = started.entrySet().stream().map(e -> ProcessHandle.of(e.getKey())
                            .filter(h -> h.isAlive() && h.info().startInstant().map(e.getValue()::equals).orElse(false)))
                    .flatMap(Optional::stream).toList();
            if (alive.isEmpty()) {
                return;
            }
            Thread.sleep(POLL_MS);
        } while (System.nanoTime() < deadline);
        String names = alive.stream().map(h -> h.pid() + " " + h.info().command().orElse("?")).collect(Collectors.joining(", "));
        alive.forEach(ProcessHandle::destroyForcibly);
        fail(alive.size() + " of the " + started.size() + " processes survived: " + names);
    }
}

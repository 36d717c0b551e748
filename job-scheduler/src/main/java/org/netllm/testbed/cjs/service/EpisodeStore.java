package org.netllm.testbed.cjs.service;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Per-episode policy state keyed by a client-chosen id, bounded in size and evicted when idle, so
 * that clients that never finish an episode cannot grow memory (docs/reference/cjs.md §7). Access
 * order: the least recently used entry is evicted first when full. Thread-safe.
 */
public final class EpisodeStore<S> {

    private final int maxEntries;
    private final long idleNanos;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Entry<S>> map = new LinkedHashMap<>(16, 0.75f, true);

    private static final class Entry<S> {
        final S state;
        long lastUsed;

        Entry(S state, long now) {
            this.state = state;
            this.lastUsed = now;
        }
    }

    public EpisodeStore(int maxEntries, long idleNanos, LongSupplier clock) {
        if (maxEntries < 1 || idleNanos <= 0) {
            throw new IllegalArgumentException("maxEntries >= 1 and idleNanos > 0 required");
        }
        this.maxEntries = maxEntries;
        this.idleNanos = idleNanos;
        this.clock = clock;
    }

    /** The episode's state, created by {@code create} on first use. */
    public synchronized S getOrCreate(String id, Supplier<S> create) {
        long now = clock.getAsLong();
        evictIdle(now);
        Entry<S> e = map.get(id);
        if (e == null) {
            if (map.size() >= maxEntries) {
                Iterator<Map.Entry<String, Entry<S>>> it = map.entrySet().iterator();
                it.next();
                it.remove();
            }
            e = new Entry<>(create.get(), now);
            map.put(id, e);
        }
        e.lastUsed = now;
        return e.state;
    }

    public synchronized void remove(String id) {
        map.remove(id);
    }

    public synchronized int size() {
        evictIdle(clock.getAsLong());
        return map.size();
    }

    private void evictIdle(long now) {
        map.values().removeIf(e -> now - e.lastUsed > idleNanos);
    }
}

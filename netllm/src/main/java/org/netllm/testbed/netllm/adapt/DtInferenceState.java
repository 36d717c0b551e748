package org.netllm.testbed.netllm.adapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * One session's decision-transformer context (docs/reference/abr.md §7.6): three deques of the last w
 * steps' <b>pre-LayerNorm</b> embeddings — return (1, E), observation (k, E) and action (1, E),
 * each with its own step's time embedding added (token layout 2, as {@code OfflineRLPolicy.sample}
 * stores them since NetLLM commit 719a3e8) — plus the current step's return/observation embeddings
 * and timestep awaiting their action. The original seeds each deque with an empty tensor that occupies a slot
 * until w real entries exist; it contributes no tokens, so holding at most w real entries is the
 * same sequence. Not thread-safe: one session, one caller.
 */
public final class DtInferenceState implements AutoCloseable {

    private final int window;
    private final NDManager manager;
    private final ArrayDeque<NDArray> returns = new ArrayDeque<>();
    private final ArrayDeque<NDArray> observations = new ArrayDeque<>();
    private final ArrayDeque<NDArray> actions = new ArrayDeque<>();
    private NDArray pendingReturn;
    private NDArray pendingObservation;
    private int pendingTimestep = -1;

    DtInferenceState(int window, NDManager parent) {
        if (window < 1) {
            throw new IllegalArgumentException("context window w must be >= 1, got " + window);
        }
        this.window = window;
        this.manager = parent.newSubManager();
    }

    public int window() {
        return window;
    }

    /** Completed past steps currently held (≤ w). */
    public int size() {
        return returns.size();
    }

    public boolean hasPending() {
        return pendingReturn != null;
    }

    NDManager manager() {
        return manager;
    }

    void setPending(NDArray ret, NDArray obs, int timestep) {
        dropPending();
        pendingReturn = keep(ret);
        pendingObservation = keep(obs);
        pendingTimestep = timestep;
    }

    /** Timestep of the step awaiting its action: its action token gets this step's time embedding. */
    int pendingTimestep() {
        if (!hasPending()) {
            throw new IllegalStateException("no prediction awaits an action: call predict first");
        }
        return pendingTimestep;
    }

    /** Moves the pending step plus its action into the deques, dropping the oldest beyond w. */
    void commit(NDArray action) {
        if (!hasPending()) {
            throw new IllegalStateException("no prediction awaits an action: call predict first");
        }
        returns.addLast(pendingReturn);
        observations.addLast(pendingObservation);
        actions.addLast(keep(action));
        pendingReturn = null;
        pendingObservation = null;
        pendingTimestep = -1;
        while (returns.size() > window) {
            returns.removeFirst().close();
            observations.removeFirst().close();
            actions.removeFirst().close();
        }
    }

    /** Past steps oldest first, each as [return, observation, action] embeddings. */
    Iterator<NDArray[]> past() {
        Iterator<NDArray> r = returns.iterator();
        Iterator<NDArray> o = observations.iterator();
        Iterator<NDArray> a = actions.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return r.hasNext();
            }

            @Override
            public NDArray[] next() {
                return new NDArray[] {r.next(), o.next(), a.next()};
            }
        };
    }

    /** Forgets every step, as at a new session (docs/reference/abr.md §8.7: clear the deques per session). */
    public void clear() {
        dropPending();
        returns.forEach(NDArray::close);
        observations.forEach(NDArray::close);
        actions.forEach(NDArray::close);
        returns.clear();
        observations.clear();
        actions.clear();
    }

    private void dropPending() {
        if (pendingReturn != null) {
            pendingReturn.close();
            pendingObservation.close();
        }
        pendingReturn = null;
        pendingObservation = null;
        pendingTimestep = -1;
    }

    private NDArray keep(NDArray a) {
        a.attach(manager);
        return a;
    }

    @Override
    public void close() {
        clear();
        manager.close();
    }
}

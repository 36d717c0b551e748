package org.netllm.testbed.cjs.sim;

import java.util.Arrays;

/**
 * A set of small non-negative ints laid out exactly like CPython's {@code set} (open addressing,
 * 9 linear probes then perturbed probing, dummy slots on removal of which an insert reuses the
 * last one met on its probe path, resize
 * to 4 × used when fill reaches 3/5 of the table), so that iteration order and {@code pop()} pick
 * the same element as spark-sched-sim's executor pools do (docs/reference/cjs.md §S.4: which idle
 * executor fulfils which commitment follows Python's set order, and executors differ in their
 * last task). The hash of a small int is the int itself.
 */
final class PyIntSet {

    private static final int MIN_SIZE = 8;
    private static final int LINEAR_PROBES = 9;
    private static final int PERTURB_SHIFT = 5;
    private static final byte UNUSED = 0;
    private static final byte ACTIVE = 1;
    private static final byte DUMMY = 2;

    private int[] keys = new int[MIN_SIZE];
    private byte[] state = new byte[MIN_SIZE];
    private int mask = MIN_SIZE - 1;
    private int fill;
    private int used;
    private int finger;

    int size() {
        return used;
    }

    boolean isEmpty() {
        return used == 0;
    }

    boolean contains(int key) {
        int i = key & mask;
        long perturb = key;
        while (true) {
            int e = i;
            int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
            do {
                if (state[e] == UNUSED) {
                    return false;
                }
                if (state[e] == ACTIVE && keys[e] == key) {
                    return true;
                }
                e++;
            } while (probes-- > 0);
            perturb >>>= PERTURB_SHIFT;
            i = (int) ((i * 5L + 1 + perturb) & mask);
        }
    }

    void add(int key) {
        if (key < 0) {
            throw new IllegalArgumentException("negative key " + key);
        }
        int i = key & mask;
        long perturb = key;
        int freeslot = -1;
        while (true) {
            int e = i;
            int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
            do {
                byte s = state[e];
                if (s == UNUSED) {
                    if (freeslot >= 0) {
                        used++;
                        keys[freeslot] = key;
                        state[freeslot] = ACTIVE;
                        return;
                    }
                    fill++;
                    used++;
                    keys[e] = key;
                    state[e] = ACTIVE;
                    if ((long) fill * 5 >= (long) mask * 3) {
                        resize(used > 50000 ? used * 2 : used * 4);
                    }
                    return;
                }
                if (s == ACTIVE && keys[e] == key) {
                    return;
                }
                if (s == DUMMY) {
                    // CPython keeps the LAST dummy on the probe path (freeslot = entry, no NULL test)
                    freeslot = e;
                }
                e++;
            } while (probes-- > 0);
            perturb >>>= PERTURB_SHIFT;
            i = (int) ((i * 5L + 1 + perturb) & mask);
        }
    }

    private void resize(int minUsed) {
        int newSize = MIN_SIZE;
        while (newSize <= minUsed) {
            newSize <<= 1;
        }
        int[] oldKeys = keys;
        byte[] oldState = state;
        keys = new int[newSize];
        state = new byte[newSize];
        mask = newSize - 1;
        fill = used;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldState[j] == ACTIVE) {
                insertClean(oldKeys[j]);
            }
        }
    }

    private void insertClean(int key) {
        int i = key & mask;
        long perturb = key;
        while (true) {
            if (state[i] == UNUSED) {
                keys[i] = key;
                state[i] = ACTIVE;
                return;
            }
            if (i + LINEAR_PROBES <= mask) {
                for (int j = 1; j <= LINEAR_PROBES; j++) {
                    if (state[i + j] == UNUSED) {
                        keys[i + j] = key;
                        state[i + j] = ACTIVE;
                        return;
                    }
                }
            }
            perturb >>>= PERTURB_SHIFT;
            i = (int) ((i * 5L + 1 + perturb) & mask);
        }
    }

    /** {@code set.remove}: the element must be present. */
    void remove(int key) {
        int i = key & mask;
        long perturb = key;
        while (true) {
            int e = i;
            int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
            do {
                if (state[e] == UNUSED) {
                    throw new IllegalStateException("key " + key + " not in set");
                }
                if (state[e] == ACTIVE && keys[e] == key) {
                    state[e] = DUMMY;
                    used--;
                    return;
                }
                e++;
            } while (probes-- > 0);
            perturb >>>= PERTURB_SHIFT;
            i = (int) ((i * 5L + 1 + perturb) & mask);
        }
    }

    /** {@code set.pop()}: scans from the finger left by the previous pop. */
    int pop() {
        if (used == 0) {
            throw new IllegalStateException("pop from an empty set");
        }
        int e = finger & mask;
        while (state[e] != ACTIVE) {
            e++;
            if (e > mask) {
                e = 0;
            }
        }
        int key = keys[e];
        state[e] = DUMMY;
        used--;
        finger = e + 1;
        return key;
    }

    /** Elements in table (iteration) order. */
    int[] toArray() {
        int[] out = new int[used];
        int n = 0;
        for (int j = 0; j <= mask; j++) {
            if (state[j] == ACTIVE) {
                out[n++] = keys[j];
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}

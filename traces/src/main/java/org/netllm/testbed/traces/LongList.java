package org.netllm.testbed.traces;

import java.util.Arrays;

/** Minimal growable primitive list, so long traces do not box every sample. */
final class LongList {

    private static final int INITIAL_CAPACITY = 1024;

    private long[] data = new long[INITIAL_CAPACITY];
    private int size;

    void add(long v) {
        if (size == data.length) {
            data = Arrays.copyOf(data, size * 2);
        }
        data[size++] = v;
    }

    int size() {
        return size;
    }

    long last() {
        return data[size - 1];
    }

    long[] toArray() {
        return Arrays.copyOf(data, size);
    }
}

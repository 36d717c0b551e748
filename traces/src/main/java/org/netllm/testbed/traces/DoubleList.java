package org.netllm.testbed.traces;

import java.util.Arrays;

/** Minimal growable primitive list, so long traces do not box every sample. */
final class DoubleList {

    private static final int INITIAL_CAPACITY = 1024;

    private double[] data = new double[INITIAL_CAPACITY];
    private int size;

    void add(double v) {
        if (size == data.length) {
            data = Arrays.copyOf(data, size * 2);
        }
        data[size++] = v;
    }

    int size() {
        return size;
    }

    double last() {
        return data[size - 1];
    }

    double[] toArray() {
        return Arrays.copyOf(data, size);
    }
}

package org.netllm.testbed.serverbench;

import java.util.Arrays;

/** A growable array of latency samples (ms); single-threaded (the load generator's event loop). */
final class Samples {

    private static final int INITIAL_CAPACITY = 1024;

    private double[] values = new double[INITIAL_CAPACITY];
    private int size;

    void add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    int size() {
        return size;
    }

    /** The samples, ascending. */
    double[] sorted() {
        double[] c = Arrays.copyOf(values, size);
        Arrays.sort(c);
        return c;
    }
}

package org.netllm.testbed.netllm.adapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/** Row concatenation whose result belongs to a chosen manager (DJL gives it to the first input's). */
final class NDArrayConcat {

    private NDArrayConcat() {
    }

    /** (n_i, E) pieces → (Σn_i, E), owned by {@code owner}. */
    static NDArray rows(NDList parts, NDManager owner) {
        NDArray out = parts.size() == 1 ? parts.get(0).duplicate() : NDArrays.concat(parts, 0);
        out.attach(owner);
        return out;
    }
}

package org.netllm.testbed.abr.algo;

/** Creates per-session {@link AbrAlgorithm}s; one factory per algorithm, shared by all sessions. */
@FunctionalInterface
public interface AbrAlgorithmFactory {
    AbrAlgorithm create(AbrContext context);
}

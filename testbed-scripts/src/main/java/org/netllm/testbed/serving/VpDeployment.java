package org.netllm.testbed.serving;

import org.netllm.testbed.vp.server.VpTask;

/**
 * How this process serves viewport prediction (viewport-predictor/README.md): the VP task with LR, Velocity and
 * repeat-last. NetLLM-VP joins here once its embedded adapter is deployed on the shared model service.
 */
final class VpDeployment {
    private VpDeployment() {
    }

    static VpTask task() {
        return VpTask.baselinesOnly();
    }
}

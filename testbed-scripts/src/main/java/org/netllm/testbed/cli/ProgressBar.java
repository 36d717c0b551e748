package org.netllm.testbed.cli;

import org.netllm.testbed.abr.sim.SimulationRunner;

/** A one-line progress bar on stderr, drawn only when a terminal is attached. */
final class ProgressBar implements SimulationRunner.Progress {

    private static final int WIDTH = 40;

    private final String unit;
    private final boolean enabled;
    private int lastDrawn = -1;

    private ProgressBar(String unit, boolean enabled) {
        this.unit = unit;
        this.enabled = enabled;
    }

    static ProgressBar onConsole(String unit) {
        return new ProgressBar(unit, System.console() != null);
    }

    @Override
    public synchronized void sessionDone(int done, int total) {
        if (!enabled) {
            return;
        }
        int filled = (int) ((long) done * WIDTH / total);
        if (filled == lastDrawn && done != total) {
            return;
        }
        lastDrawn = filled;
        System.err.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + unit);
        System.err.flush();
    }

    synchronized void finish() {
        if (enabled && lastDrawn >= 0) {
            System.err.println();
        }
    }
}

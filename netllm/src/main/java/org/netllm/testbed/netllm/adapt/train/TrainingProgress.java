package org.netllm.testbed.netllm.adapt.train;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Training progress on a stream: a bar over all optimizer steps with loss, learning rate, latest
 * validation score and an ETA (from the mean step time so far, capped by the time budget).
 * Redrawn in place on a terminal, one line per epoch otherwise.
 */
final class TrainingProgress {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean interactive;
    private final long totalSteps;

    TrainingProgress(PrintStream out, boolean interactive, long totalSteps) {
        this.out = out;
        this.interactive = interactive;
        this.totalSteps = totalSteps;
    }

    void step(long step, int epoch, int epochs, double loss, double lr, double stepsPerSecond, Duration left,
            String valid) {
        if (!interactive) {
            return;
        }
        out.print("\r" + line(step, epoch, epochs, loss, lr, stepsPerSecond, left, valid));
        out.flush();
    }

    void epoch(long step, int epoch, int epochs, double loss, double lr, double stepsPerSecond, Duration left,
            String valid) {
        String l = line(step, epoch, epochs, loss, lr, stepsPerSecond, left, valid);
        out.println(interactive ? "\r" + l : l);
        out.flush();
    }

    private String line(long step, int epoch, int epochs, double loss, double lr, double stepsPerSecond,
            Duration left, String valid) {
        int filled = (int) Math.min(WIDTH, step * WIDTH / Math.max(1, totalSteps));
        long remaining = Math.max(0, totalSteps - step);
        long etaS = stepsPerSecond > 0 ? (long) (remaining / stepsPerSecond) : -1;
        if (etaS >= 0 && etaS > left.toSeconds()) {
            etaS = left.toSeconds(); // the time budget ends the run first
        }
        return String.format("[%s%s] epoch %d/%d step %d/%d loss %.4f lr %.2e %s ETA %s",
                "#".repeat(filled), ".".repeat(WIDTH - filled), epoch, epochs, step, totalSteps, loss, lr, valid,
                etaS < 0 ? "?" : format(Duration.ofSeconds(etaS)));
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60) : String.format("%dm%02ds", s / 60, s % 60);
    }
}

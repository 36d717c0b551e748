package org.netllm.testbed.experiment;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress with ETA. On a terminal it redraws one line; otherwise (CI, redirected output) it prints
 * one line per finished session so logs stay readable.
 */
public final class Progress {

    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final int total;
    private final long startNanos = System.nanoTime();
    private int done;
    private int failed;

    public Progress(PrintStream out, boolean terminal, int total) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
    }

    /** Creates the progress display once the number of sessions still to run is known. */
    @FunctionalInterface
    public interface Factory {
        Progress create(int total);
    }

    public synchronized void finished(String key, boolean ok, String detail) {
        if (ok) {
            done++;
        } else {
            failed++;
        }
        String line = render();
        if (terminal) {
            out.print("\r" + line + "  ");
            if (done + failed == total) {
                out.println();
            }
        } else {
            out.println(line + "  " + (ok ? "ok " : "FAILED ") + key + (detail == null ? "" : " (" + detail + ")"));
        }
        out.flush();
    }

    synchronized String render() {
        int finished = done + failed;
        int filled = total == 0 ? BAR_WIDTH : finished * BAR_WIDTH / total;
        double elapsedS = (System.nanoTime() - startNanos) / 1e9;
        String eta = finished == 0 ? "?" : format(Duration.ofSeconds(Math.round(elapsedS / finished * (total - finished))));
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + finished + "/" + total
                + " (" + failed + " failed) elapsed " + format(Duration.ofSeconds(Math.round(elapsedS))) + " ETA " + eta;
    }

    private static String format(Duration d) {
        return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}

package org.inpaint.app.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar on a terminal ({@code [#####.....] 5/10 name}); without a terminal, one line per step
 * so logs stay readable.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final int total;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private int done;

    public ProgressBar(PrintWriter out, int total) {
        this.out = out;
        this.total = total;
        this.terminal = System.console() != null;
    }

    public void step(String label) {
        done++;
        int filled = total == 0 ? WIDTH : (int) Math.round(WIDTH * done / (double) total);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double eta = done == 0 ? 0 : elapsed / done * (total - done);
        String line = String.format("[%s%s] %d/%d %s (%.1fs, eta %.1fs)", "#".repeat(filled), ".".repeat(WIDTH - filled),
                done, total, label, elapsed, eta);
        if (terminal) {
            out.print("\r" + line + "\u001B[K");
            if (done == total) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }
}

package dev.vigil.cli;

import java.io.PrintWriter;

/**
 * A progress line for long work, written to the command's error stream at most once a second: rewritten in place on a terminal,
 * one line every ten seconds otherwise (so CI logs stay short).
 */
public final class Progress {

    private final PrintWriter out;
    private final String what;
    private final long total;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastPrinted = started;

    public Progress(PrintWriter out, String what, long total) {
        this.out = out;
        this.what = what;
        this.total = total;
        this.terminal = System.console() != null;
    }

    /** Reports that {@code done} units are finished; prints only when enough time has passed. */
    public void update(long done) {
        long now = System.nanoTime();
        long interval = terminal ? 1_000_000_000L : 10_000_000_000L;
        if (now - lastPrinted >= interval) {
            lastPrinted = now;
            print(done, false);
        }
    }

    /** Prints the final figure. */
    public void finish(long done) {
        print(done, true);
    }

    private void print(long done, boolean last) {
        double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-3);
        String pct = total > 0 ? String.format(" (%d%%)", done * 100 / total) : "";
        String line = String.format("%s: %,d%s%s in %.1f s, %,.0f/s", what, done, total > 0 ? String.format("/%,d", total) : "",
                pct, seconds, done / seconds);
        if (terminal && !last) {
            out.print("\r" + line);
        } else {
            out.println((terminal ? "\r" : "") + line);
        }
        out.flush();
    }
}

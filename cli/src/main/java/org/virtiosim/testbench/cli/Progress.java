package org.virtiosim.testbench.cli;

import java.io.PrintStream;

/**
 * A one-line progress indicator on stderr, shown only when stderr is a terminal (a console is
 * attached), so logs and pipes stay clean. Runs carried out at once each say they started: the
 * line is redrawn whole, one run at a time, counting runs started.
 */
final class Progress {
    private final String what;
    private final int total;
    private final boolean enabled;
    private final PrintStream err = System.err;
    private int started;

    Progress(String what, int total) {
        this.what = what;
        this.total = total;
        this.enabled = System.console() != null;
    }

    /** The next run has started. */
    synchronized void step(String detail) {
        started++;
        if (enabled) {
            err.print("\r\033[K" + what + ": " + started + "/" + total + " " + detail);
            err.flush();
        }
    }

    synchronized void done() {
        if (enabled) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}

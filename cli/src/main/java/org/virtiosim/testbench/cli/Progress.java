package org.virtiosim.testbench.cli;

import java.io.PrintStream;

/**
 * A one-line progress indicator on stderr, shown only when stderr is a terminal (a console is
 * attached), so logs and pipes stay clean.
 */
final class Progress {
    private final String what;
    private final int total;
    private final boolean enabled;
    private final PrintStream err = System.err;

    Progress(String what, int total) {
        this.what = what;
        this.total = total;
        this.enabled = System.console() != null;
    }

    void step(int index, String detail) {
        if (enabled) {
            err.print("\r\033[K" + what + ": " + (index + 1) + "/" + total + " " + detail);
            err.flush();
        }
    }

    void done() {
        if (enabled) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}

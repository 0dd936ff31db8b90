package org.virtiosim.testbench.trace.qemu;

/** A QEMU trace log that cannot be imported; the message is one line, {@code qemu.log:12: why}. */
public final class QemuLogException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;

    /** @param line 1-based line at fault, 0 for the log as a whole */
    public QemuLogException(String fileName, int line, String reason) {
        super(fileName + (line > 0 ? ":" + line : "") + ": " + reason);
        this.line = line;
    }

    public int line() {
        return line;
    }
}

package org.virtiosim.testbench.trace.qemu;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A log read line by line, streamed (a boot's trace runs to millions of lines), bytes taken as Latin-1: QEMU
 * writes ASCII. Knows whether the last line ended with a newline, so a log cut short can be said to be.
 */
final class LogLines implements AutoCloseable {
    private final InputStream in;
    private final StringBuilder line = new StringBuilder(160);
    private int number;
    private boolean terminated = true;

    LogLines(InputStream in) {
        this.in = new BufferedInputStream(in, 1 << 16);
    }

    /** The next line without its end ({@code \n} or {@code \r\n}), or null at the end of the log. */
    String next(String fileName) throws IOException, QemuLogException {
        line.setLength(0);
        int b = in.read();
        if (b < 0) {
            return null;
        }
        number++;
        while (b >= 0 && b != '\n') {
            if (b == 0) {
                throw new QemuLogException(fileName, number, "a NUL byte: not a text log (QEMU's 'simple' trace backend writes"
                        + " binary records; capture with the log backend, -trace events=FILE,file=LOG)");
            }
            line.append((char) b);
            b = in.read();
        }
        terminated = b == '\n';
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
            line.setLength(n - 1);
        }
        return line.toString();
    }

    /** 1-based number of the line {@link #next} returned last. */
    int number() {
        return number;
    }

    /** Whether that line ended with a newline (false only for a last line cut short). */
    boolean terminated() {
        return terminated;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

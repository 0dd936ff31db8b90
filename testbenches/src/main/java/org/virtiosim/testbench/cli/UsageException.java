package org.virtiosim.testbench.cli;

/** Bad input found after parsing: reported as one line, exit code 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}

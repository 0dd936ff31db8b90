package org.virtiosim.testbench.cli;

import java.util.function.Supplier;

/** Bad input found after parsing: reported as one line, exit code 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message, null, false, false);
    }

    /**
     * What {@code f} gives; its IllegalArgumentException (the model's one-line reason for a bad
     * value) becomes a UsageException, prefixed with the option that gave the value, if any.
     */
    static <T> T check(String option, Supplier<T> f) {
        try {
            return f.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(option == null ? e.getMessage() : option + ": " + e.getMessage());
        }
    }
}

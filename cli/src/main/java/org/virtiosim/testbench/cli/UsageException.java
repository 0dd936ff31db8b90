package org.virtiosim.testbench.cli;

import java.util.function.Supplier;

/** Bad input found after parsing: reported as one line, exit code 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message, null, false, false);
    }

    /** A list option naming one value twice ({@code --schemes mmio,mmio}): one line naming it, as a scenario file's list does. */
    static java.util.List<String> distinct(String option, java.util.List<String> values) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String v : values) {
            if (!seen.add(v.strip().toLowerCase(java.util.Locale.ROOT))) {
                throw new UsageException(option + ": '" + org.virtiosim.core.param.NumberText.echo(v) + "' given twice");
            }
        }
        return values;
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

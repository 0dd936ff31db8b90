package org.virtiosim.jmh;

import org.virtiosim.core.kernel.Kernel;

/**
 * Ends a benchmark invocation after exactly {@link #SIZE} events: the handler counts each firing
 * here, and the batch stops the kernel at the last one (its {@code runUntilIdle} returns with
 * the next events still queued, so the steady state carries on into the next invocation).
 */
final class InvocationBatch {
    /** Events per invocation: what {@code @OperationsPerInvocation} divides by. */
    static final int SIZE = 1000;

    private final Kernel kernel;
    private int fired;

    InvocationBatch(Kernel kernel) {
        this.kernel = kernel;
    }

    /** One event of the batch fired. */
    void fired() {
        if (++fired == SIZE) {
            fired = 0;
            kernel.stop();
        }
    }
}

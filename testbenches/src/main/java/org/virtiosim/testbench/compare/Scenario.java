package org.virtiosim.testbench.compare;

import org.virtiosim.testbench.trace.Trace;
import org.virtiosim.testbench.trace.TraceException;

/**
 * A built-in scenario: its id, one line on what it does, and how its trace is made for a number
 * of VFs. {@link Scenarios#REGISTRY} lists them.
 */
public record Scenario(String id, String description, Loader loader) {
    /** Makes the scenario's trace for {@code vfs} VFs. */
    @FunctionalInterface
    public interface Loader {
        Trace load(int vfs) throws TraceException;
    }

    public Trace load(int vfs) throws TraceException {
        return loader.load(vfs);
    }
}

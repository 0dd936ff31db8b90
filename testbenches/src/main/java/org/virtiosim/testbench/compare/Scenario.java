package org.virtiosim.testbench.compare;

import org.virtiosim.testbench.trace.Trace;
import org.virtiosim.testbench.trace.TraceException;

/**
 * A built-in scenario: its id, one line on what it does, how its trace is made for a number of
 * VFs, and the parameters it sets because they are what the scenario is about (a reset storm
 * starts every VF at once), as {@code name=value}; {@code --set} still overrides them.
 * {@link Scenarios#REGISTRY} lists them.
 */
public record Scenario(String id, String description, Loader loader, java.util.List<String> settings) {
    public Scenario(String id, String description, Loader loader) {
        this(id, description, loader, java.util.List.of());
    }

    /** Makes the scenario's trace for {@code vfs} VFs. */
    @FunctionalInterface
    public interface Loader {
        Trace load(int vfs) throws TraceException;
    }

    public Trace load(int vfs) throws TraceException {
        return loader.load(vfs);
    }
}

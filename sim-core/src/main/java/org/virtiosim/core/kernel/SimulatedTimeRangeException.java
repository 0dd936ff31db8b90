package org.virtiosim.core.kernel;

/**
 * An event would fall beyond the kernel's time range, 2^63 ps (about 106 simulated days): the inputs
 * (delays, cycle counts, VFs) ask for a run longer than any simulation can hold. Bad input, not a bug:
 * the CLI reports it on one line.
 */
public final class SimulatedTimeRangeException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    SimulatedTimeRangeException(long nowPs) {
        super("the run's simulated time passes the kernel's range of 2^63 ps (about 106 days) after " + nowPs
                + " ps: lower the delays, the cycle counts or the number of VFs");
    }
}

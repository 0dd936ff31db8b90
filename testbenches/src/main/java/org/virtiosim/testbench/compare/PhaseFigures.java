package org.virtiosim.testbench.compare;

/**
 * What one phase of a marked trace (its {@code # marker:} comments, docs/trace-files.md) cost on one run,
 * over every VF: its accesses (register accesses, notifies and MSI-X toggles), each from the guest's trap to
 * its instruction retiring.
 *
 * @param phase     the marker's name
 * @param accesses  the phase's accesses, over every VF
 * @param cycles    their latencies added up, device cycles
 * @param vfs       VFs that ran the trace
 * @param clockPs   the device clock's period, ps
 */
public record PhaseFigures(String phase, long accesses, long cycles, int vfs, long clockPs) {

    /** Mean latency of one of the phase's accesses, ns. */
    public double meanNs() {
        return accesses == 0 ? 0 : (double) cycles * clockPs / 1000.0 / accesses;
    }

    /** The phase's accesses of one VF's guest, latencies added up, µs: what the phase costs a guest in accesses. */
    public double perVfUs() {
        return (double) cycles * clockPs / 1_000_000.0 / vfs;
    }
}

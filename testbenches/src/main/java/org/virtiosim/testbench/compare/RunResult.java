package org.virtiosim.testbench.compare;

import org.virtiosim.core.stats.LatencyStats;

/**
 * What one scheme (or one notification path) did on a scenario.
 *
 * @param name a scheme id or a notify path id (the catalog's)
 * @param accesses guest accesses measured
 * @param accessCycles latency of each access, device cycles, from the trap to the guest instruction retiring
 * @param kickCycles notification paths only: from the trap to the device's queue engine being kicked; else null
 * @param totalCycles whole scenario, device cycles
 * @param tlpsDown TLPs towards the device
 * @param tlpsUp TLPs towards the host
 * @param bytesDown link bytes towards the device (TLPs with framing, DLLPs, SKPs)
 * @param bytesUp link bytes towards the host
 * @param hostBusyNs host CPU time spent, VM exits included
 * @param deviceStateBytesPerVf device state the scheme needs per VF
 * @param completionTimeouts requests that got no completion in time
 * @param mismatches reads that returned other than the scenario expected
 * @param failed accesses that did not complete normally
 * @param violations protocol checks that failed in this run, by check name, with what was seen;
 *        empty when every check passed ({@link #CHECKS} lists them)
 */
public record RunResult(String name, long accesses, LatencyStats accessCycles, LatencyStats kickCycles, long totalCycles, long tlpsDown, long tlpsUp,
                        long bytesDown, long bytesUp, long hostBusyNs, int deviceStateBytesPerVf, long completionTimeouts,
                        long mismatches, long failed, java.util.Map<String, String> violations) {
    /** The protocol checks every run makes. */
    public static final java.util.List<String> CHECKS = java.util.List.of(
            "each non-posted request gets exactly one completion",
            "credits conserved",
            "no access outside a BAR",
            "no register access during its reset");
}

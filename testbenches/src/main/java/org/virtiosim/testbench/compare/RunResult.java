package org.virtiosim.testbench.compare;

import org.virtiosim.core.stats.LatencyStats;

/**
 * What one scheme (or one notification path) did on a scenario.
 *
 * @param name scheme id (mmio, indirect, aq) or notify path id (vf-bar, pf-bar, io-bar, aq)
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
 */
public record RunResult(String name, long accesses, LatencyStats accessCycles, LatencyStats kickCycles, long totalCycles, long tlpsDown, long tlpsUp,
                        long bytesDown, long bytesUp, long hostBusyNs, int deviceStateBytesPerVf, long completionTimeouts,
                        long mismatches, long failed) {
}

package org.virtiosim.testbench.compare;

import org.virtiosim.core.stats.LatencyStats;
import org.virtiosim.device.Backing;
import org.virtiosim.device.scheme.DeviceCost;

/**
 * What one scheme (or one notification path) did on a scenario.
 *
 * @param name a scheme id or a notify path id (the catalog's)
 * @param backing what served the legacy accesses in the device (the same for every row of a study)
 * @param notifyRoute the route queue notifies went by (the same for every scheme row of a study)
 * @param accesses guest accesses measured: register accesses, notifies and MSI-X toggles
 * @param registerAccesses legacy register accesses measured (queue notifies not included)
 * @param notifies queue notifies measured
 * @param accessCycles latency of each register access (of each notify, in a notify-route row), device
 *        cycles, from the trap to the guest instruction retiring
 * @param notifyCycles scheme rows: the same for the queue notifies; null in a notify-route row
 * @param kickCycles notification paths only: from the trap to the device's queue engine being kicked; else null
 * @param totalCycles whole scenario, device cycles
 * @param tlpsDown TLPs towards the device
 * @param tlpsUp TLPs towards the host
 * @param bytesDown link bytes towards the device (TLPs with framing, DLLPs, SKPs)
 * @param bytesUp link bytes towards the host
 * @param hostBusyNs host CPU time spent, VM exits included
 * @param vfOpenNs per VF, what the hypervisor did when it opened the VF before the guest ran (the
 *        aq scheme learns where the VF takes notifies: {@code notify_info}), ns; 0 where it does nothing
 * @param deviceCost what the scheme asks of the device and where it lives
 * @param completionTimeouts requests that got no completion in time
 * @param mismatches reads that returned other than the scenario expected
 * @param failed accesses that did not complete normally
 * @param intermediateMacs MACs a VF's device put into effect that its driver then went on to
 *        overwrite before DRIVER_OK, over every VF ({@code mac_apply} decides when a MAC takes effect)
 * @param deviceRefusals what the device refused as the spec requires, by status (admin commands by
 *        status/qualifier, {@code UR} for requests no BAR claimed); only the kinds seen
 * @param violations protocol checks that failed in this run, by check name, with what was seen;
 *        empty when every check passed ({@link #CHECKS} lists them)
 * @param phases per phase of a marked trace, in trace order, those with accesses; empty without markers
 */
public record RunResult(String name, Backing backing, String notifyRoute, long accesses, long registerAccesses, long notifies,
                        LatencyStats accessCycles, LatencyStats notifyCycles, LatencyStats kickCycles, long totalCycles, long tlpsDown,
                        long tlpsUp, long bytesDown, long bytesUp, long hostBusyNs, LatencyStats vfOpenNs, DeviceCost deviceCost, long completionTimeouts,
                        long mismatches, long failed, long intermediateMacs, java.util.Map<String, Long> deviceRefusals,
                        java.util.Map<String, String> violations, java.util.List<PhaseFigures> phases) {
    public RunResult {
        phases = java.util.List.copyOf(phases);
    }

    /** A run of a trace without phases. */
    public RunResult(String name, Backing backing, String notifyRoute, long accesses, long registerAccesses, long notifies,
                     LatencyStats accessCycles, LatencyStats notifyCycles, LatencyStats kickCycles, long totalCycles, long tlpsDown,
                     long tlpsUp, long bytesDown, long bytesUp, long hostBusyNs, LatencyStats vfOpenNs, DeviceCost deviceCost,
                     long completionTimeouts, long mismatches, long failed, long intermediateMacs,
                     java.util.Map<String, Long> deviceRefusals, java.util.Map<String, String> violations) {
        this(name, backing, notifyRoute, accesses, registerAccesses, notifies, accessCycles, notifyCycles, kickCycles, totalCycles,
                tlpsDown, tlpsUp, bytesDown, bytesUp, hostBusyNs, vfOpenNs, deviceCost, completionTimeouts, mismatches, failed,
                intermediateMacs, deviceRefusals, violations, java.util.List.of());
    }

    /** The protocol checks every run makes. */
    public static final java.util.List<String> CHECKS = java.util.List.of(
            "each non-posted request gets exactly one completion",
            "credits conserved",
            "no access outside a BAR",
            "no register access during its reset",
            "no access on behalf of one VF reaches another",
            "firmware never answers a status read with 0 during its VF's reset",
            "every deferred firmware answer is given",
            "firmware handlers touch only their own VF's state",
            "firmware admin command results match their opcode's layout");
}

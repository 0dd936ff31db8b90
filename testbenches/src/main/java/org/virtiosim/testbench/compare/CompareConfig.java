package org.virtiosim.testbench.compare;

import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.device.scheme.aq.AqAccessPath;
import org.virtiosim.device.scheme.indirect.IndirectPair;
import org.virtiosim.device.scheme.mmio.LegacyWindow;
import org.virtiosim.pcie.host.CpuTiming;
import org.virtiosim.pcie.host.RootComplexTiming;
import org.virtiosim.pcie.link.DllpPolicy;
import org.virtiosim.pcie.link.LinkConfig;
import org.virtiosim.pcie.link.LinkGeneration;

/**
 * Everything one compare run is built from: topology, timing, and the knobs of each scheme.
 *
 * @param vfs number of VFs, each running the scenario
 * @param aqQueues admin queues on the PF (VF n uses queue (n - 1) mod aqQueues)
 * @param completionTimeoutPs the root port's Completion Timeout for CPU MMIO reads
 */
public record CompareConfig(int vfs, LinkConfig link, RootComplexTiming rootComplex, CpuTiming cpu, DeviceTiming device,
                            HostTiming host, LegacyWindow.Backing mmioBacking, LegacyWindow.ReadDuringReset mmioDuringReset,
                            IndirectPair.Backing indirectBacking, AqAccessPath.Mode aqMode, boolean aqPrefetch,
                            int aqQueues, long completionTimeoutPs, long seed) {
    /** Gen3 x8 (the link the latency anchors are calibrated on), 50 ms completion timeout. */
    public static CompareConfig defaults(int vfs) {
        return new CompareConfig(vfs, new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.PCIE_BENCH, 50_000),
                RootComplexTiming.DEFAULT, CpuTiming.DEFAULT, DeviceTiming.DEFAULT, HostTiming.DEFAULT,
                LegacyWindow.Backing.HARDWARE, LegacyWindow.ReadDuringReset.STALL, IndirectPair.Backing.LOGIC,
                AqAccessPath.Mode.IRQ_PARALLEL, false, 1, 50_000_000_000L, 1);
    }

    public CompareConfig withVfs(int n) {
        return new CompareConfig(n, link, rootComplex, cpu, device, host, mmioBacking, mmioDuringReset, indirectBacking,
                aqMode, aqPrefetch, aqQueues, completionTimeoutPs, seed);
    }
}

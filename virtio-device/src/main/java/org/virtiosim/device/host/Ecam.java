package org.virtiosim.device.host;

import org.virtiosim.core.param.Param;

/**
 * The host's configuration accesses through ECAM (PCIe §7.2.2): software runs the kernel's config
 * accessor, then one uncached MMIO to the ECAM window, which the root complex turns into a CfgRd0
 * or CfgWr0. The MMIO's own latency is the CPU's (cpu_issue_ns, cpu_return_ns); this is the
 * software before it, shared by every host half that issues configuration requests.
 */
public final class Ecam {
    public static final Param<Double> ACCESS_NS = Param.real("ecam_access_ns", "ns", 100, 0, 1e5,
            "host software per configuration access through ECAM, before the MMIO to the ECAM window, ns",
            "assumption: Linux's pci_user_read/write_config_dword takes pci_lock (a raw spinlock, irqsave) and "
                    + "pci_mmcfg_read/write looks up the segment's ECAM base under RCU, some tens of instructions; the "
                    + "uncached ECAM access itself is the CPU MMIO latency (cpu_issue_ns, cpu_return_ns)")
            .studyRange(20.0, 500.0, "assumption: an uncontended lock and a cached lookup, to a contended pci_lock");

    private Ecam() {
    }
}

package org.virtiosim.device.host;

import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;

/**
 * The hypervisor's costs, ps, the same for every scheme. Assumptions (docs/parameters.md): a VM
 * exit and re-entry for an I/O-port trap on a modern x86 host (about 1-2 µs round trip including
 * the exit handler's decode), a posted MMIO store retiring from the core's point of view, the
 * time to build an admin command in memory, the poll interval of a busy-polling AQ driver, and
 * interrupt delivery to the handler.
 *
 * @param vmExitPs VM exit, trap decode and VM entry for one trapped guest access
 * @param storeRetirePs a posted MMIO store, from issue to the instruction retiring
 * @param commandBuildPs writing an admin command, its descriptors and the avail ring entry
 * @param pollIntervalPs one iteration of the used-ring poll loop
 * @param interruptPs MSI-X arrival to the completion handler running
 */
public record HostTiming(long vmExitPs, long storeRetirePs, long commandBuildPs, long pollIntervalPs, long interruptPs) {
    public static final HostTiming DEFAULT = new HostTiming(1_500_000, 50_000, 200_000, 100_000, 2_000_000);

    public static final Param<Double> VM_EXIT_NS = Param.real("vm_exit_ns", "ns",
            DEFAULT.vmExitPs / 1000.0, 0, 1e7, "VM exit + entry per trapped access, ns",
            "assumption: I/O-port VM exit, decode and entry on a current x86 host")
            .studyRange(500.0, 5000.0, "kvm-unit-tests x86/vmexit.c: an I/O-port exit handled in the kernel (inl_from_kernel) costs "
                    + "a few thousand cycles, about 0.5-1 µs on a 3 GHz host; one handled in QEMU (inl_from_qemu, as vfio-virtio's "
                    + "emulated legacy I/O BAR is, plus a vfio pread) several times that, about 3-5 µs");
    public static final Param<Double> INTERRUPT_NS = Param.real("interrupt_ns", "ns",
            DEFAULT.interruptPs / 1000.0, 0, 1e7, "MSI-X to handler, ns", "assumption: MSI-X delivery to the handler")
            .studyRange(500.0, 10_000.0, "assumption: a host IRQ from MSI-X write to handler entry is about 0.5-1 µs idle; "
                    + "a busy or power-saving core (C-state exit) and a threaded handler reach about 10 µs");
    /** The knobs, in the order they are listed. */
    public static final List<Param<?>> KNOBS = List.of(VM_EXIT_NS, INTERRUPT_NS);

    /** The defaults with the knobs' values. */
    public static HostTiming from(ParamValues p) {
        HostTiming h = DEFAULT;
        return new HostTiming((long) (p.get(VM_EXIT_NS) * 1000), h.storeRetirePs, h.commandBuildPs, h.pollIntervalPs,
                (long) (p.get(INTERRUPT_NS) * 1000));
    }

    public HostTiming {
        if (vmExitPs < 0 || storeRetirePs < 0 || commandBuildPs < 0 || pollIntervalPs <= 0 || interruptPs < 0) {
            throw new IllegalArgumentException("host timing: latencies must be >= 0 and the poll interval > 0");
        }
    }
}

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
    public static final Param<Double> STORE_RETIRE_NS = Param.real("store_retire_ns", "ns",
            DEFAULT.storeRetirePs / 1000.0, 0, 1e6, "a posted MMIO store, from issue to the instruction retiring, ns",
            "assumption: an uncached store leaves the core through its store buffer in some tens of ns; it does not "
                    + "wait for the link")
            .studyRange(10.0, 200.0, "assumption: a store buffer drain from a few ns to a congested uncore");
    public static final Param<Double> COMMAND_BUILD_NS = Param.real("command_build_ns", "ns",
            DEFAULT.commandBuildPs / 1000.0, 0, 1e6, "building an admin command: its allocations, descriptors and the "
                    + "avail ring entry, ns",
            "assumption: vp_modern_admin_cmd_exec's kzallocs, sg setup and virtqueue_add_sgs, a few hundred "
                    + "instructions with some cache misses")
            .studyRange(100.0, 1000.0, "assumption: a warm to a cache-missing kzalloc and virtqueue_add_sgs");
    public static final Param<Double> POLL_INTERVAL_NS = Param.real("poll_interval_ns", "ns",
            DEFAULT.pollIntervalPs / 1000.0, 0.001, 1e6, "one turn of the busy-polling AQ driver's used-ring loop, ns",
            "assumption: virtqueue_get_buf on a cached used index plus cpu_relax (Linux 6.7-6.10's loop)")
            .studyRange(50.0, 1000.0, "assumption: a tight cpu_relax loop to one with a cache miss per turn");
    /** The knobs, in the order they are listed. */
    public static final List<Param<?>> KNOBS = List.of(VM_EXIT_NS, INTERRUPT_NS, STORE_RETIRE_NS, COMMAND_BUILD_NS,
            POLL_INTERVAL_NS);

    /** The knobs' values. */
    public static HostTiming from(ParamValues p) {
        return new HostTiming(ps(p.get(VM_EXIT_NS)), ps(p.get(STORE_RETIRE_NS)), ps(p.get(COMMAND_BUILD_NS)),
                Math.max(1, ps(p.get(POLL_INTERVAL_NS))), ps(p.get(INTERRUPT_NS)));
    }

    private static long ps(double ns) {
        return Math.round(ns * 1000);
    }

    public HostTiming {
        if (vmExitPs < 0 || storeRetirePs < 0 || commandBuildPs < 0 || pollIntervalPs <= 0 || interruptPs < 0) {
            throw new IllegalArgumentException("host timing: latencies must be >= 0 and the poll interval > 0");
        }
    }
}

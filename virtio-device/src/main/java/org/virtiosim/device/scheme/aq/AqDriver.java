package org.virtiosim.device.scheme.aq;

import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;

/**
 * How the host's admin queue driver ({@link AqAccessPath}) behaves: Linux's, with its knobs.
 *
 * @param mode how it waits for a command: busy-polling (6.7-6.10) or sleeping until MSI-X (6.11+)
 * @param indirect each command in an indirect descriptor table (VIRTIO_RING_F_INDIRECT_DESC negotiated)
 * @param wakeupPs waking one caller blocked in wait_for_completion, on the CPU that took the interrupt
 * @param retryPs the pause before a command answered VIRTIO_ADMIN_STATUS_EAGAIN is sent again
 */
public record AqDriver(AqAccessPath.Mode mode, boolean indirect, long wakeupPs, long retryPs) {
    public static final Param<Boolean> INDIRECT = Param.flag("aq_indirect", true,
            "the host puts each admin command's descriptors in an indirect table (one ring descriptor per command)",
            "Linux virtio_ring.c virtqueue_add_split: virtqueue_use_indirect() is true for every admin command "
                    + "(two or more sg entries) once VIRTIO_RING_F_INDIRECT_DESC is negotiated, which this device offers")
            .studyEveryValue("Linux negotiates VIRTIO_RING_F_INDIRECT_DESC when offered; a device may not offer it");
    public static final Param<Double> WAKEUP_NS = Param.real("aq_wakeup_ns", "ns", 2000, 0, 1e6,
            "waking one caller blocked on its admin command (complete() and the switch to it), on the CPU that took "
                    + "the interrupt; callers are woken one after another",
            "assumption: wake-up plus context switch of a few µs on current x86 (lmbench lat_ctx; Li, Ding and "
                    + "Shen, ExpCS 2007: 3.8 µs direct cost)")
            .studyRange(500.0, 10000.0, "a Linux wake-up and context switch, about 1-5 µs (lmbench lat_ctx), to a loaded host");
    public static final Param<Double> RETRY_NS = Param.real("aq_retry_ns", "ns", 1000, 0, 1e7,
            "pause before the driver sends again a command the device answered VIRTIO_ADMIN_STATUS_EAGAIN",
            "assumption: the spec's driver \"SHOULD retry\" (admin.tex); Linux does not (vp_modern_admin_cmd_exec "
                    + "returns -EAGAIN to vfio-virtio, which fails the access), so a retrying VMM spins ~1 µs")
            .studyRange(100.0, 10000.0, "assumption: an immediate retry to a sleeping one");

    /** The knobs, in the order they are listed. */
    public static final List<Param<?>> KNOBS = List.of(INDIRECT, WAKEUP_NS, RETRY_NS);

    /** Linux 6.11+: interrupts, indirect tables, the default costs. */
    public static final AqDriver DEFAULT = new AqDriver(AqAccessPath.Mode.IRQ_PARALLEL, true, 2_000_000, 1_000_000);

    public static AqDriver from(ParamValues p, AqAccessPath.Mode mode) {
        return new AqDriver(mode, p.get(INDIRECT), (long) (p.get(WAKEUP_NS) * 1000), (long) (p.get(RETRY_NS) * 1000));
    }

    public AqDriver {
        if (wakeupPs < 0 || retryPs < 0) {
            throw new IllegalArgumentException("aq driver: wake-up and retry times must be >= 0");
        }
    }

    public AqDriver withMode(AqAccessPath.Mode m) {
        return new AqDriver(m, indirect, wakeupPs, retryPs);
    }
}

package org.virtiosim.device.scheme.aq;

import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.device.host.AccessListener;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.device.host.NotifyAddresses;
import org.virtiosim.device.isolation.IsolationMonitor;
import org.virtiosim.pcie.host.RootComplex;
import org.virtiosim.pcie.sriov.SriovLayout;
import org.virtiosim.device.scheme.aq.command.AqLayout;

/**
 * Host half of the {@code aq} scheme over one or more admin queues: VF n uses queue (n − 1) mod
 * count, each queue driven by its own {@link AqAccessPath}; MSI-X vector q wakes queue q.
 */
public final class AqHost implements LegacyAccessPath {
    private final AqAccessPath[] paths;
    private final PfDriverFaults faults = new PfDriverFaults();
    /** Under {@code notify_info=vf-cap}, what reads the VF's capability at open; else null (LEGACY_NOTIFY_INFO). */
    private VfCapNotifyInfo vfCapability;

    public AqHost(Kernel kernel, RootComplex rc, SriovLayout layout, HostTiming host, AqAccessPath.Mode mode, int queues,
                  int legacyConfigOffsetMsixOff, int legacyConfigOffsetMsixOn) {
        this(kernel, rc, layout, host, AqDriver.DEFAULT.withMode(mode), queues, legacyConfigOffsetMsixOff,
                legacyConfigOffsetMsixOn);
    }

    /** Queue 0 runs the driver's LIST_QUERY / LIST_USE; the other queues send once it has. */
    public AqHost(Kernel kernel, RootComplex rc, SriovLayout layout, HostTiming host, AqDriver driver, int queues,
                  int legacyConfigOffsetMsixOff, int legacyConfigOffsetMsixOn) {
        this(kernel, rc, layout, host, driver, queues, legacyConfigOffsetMsixOff, legacyConfigOffsetMsixOn,
                new NotifyAddresses(layout.numVfs()), new IsolationMonitor(layout.numVfs()));
    }

    /**
     * As the other constructor, on a host whose notify routes send where LEGACY_NOTIFY_INFO said
     * ({@code learnt}) and whose isolation check sees each command's VF ({@code isolation}).
     */
    public AqHost(Kernel kernel, RootComplex rc, SriovLayout layout, HostTiming host, AqDriver driver, int queues,
                  int legacyConfigOffsetMsixOff, int legacyConfigOffsetMsixOn, NotifyAddresses learnt, IsolationMonitor isolation) {
        this.paths = new AqAccessPath[queues];
        for (int q = 0; q < queues; q++) {
            paths[q] = new AqAccessPath(kernel, rc, layout, host, driver, new AqLayout(q), q == 0,
                    legacyConfigOffsetMsixOff, legacyConfigOffsetMsixOn, learnt, isolation, faults);
        }
        paths[0].onReady(() -> {
            for (int q = 1; q < paths.length; q++) {
                paths[q].ready();
            }
        });
        if (driver.mode() == AqAccessPath.Mode.IRQ_PARALLEL) {
            rc.setInterruptListener(vector -> {
                if (vector < paths.length) {
                    paths[vector].interrupted();
                }
            });
        }
    }

    /** VF {@code vf}'s queue, for a command: the PF driver's list init goes first. */
    private AqAccessPath of(int vf) {
        paths[0].startListInit();
        return queueOf(vf);
    }

    /** VF {@code vf}'s queue, for what needs no command (learning its notify address from the VF itself). */
    private AqAccessPath queueOf(int vf) {
        return paths[(vf - 1) % paths.length];
    }

    /** What a lying or buggy PF driver does (fault injection; nothing unless set). */
    public PfDriverFaults faults() {
        return faults;
    }

    /** Queue {@code q}'s driver. */
    public AqAccessPath path(int q) {
        return paths[q];
    }

    @Override
    public void access(int vf, boolean write, int offset, int size, long value, long token, AccessListener done) {
        of(vf).access(vf, write, offset, size, value, token, done);
    }

    /** A legacy write as an admin command even when it is a queue notify (the {@code aq} notify path). */
    public void accessViaCommand(int vf, int offset, int size, long value, long token, AccessListener done) {
        of(vf).accessViaCommand(vf, offset, size, value, token, done);
    }

    /**
     * Opens VFs by reading their {@link LegacyNotifyCapability} ({@code notify_info=vf-cap}) instead
     * of asking the PF: set before the run.
     */
    public void openThroughVfCapability(org.virtiosim.device.host.HostContext host, double ecamNs) {
        this.vfCapability = new VfCapNotifyInfo(host, ecamNs, (vf, off, address) -> queueOf(vf).learnNotify(vf, off, address));
    }

    /** When the VF is opened: LEGACY_NOTIFY_INFO, as vfio-virtio issues it, or the VF's capability read. */
    @Override
    public void open(int vf, long token, AccessListener done) {
        if (vfCapability != null) {
            vfCapability.open(vf, token, done);
        } else {
            of(vf).queryNotifyInfo(vf, token, done);
        }
    }

    /** The VF capability reader under {@code notify_info=vf-cap}, else null. */
    public VfCapNotifyInfo vfCapability() {
        return vfCapability;
    }

    public long notifyOffset(int vf) {
        return queueOf(vf).notifyOffset(vf);
    }

    /** VF opens refused: LEGACY_NOTIFY_INFO, or the VF's capability, held no valid member entry ({@link NotifyInfoChoice}). */
    public long refusedNotifyInfo() {
        long n = 0;
        for (AqAccessPath p : paths) {
            n += p.refusedNotifyInfo();
        }
        return vfCapability == null ? n : n + vfCapability.refused();
    }

    @Override
    public void msixChanged(int vf, boolean enabled) {
        of(vf).msixChanged(vf, enabled);
    }

    @Override
    public long hostBusyPs() {
        long b = 0;
        for (AqAccessPath p : paths) {
            b += p.hostBusyPs();
        }
        return vfCapability == null ? b : b + vfCapability.hostBusyPs();
    }
}

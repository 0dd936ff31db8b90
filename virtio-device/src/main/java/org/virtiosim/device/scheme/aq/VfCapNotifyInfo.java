package org.virtiosim.device.scheme.aq;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.core.slot.IntColumn;
import org.virtiosim.device.config.ConfigSpace;
import org.virtiosim.device.host.AccessListener;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.host.HostRequests;
import org.virtiosim.device.scheme.aq.command.NotifyInfoResult;
import org.virtiosim.pcie.host.MmioListener;
import org.virtiosim.pcie.host.RootComplex;
import org.virtiosim.pcie.sriov.SriovLayout;
import org.virtiosim.pcie.tlp.CompletionStatus;

/**
 * The hypervisor's side of {@code notify_info=vf-cap}: when it opens a VF it finds the VF's
 * {@link LegacyNotifyCapability} and reads it, one CfgRd0 through ECAM at a time, each after the
 * one before completed, as Linux finds a virtio capability (virtio_pci_find_capability, then
 * vp_modern_map_capability; assumption: no driver for this capability exists, so it is found the
 * way the modern probe finds its own):
 * <ol>
 * <li>Status (0x06: Capabilities List) and the Capabilities Pointer (0x34), pci_find_capability;
 * <li>per capability, its ID and Next (one word); for a vendor-specific one also {@code cfg_type}
 *     and {@code bar}, each its own read, until the {@code cfg_type} matches;
 * <li>then {@code bar}, {@code offset} and {@code length} of the one found.
 * </ol>
 * Every read is a whole DW here (the kernel's byte and word reads are CfgRd0s of one DW with fewer
 * byte enables: the same TLPs and link bytes). Behind the VF's MSI-X capability that is 9 CfgRd0s
 * and 9 CplDs. The answer is checked as LEGACY_NOTIFY_INFO's is ({@link NotifyInfoChoice#bar}); a
 * VF with no such capability, or one whose answer fails the checks, is not opened (counted).
 */
public final class VfCapNotifyInfo implements MmioListener {
    private static final int CAPABILITIES_POINTER = 0x34;
    /** A capability list has at most 48 entries (Linux's PCI_FIND_CAP_TTL): a looping list ends. */
    private static final int FIND_CAP_TTL = 48;

    private static final int STATUS = 0;
    private static final int POINTER = 1;
    private static final int HEADER = 2;
    private static final int CFG_TYPE = 3;
    private static final int FIND_BAR = 4;
    private static final int MAP_BAR = 5;
    private static final int MAP_OFFSET = 6;
    private static final int MAP_LENGTH = 7;

    private final Kernel kernel;
    private final RootComplex rc;
    private final SriovLayout layout;
    private final long ecamPs;
    private final Learned learned;
    private final HostRequests requests = new HostRequests();
    private final IntColumn vf = requests.intColumn();
    private final IntColumn step = requests.intColumn();
    private final IntColumn pos = requests.intColumn();
    private final IntColumn next = requests.intColumn();
    private final IntColumn ttl = requests.intColumn();
    private final IntColumn cfgType = requests.intColumn();
    private final IntColumn bar = requests.intColumn();
    private final IntColumn offset = requests.intColumn();
    private final Handler issue;
    private long configReads;
    private long refused;

    /** Told, before the open completes, where a VF takes notifies. */
    @FunctionalInterface
    public interface Learned {
        void notifyAt(int vf, long offset, long address);
    }

    public VfCapNotifyInfo(HostContext host, double ecamNs, Learned learned) {
        this.kernel = host.kernel();
        this.rc = host.rootComplex();
        this.layout = host.layout();
        this.ecamPs = Math.round(ecamNs * 1000);
        this.learned = learned;
        this.issue = id -> issue((int) id);
    }

    /** Opens VF {@code function}: {@code done} gets the notify register's offset in its BAR, or fails. */
    public void open(int function, long token, AccessListener done) {
        int id = requests.open(done, token, kernel.now());
        vf.set(id, function);
        ttl.set(id, FIND_CAP_TTL);
        step(id, STATUS);
    }

    private void step(int id, int s) {
        step.set(id, s);
        kernel.scheduleIn(ecamPs, issue, id);
    }

    private void issue(int id) {
        int p = pos.get(id);
        int at = switch (step.get(id)) {
            case STATUS -> ConfigSpace.STATUS_DW;
            case POINTER -> CAPABILITIES_POINTER;
            case HEADER -> p;
            case CFG_TYPE -> p + LegacyNotifyCapability.CFG_TYPE;
            case FIND_BAR, MAP_BAR -> p + LegacyNotifyCapability.BAR;
            case MAP_OFFSET -> p + LegacyNotifyCapability.OFFSET;
            default -> p + LegacyNotifyCapability.LENGTH;
        };
        configReads++;
        rc.actFor(vf.get(id));
        rc.cpuConfigRead(layout.vfRoutingId(vf.get(id)), at, id, this);
    }

    @Override
    public void mmioReadDone(long context, long dw, CompletionStatus status) {
        int id = (int) context;
        if (status != CompletionStatus.SC) {
            refuse(id);
            return;
        }
        int v = (int) dw;
        switch (step.get(id)) {
            case STATUS -> {
                if ((v & ConfigSpace.CAPABILITIES_LIST) == 0) {
                    refuse(id);
                } else {
                    step(id, POINTER);
                }
            }
            case POINTER -> visit(id, v & 0xFC);
            case HEADER -> {
                next.set(id, v >>> 8 & 0xFC);
                if ((v & 0xFF) == LegacyNotifyCapability.CAP_ID_VENDOR) {
                    step(id, CFG_TYPE);
                } else {
                    visit(id, next.get(id));
                }
            }
            case CFG_TYPE -> {
                cfgType.set(id, v >>> 24 & 0xFF);
                step(id, FIND_BAR);
            }
            case FIND_BAR -> {
                if (cfgType.get(id) == LegacyNotifyCapability.CFG_TYPE_LEGACY_NOTIFY) {
                    step(id, MAP_BAR);
                } else {
                    visit(id, next.get(id));
                }
            }
            case MAP_BAR -> {
                bar.set(id, v & 0xFF);
                step(id, MAP_OFFSET);
            }
            case MAP_OFFSET -> {
                offset.set(id, v);
                step(id, MAP_LENGTH);
            }
            default -> mapped(id, v);
        }
    }

    /** The capability at {@code p} next, or none left. */
    private void visit(int id, int p) {
        int left = ttl.get(id) - 1;
        ttl.set(id, left);
        if (p < 0x40 || left < 0) {
            refuse(id);
            return;
        }
        pos.set(id, p);
        step(id, HEADER);
    }

    private void mapped(int id, int length) {
        long off = offset.get(id) & 0xFFFF_FFFFL;
        int function = vf.get(id);
        if (length < LegacyNotifyCapability.NOTIFY_LENGTH
                || NotifyInfoChoice.bar(NotifyInfoResult.FLAGS_MEMBER_DEVICE, bar.get(id), off) == null) {
            refuse(id);
            return;
        }
        learned.notifyAt(function, off, layout.vfBarAddress(function) + off);
        requests.closeBusy(id, off, false, kernel.now());
    }

    private void refuse(int id) {
        refused++;
        requests.closeBusy(id, 0xFFFF_FFFFL, true, kernel.now());
    }

    @Override
    public void mmioReadTimedOut(long context) {
        refuse((int) context);
    }

    /** CfgRd0s issued for VF opens. */
    public long configReads() {
        return configReads;
    }

    /** VF opens that found no capability, or one whose answer failed the checks. */
    public long refused() {
        return refused;
    }

    /** Host CPU time of the opens, ps (the CPU waits on each read). */
    public long hostBusyPs() {
        return requests.busyPs();
    }
}

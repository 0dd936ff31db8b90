package org.virtiosim.testbench.fault;

import org.virtiosim.device.notify.PfBarRoute;
import org.virtiosim.device.notify.VfBarRoute;
import org.virtiosim.device.scheme.aq.AqHost;
import org.virtiosim.device.scheme.aq.PfDriverFaults;
import org.virtiosim.device.scheme.aq.command.NotifyInfoResult;
import org.virtiosim.device.scheme.pfwindow.PfWindowMapping;
import org.virtiosim.testbench.compare.Testbench;

/**
 * The faults of a lying or buggy PF driver or hypervisor (the trust question of the May 2023
 * thread), each with its defined outcome:
 * <ul>
 *   <li>{@code notify-info-offset@VF:OFFSET} (the {@code aq} scheme with {@code notify_info=aq};
 *       routes {@code vf-bar} and {@code pf-bar}, the two whose address LEGACY_NOTIFY_INFO gives):
 *       the PF driver hands on VF's answer with OFFSET in the entry the route uses (the member's
 *       entry, relative to VF's own BAR2, for {@code vf-bar}; the owner's, relative to PF BAR4, for
 *       {@code pf-bar}). The host checks it first (NotifyInfoChoice: 2-byte aligned, the store
 *       inside the BAR): refused, the VF is not opened and each of its notifies fails (host
 *       validation catches it). Accepted, VF's notifies go where it says: another VF's notify slot
 *       kicks that VF's queue and never VF's own (a cross-VF breach the isolation check reports);
 *       an offset no register claims is dropped by the device as an Unsupported Request (the "no
 *       access outside a BAR" check) and VF's queue is never kicked.</li>
 *   <li>{@code aq-member@N:VF}: the N-th admin command naming a group member (LEGACY_* and
 *       LEGACY_NOTIFY_INFO, counted from 1 over every admin queue, as the PF driver sends them)
 *       names VF instead. A VF outside 1..NumVFs: the device refuses it (EINVAL / INVALID_MEMBER),
 *       the guest's access fails. Another existing VF: the device executes it on that VF (a
 *       write changes its registers, a read returns its value to the wrong guest, a notify-info
 *       answer gives its slot), a cross-VF breach only the isolation check sees.</li>
 *   <li>{@code pf-window-slot@VF:VF2} (the {@code pf-window} scheme): the hypervisor maps VF's
 *       guest to window VF2 of the PF aperture. Another VF's window: every access of VF's guest
 *       reaches VF2's registers (the device tells the VF from the address alone), a cross-VF breach
 *       only the isolation check sees. A window past the aperture: Unsupported Requests (reads
 *       fail with all ones, writes are dropped).</li>
 * </ul>
 * A fault that does not apply to the run's scheme or route is not installed and never fires.
 */
public final class TrustFaults {
    /** The largest VF number a fault may name as the other VF (16-bit routing IDs). */
    private static final int MAX_VF = 65535;
    private static final long MAX_OFFSET = 0xFFFF_FFFFL;

    private TrustFaults() {
    }

    /** {@code notify-info-offset@VF:OFFSET}: LEGACY_NOTIFY_INFO for VF carries OFFSET (even, decimal or 0x hex). */
    static Fault notifyInfoOffset(String spec, String[] p, int vfs) {
        int vf = (int) Faults.number(spec, "VF", p[0], 1, vfs);
        long offset = Faults.number(spec, "OFFSET", p[1], 0, MAX_OFFSET);
        if ((offset & 1) != 0) {
            throw Faults.bad(spec);
        }
        return new Fault.NotifyInfoOffset(spec, vf, offset);
    }

    /** {@code aq-member@N:VF}: the N-th admin command naming a group member names VF instead (any VF up to 65535). */
    static Fault aqMember(String spec, String[] p) {
        return new Fault.AqMember(spec, Faults.number(spec, "N", p[0], 1, Long.MAX_VALUE), (int) Faults.number(spec, "VF", p[1], 1, MAX_VF));
    }

    /** {@code pf-window-slot@VF:VF2}: the hypervisor maps VF's guest to window VF2 of the PF aperture (up to 65535). */
    static Fault pfWindowSlot(String spec, String[] p, int vfs) {
        return new Fault.PfWindowSlot(spec, (int) Faults.number(spec, "VF", p[0], 1, vfs), (int) Faults.number(spec, "VF2", p[1], 1, MAX_VF));
    }

    /**
     * Installs one of these faults in {@code tb}, if it applies to the run's scheme and route;
     * else says what it needs ({@link Testbench#faultDoesNotApply}: it is reported as not fired).
     */
    static void install(Testbench tb, Fault f) {
        AqHost aq = tb.hostPart(AqHost.class);
        String route = tb.notifyRoute().id();
        if (f instanceof Fault.NotifyInfoOffset n) {
            if (aq == null || aq.vfCapability() != null || !(route.equals(VfBarRoute.ID) || route.equals(PfBarRoute.ID))) {
                tb.faultDoesNotApply(f.spec(), "it needs the aq scheme with notify_info=aq and the vf-bar or pf-bar route");
                return;
            }
            int flags = route.equals(PfBarRoute.ID) ? NotifyInfoResult.FLAGS_OWNER_DEVICE : NotifyInfoResult.FLAGS_MEMBER_DEVICE;
            aq.faults().notifyInfoOffset(n.vf(), flags, n.offset());
        } else if (f instanceof Fault.AqMember m) {
            if (aq == null) {
                tb.faultDoesNotApply(f.spec(), "it needs admin commands: the aq scheme or the aq route");
                return;
            }
            aq.faults().groupMember(m.nth(), m.vf());
        } else if (f instanceof Fault.PfWindowSlot w) {
            PfWindowMapping mapping = tb.hostPart(PfWindowMapping.class);
            if (mapping == null) {
                tb.faultDoesNotApply(f.spec(), "it needs the pf-window scheme");
                return;
            }
            mapping.point(w.vf(), w.window());
        }
    }

    /** Whether fault {@code f} acted in the run {@code tb} made (for the ones defined here). */
    public static boolean fired(Testbench tb, Fault f) {
        AqHost aq = tb.hostPart(AqHost.class);
        PfDriverFaults pf = aq == null ? null : aq.faults();
        if (f instanceof Fault.NotifyInfoOffset) {
            return pf != null && pf.notifyInfoLies() > 0;
        }
        if (f instanceof Fault.AqMember) {
            return pf != null && pf.swappedFor() != 0;
        }
        if (f instanceof Fault.PfWindowSlot w) {
            return tb.hostPart(PfWindowMapping.class) != null && w.vf() != w.window();
        }
        return false;
    }
}

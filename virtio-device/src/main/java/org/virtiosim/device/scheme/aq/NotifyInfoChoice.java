package org.virtiosim.device.scheme.aq;

import org.virtiosim.device.Bar;
import org.virtiosim.device.scheme.aq.command.AdminCommand;
import org.virtiosim.device.scheme.aq.command.NotifyInfoResult;
import org.virtiosim.pcie.sriov.SriovLayout;

/**
 * How the host reads a LEGACY_NOTIFY_INFO result: which entry it uses, after checking each as the
 * driver-normative text of admin-cmds-legacy-interface.tex requires. An entry with flags 0 ends
 * the list ("the driver MUST ignore this entry and all the following entries"); every other entry
 * is used only if
 * <ul>
 * <li>its {@code flags} is 0x1 (owner) or 0x2 (member);
 * <li>its {@code bar} "corresponds to a valid BAR of either the owner or the member device,
 *     depending on the flags": a value 0x1..0x5 (the only ones the field defines, "BAR1 to BAR5";
 *     VF BAR0 is hardwired to zero) naming a memory BAR that function has ({@link Bar#of});
 * <li>its {@code offset} "is 2-byte aligned and corresponds to an address within the BAR": the
 *     16-bit notify store at it lies inside the BAR.
 * </ul>
 * Of the valid entries with the flags the host asks for, the first in entry order is used, as
 * Linux's virtio_pci_admin_legacy_io_notify_info() takes the first entry whose flags match
 * (vfio-virtio asks for the member's, VIRTIO_ADMIN_CMD_NOTIFY_INFO_FLAGS_OWNER_MEM = 0x2; Linux
 * itself does not check bar or offset).
 */
public final class NotifyInfoChoice {
    /** No entry is usable. */
    public static final int NONE = -1;
    /** The notify store: a 16-bit virtqueue index. */
    private static final int NOTIFY_BYTES = 2;
    /** The {@code bar} values the field defines: 0x1 to 0x5. */
    private static final int FIRST_BAR = 1;
    private static final int LAST_BAR = 5;

    private NotifyInfoChoice() {
    }

    /** The first valid entry of {@code result} with {@code flags}, in entry order, or {@link #NONE}. */
    public static int first(AdminCommand result, int flags) {
        for (int e = 0; e < NotifyInfoResult.ENTRIES; e++) {
            int f = result.notifyFlags(e);
            if (f == NotifyInfoResult.FLAGS_END_OF_LIST) {
                return NONE;
            }
            if (f == flags && bar(f, result.notifyBar(e), result.notifyOffset(e)) != null) {
                return e;
            }
        }
        return NONE;
    }

    /** The BAR a valid entry names, or null if the entry is not valid. */
    public static Bar bar(int flags, int bar, long offset) {
        if (flags != NotifyInfoResult.FLAGS_OWNER_DEVICE && flags != NotifyInfoResult.FLAGS_MEMBER_DEVICE) {
            return null;
        }
        if (bar < FIRST_BAR || bar > LAST_BAR) {
            return null;
        }
        Bar b = Bar.of(flags == NotifyInfoResult.FLAGS_MEMBER_DEVICE, bar);
        if (b == null || b.io() || (offset & 1) != 0 || offset < 0 || offset > b.size() - NOTIFY_BYTES) {
            return null;
        }
        return b;
    }

    /** Where entry {@code e} of {@code result} (a valid one) puts VF {@code vf}'s notifies, as a CPU physical address. */
    public static long address(AdminCommand result, int e, SriovLayout layout, int vf) {
        Bar b = bar(result.notifyFlags(e), result.notifyBar(e), result.notifyOffset(e));
        if (b == null) {
            throw new IllegalArgumentException("notify info entry " + e + " is not valid");
        }
        return (b.perVf() ? layout.vfBarAddress(vf) : b.base()) + result.notifyOffset(e);
    }
}

package org.virtiosim.device.scheme.aq;

import org.virtiosim.device.scheme.aq.command.AdminCommand;
import org.virtiosim.device.scheme.aq.command.NotifyInfoResult;

/**
 * What a lying or buggy PF driver does, for fault injection: the host's admin-queue driver is the
 * PF driver, so these act where it builds commands and where it hands their answers on (the May
 * 2023 thread's objection: a PF driver in user space "then … trusting userspace to pass offsets
 * back to kernel VF driver"). Set before the run; both are off by default.
 * <ul>
 * <li>{@link #notifyInfoOffset}: the LEGACY_NOTIFY_INFO answer for one VF reaches the hypervisor
 *     with a wrong {@code offset} in the first entry with the given flags, before the host checks
 *     it ({@link NotifyInfoChoice}).
 * <li>{@link #groupMember}: the Nth command that names a group member (LEGACY_* and
 *     LEGACY_NOTIFY_INFO, counted over every admin queue from 1) carries another {@code group_member_id}.
 * </ul>
 */
public final class PfDriverFaults {
    private int lieVf;
    private int lieFlags;
    private long lieOffset;
    private long lies;

    private long memberNth;
    private int memberVf;
    private long memberCommands;
    private int swappedFor;
    private int swappedOpcode;

    /** LEGACY_NOTIFY_INFO for {@code vf} is handed on with {@code offset} in its first entry with {@code flags}. */
    public void notifyInfoOffset(int vf, int flags, long offset) {
        this.lieVf = vf;
        this.lieFlags = flags;
        this.lieOffset = offset;
    }

    /** The {@code nth} command naming a member (1-based) names {@code vf} instead. */
    public void groupMember(long nth, int vf) {
        this.memberNth = nth;
        this.memberVf = vf;
    }

    /** A LEGACY_NOTIFY_INFO answer for {@code vf}, as the device wrote it: the lie, if one is set for it. */
    void handOn(AdminCommand result, int vf) {
        if (vf != lieVf || lieVf == 0) {
            return;
        }
        for (int e = 0; e < NotifyInfoResult.ENTRIES; e++) {
            int f = result.notifyFlags(e);
            if (f == NotifyInfoResult.FLAGS_END_OF_LIST) {
                return;
            }
            if (f == lieFlags) {
                result.notifyEntry(e, f, result.notifyBar(e), lieOffset);
                lies++;
                return;
            }
        }
    }

    /** A command the driver just built for {@code vf}, naming a member: the swap, if this is the Nth. */
    void build(AdminCommand c, int vf) {
        if (++memberCommands == memberNth && memberVf != 0) {
            swappedFor = vf;
            swappedOpcode = c.opcode();
            c.header(c.opcode(), c.groupType(), memberVf);
        }
    }

    /** LEGACY_NOTIFY_INFO answers handed on with the wrong offset. */
    public long notifyInfoLies() {
        return lies;
    }

    /** The VF the swapped command was built for, 0 if no command was swapped (fewer than N were sent). */
    public int swappedFor() {
        return swappedFor;
    }

    /** The opcode of the swapped command (valid when {@link #swappedFor()} is not 0). */
    public int swappedOpcode() {
        return swappedOpcode;
    }
}

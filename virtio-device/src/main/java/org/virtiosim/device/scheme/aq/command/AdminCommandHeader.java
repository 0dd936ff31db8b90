package org.virtiosim.device.scheme.aq.command;

/**
 * The first, fixed part of the device-readable half of struct virtio_admin_cmd (admin.tex, "Group
 * administration commands"; Linux names it struct virtio_admin_cmd_hdr):
 *
 * <pre>
 *  0  le16 opcode
 *  2  le16 group_type        1 = SR-IOV, 2..65535 reserved
 *  4  u8   reserved1[12]     "set to zero by the driver and ignored by the device"
 * 16  le64 group_member_id   for SR-IOV the VF number, 1..NumVFs
 * 24  command_specific_data[] follows
 * </pre>
 */
public final class AdminCommandHeader {
    private AdminCommandHeader() {
    }

    public static final int OPCODE = 0;
    public static final int GROUP_TYPE = 2;
    public static final int RESERVED1 = 4;
    public static final int RESERVED1_SIZE = 12;
    public static final int GROUP_MEMBER_ID = 16;
    public static final int SIZE = 24;

    /** Writes the 24 header bytes at {@code off}, reserved bytes zero. */
    public static void encode(byte[] b, int off, int opcode, int groupType, long groupMemberId) {
        Le.put16(b, off + OPCODE, opcode);
        Le.put16(b, off + GROUP_TYPE, groupType);
        Le.zero(b, off + RESERVED1, RESERVED1_SIZE);
        Le.put64(b, off + GROUP_MEMBER_ID, groupMemberId);
    }

    public static int opcode(byte[] b, int off) {
        return Le.u16(b, off + OPCODE);
    }

    public static int groupType(byte[] b, int off) {
        return Le.u16(b, off + GROUP_TYPE);
    }

    public static long groupMemberId(byte[] b, int off) {
        return Le.u64(b, off + GROUP_MEMBER_ID);
    }
}

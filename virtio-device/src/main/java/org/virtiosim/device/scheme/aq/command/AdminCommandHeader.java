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
    public static final int GROUP_MEMBER_ID = 16;
    public static final int SIZE = 24;
}

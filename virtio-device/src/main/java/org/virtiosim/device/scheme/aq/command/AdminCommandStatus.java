package org.virtiosim.device.scheme.aq.command;

/**
 * The first, fixed part of the device-writable half of struct virtio_admin_cmd (admin.tex; Linux
 * struct virtio_admin_cmd_status):
 *
 * <pre>
 * 0  le16 status
 * 2  le16 status_qualifier
 * 4  u8   reserved2[4]       "unused device-writeable fields are set to zero by the device"
 * 8  command_specific_result[] follows
 * </pre>
 */
public final class AdminCommandStatus {
    private AdminCommandStatus() {
    }

    public static final int STATUS = 0;
    public static final int STATUS_QUALIFIER = 2;
    public static final int RESERVED2 = 4;
    public static final int SIZE = 8;
}

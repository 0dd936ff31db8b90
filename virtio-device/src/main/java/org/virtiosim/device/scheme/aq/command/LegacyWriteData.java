package org.virtiosim.device.scheme.aq.command;

/**
 * command_specific_data of LEGACY_COMMON_CFG_WRITE (0x2) and LEGACY_DEV_CFG_WRITE (0x4):
 * admin-cmds-legacy-interface.tex, struct virtio_admin_cmd_legacy_common_cfg_wr_data and
 * struct virtio_admin_cmd_legacy_dev_reg_wr_data, which have the same layout (Linux uses one
 * struct, virtio_admin_cmd_legacy_wr_data, whose data member it calls {@code registers}):
 *
 * <pre>
 * 0  u8 offset        starting byte offset within the common / device-specific configuration
 * 1  u8 reserved[7]
 * 8  u8 data[]        "The length of the data to write is simply the length of data."
 * </pre>
 *
 * <p>The access size is therefore not a field: it is the device-readable length minus the header
 * and these 8 bytes.
 */
public final class LegacyWriteData {
    private LegacyWriteData() {
    }

    public static final int OFFSET = 0;
    public static final int DATA = 8;
}

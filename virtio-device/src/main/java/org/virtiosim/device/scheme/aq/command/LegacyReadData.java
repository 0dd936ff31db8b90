package org.virtiosim.device.scheme.aq.command;

/**
 * command_specific_data of LEGACY_COMMON_CFG_READ (0x3) and LEGACY_DEV_CFG_READ (0x5):
 * admin-cmds-legacy-interface.tex, struct virtio_admin_cmd_legacy_common_cfg_rd_data and
 * struct virtio_admin_cmd_legacy_dev_cfg_rd_data, a single {@code u8 offset} (Linux
 * virtio_admin_cmd_legacy_rd_data, sizeof 1).
 *
 * <p>The read size is not here: the result struct is just {@code u8 data[]} and "The length of the
 * data read is simply the length of data", so the device learns it from the device-writable
 * buffer's length (Linux sizes the result buffer to the access size).
 */
public final class LegacyReadData {
    private LegacyReadData() {
    }

    public static final int OFFSET = 0;
    public static final int SIZE = 1;
}

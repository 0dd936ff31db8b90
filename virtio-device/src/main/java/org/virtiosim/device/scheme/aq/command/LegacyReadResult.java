package org.virtiosim.device.scheme.aq.command;

/**
 * command_specific_result of LEGACY_COMMON_CFG_READ and LEGACY_DEV_CFG_READ:
 * admin-cmds-legacy-interface.tex, struct virtio_admin_cmd_legacy_common_cfg_rd_result and
 * struct virtio_admin_cmd_legacy_dev_reg_rd_result, both only {@code u8 data[]}, the register
 * bytes in little-endian order ("the device MUST decode and encode (respectively) the value of the
 * data using the little-endian format").
 */
public final class LegacyReadResult {
    private LegacyReadResult() {
    }

    public static int size(int length) {
        return length;
    }

    public static int encode(byte[] b, int off, byte[] src, int srcOff, int length) {
        System.arraycopy(src, srcOff, b, off, length);
        return length;
    }

    public static void decode(byte[] b, int off, byte[] dst, int dstOff, int length) {
        System.arraycopy(b, off, dst, dstOff, length);
    }
}

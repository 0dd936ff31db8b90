package org.virtiosim.device.scheme.aq.command;

/**
 * Lengths, in bytes, of the two halves of struct virtio_admin_cmd as this specification describes
 * them for each opcode, which the admin queue's DMA engine needs to know how much to fetch and how
 * much to write back (admin.tex, "Administration Virtqueues": the device-readable part is opcode
 * through command_specific_data, the device-writable part status through
 * command_specific_result).
 *
 * <pre>
 * opcode                    device-readable       device-writable
 * LIST_QUERY                24                    8 + 8 (one le64 of opcodes)
 * LIST_USE                  24 + 8                8
 * LEGACY_*_CFG_WRITE        24 + 8 + size         8
 * LEGACY_*_CFG_READ         24 + 1                8 + size (rd_result: u8 data[])
 * LEGACY_NOTIFY_INFO        24                    8 + 4 * 16
 * other                     24                    8
 * </pre>
 *
 * <p>These are the structure lengths, not the buffer lengths: the driver "MUST supply both
 * device-readable or device-writeable parts ... that are a multiple of 64 bit in length", yet Linux
 * (virtio_pci_admin_legacy_io.c) maps exactly sizeof(data) + size and a result buffer of size bytes.
 * Either way the device "silently truncates the structures to either the length submitted by the
 * driver, or the length described in this specification, whichever is shorter", which
 * {@link AdminCommand} applies as it decodes and encodes.
 */
public final class AdminCommandSizes {
    private AdminCommandSizes() {
    }

    /** Device-readable bytes for {@code opcode}; {@code accessSize} matters only for the writes. */
    public static int deviceReadable(int opcode, int accessSize) {
        switch (opcode) {
            case AdminOpcode.LIST_USE:
                return AdminCommandHeader.SIZE + AdminCommandList.SIZE;
            case AdminOpcode.LEGACY_COMMON_CFG_WRITE:
            case AdminOpcode.LEGACY_DEV_CFG_WRITE:
                return AdminCommandHeader.SIZE + LegacyWriteData.DATA + accessSize;
            case AdminOpcode.LEGACY_COMMON_CFG_READ:
            case AdminOpcode.LEGACY_DEV_CFG_READ:
                return AdminCommandHeader.SIZE + LegacyReadData.SIZE;
            default:
                return AdminCommandHeader.SIZE;
        }
    }

    /** Device-writable bytes for {@code opcode}; {@code accessSize} matters only for the reads. */
    public static int deviceWritable(int opcode, int accessSize) {
        switch (opcode) {
            case AdminOpcode.LIST_QUERY:
                return AdminCommandStatus.SIZE + AdminCommandList.SIZE;
            case AdminOpcode.LEGACY_COMMON_CFG_READ:
            case AdminOpcode.LEGACY_DEV_CFG_READ:
                return AdminCommandStatus.SIZE + accessSize;
            case AdminOpcode.LEGACY_NOTIFY_INFO:
                return AdminCommandStatus.SIZE + NotifyInfoResult.SIZE;
            default:
                return AdminCommandStatus.SIZE;
        }
    }
}

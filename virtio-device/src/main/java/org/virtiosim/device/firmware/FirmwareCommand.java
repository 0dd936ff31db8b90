package org.virtiosim.device.firmware;

/**
 * An admin command as the firmware sees it (virtio 1.3 §2.12.1, struct virtio_admin_cmd): its
 * header fields and, for the legacy access commands (admin-cmds-legacy-interface.tex), the register
 * access it carries. The object is the device's own, reused for the next command: read it during
 * the handler, keep no reference to it.
 */
public interface FirmwareCommand {
    /** {@code opcode}: VIRTIO_ADMIN_CMD_LIST_QUERY 0x0, LIST_USE 0x1, LEGACY_COMMON_CFG_WRITE 0x2 ... LEGACY_NOTIFY_INFO 0x6. */
    int opcode();

    /** {@code group_member_id}: the VF the command acts on (SR-IOV group, §2.12.1.1), 0 for the group itself. */
    long groupMemberId();

    /** Bytes of {@code command_specific_data} the device read after the header. */
    int dataBytes();

    /** A legacy access command's {@code offset} within the common or device config (admin-cmds-legacy-interface.tex). */
    int legacyOffset();

    /** A legacy access command's length in bytes (the data of a write, the result of a read). */
    int length();

    /** A legacy write command's {@code registers} data, little-endian. */
    long dataValue();
}

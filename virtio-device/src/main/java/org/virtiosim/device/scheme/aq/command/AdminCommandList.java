package org.virtiosim.device.scheme.aq.command;

/**
 * struct virtio_admin_cmd_list (admin.tex): {@code le64 device_admin_cmd_opcodes[]}, bit n of
 * element n / 64 set when opcode n is supported (LIST_QUERY result) or used (LIST_USE data). Its
 * length is "DIV_ROUND_UP(max_cmd, 64) * 8"; every opcode here is below 64, so the device writes one
 * le64. A driver may send a longer array ("allowed to be larger and to additionally include an
 * arbitrary number of all-zero entries"); a non-zero later element names opcodes of 64 and up,
 * which this device does not support, and {@link AdminCommand} records that so the validator can
 * refuse the list.
 */
public final class AdminCommandList {
    private AdminCommandList() {
    }

    /** One le64: opcodes 0..63. */
    public static final int SIZE = 8;
}

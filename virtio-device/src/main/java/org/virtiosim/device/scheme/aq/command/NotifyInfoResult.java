package org.virtiosim.device.scheme.aq.command;

/**
 * command_specific_result of LEGACY_NOTIFY_INFO (0x6): admin-cmds-legacy-interface.tex,
 * struct virtio_admin_cmd_legacy_notify_info_result, which is exactly four
 * struct virtio_pci_legacy_notify_info entries (Linux VIRTIO_ADMIN_CMD_MAX_NOTIFY_INFO 4,
 * struct virtio_admin_cmd_notify_info_data):
 *
 * <pre>
 *  0  u8   flags       0 end of list, 1 owner device, 2 member device, others reserved
 *  1  u8   bar         1..5 = BAR1..BAR5 of the owner (PCI header) or VF BARn (SR-IOV capability)
 *  2  u8   padding[6]
 *  8  le64 offset      within bar, 2-byte aligned
 * </pre>
 *
 * <p>The device-normative text requires "the last struct virtio_pci_legacy_notify_info entry MUST
 * have flags of zero", so at most three entries carry addresses even though the prose says "up to
 * 4 entries"; {@link AdminCommand#notifyEntry} refuses to put an address in entry 3.
 */
public final class NotifyInfoResult {
    private NotifyInfoResult() {
    }

    public static final int ENTRIES = 4;
    public static final int ENTRY_SIZE = 16;
    public static final int SIZE = ENTRIES * ENTRY_SIZE;

    public static final int FLAGS = 0;
    public static final int BAR = 1;
    public static final int PADDING = 2;
    public static final int OFFSET = 8;

    public static final int FLAGS_END_OF_LIST = 0x0;
    public static final int FLAGS_OWNER_DEVICE = 0x1;
    /** Linux calls this VIRTIO_ADMIN_CMD_NOTIFY_INFO_FLAGS_OWNER_MEM; the spec says "member device". */
    public static final int FLAGS_MEMBER_DEVICE = 0x2;
}

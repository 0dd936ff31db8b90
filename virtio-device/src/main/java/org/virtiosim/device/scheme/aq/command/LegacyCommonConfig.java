package org.virtiosim.device.scheme.aq.command;

/**
 * The legacy common configuration the LEGACY_COMMON_CFG_WRITE/READ offsets index: transport-pci.tex,
 * "Legacy Interfaces: A Note on PCI Device Layout" (offsets as in Linux include/uapi/linux/virtio_pci.h,
 * VIRTIO_PCI_HOST_FEATURES .. VIRTIO_MSI_QUEUE_VECTOR):
 *
 * <pre>
 * 0x00 32 R    Device Features bits 0:31
 * 0x04 32 R+W  Driver Features bits 0:31
 * 0x08 32 R+W  Queue Address
 * 0x0C 16 R    queue_size
 * 0x0E 16 R+W  queue_select
 * 0x10 16 R+W  Queue Notify
 * 0x12  8 R+W  Device Status
 * 0x13  8 R    ISR Status
 * 0x14 16 R+W  config_msix_vector   only "If MSI-X is enabled for the device"
 * 0x16 16 R+W  queue_msix_vector    only if MSI-X is enabled
 * </pre>
 *
 * <p>Whether the MSI-X vectors belong to the common configuration: yes when MSI-X is enabled. The
 * spec says "When MSI-X capability is enabled, device-specific configuration starts at byte offset
 * 24 in virtio common configuration structure. When MSI-X capability is not enabled,
 * device-specific configuration starts at byte offset 20", and the admin commands address "the
 * virtio common configuration structure, and excluding the device-specific configuration". So the
 * common configuration is 0x00..0x17 with MSI-X enabled and 0x00..0x13 without.
 */
public final class LegacyCommonConfig {
    private LegacyCommonConfig() {
    }

    public static final int DEVICE_FEATURES = 0x00;
    public static final int DRIVER_FEATURES = 0x04;
    public static final int QUEUE_ADDRESS = 0x08;
    public static final int QUEUE_SIZE = 0x0C;
    public static final int QUEUE_SELECT = 0x0E;
    public static final int QUEUE_NOTIFY = 0x10;
    public static final int DEVICE_STATUS = 0x12;
    public static final int ISR_STATUS = 0x13;
    public static final int CONFIG_MSIX_VECTOR = 0x14;
    public static final int QUEUE_MSIX_VECTOR = 0x16;

    public static final int SIZE_WITHOUT_MSIX = 20;
    public static final int SIZE_WITH_MSIX = 24;

    /** For each byte of the 24, the offset of the field it belongs to, then that field's width. */
    private static final byte[] FIELD_START = new byte[SIZE_WITH_MSIX];
    private static final byte[] FIELD_WIDTH = new byte[SIZE_WITH_MSIX];

    static {
        field(DEVICE_FEATURES, 4);
        field(DRIVER_FEATURES, 4);
        field(QUEUE_ADDRESS, 4);
        field(QUEUE_SIZE, 2);
        field(QUEUE_SELECT, 2);
        field(QUEUE_NOTIFY, 2);
        field(DEVICE_STATUS, 1);
        field(ISR_STATUS, 1);
        field(CONFIG_MSIX_VECTOR, 2);
        field(QUEUE_MSIX_VECTOR, 2);
    }

    private static void field(int start, int width) {
        for (int i = start; i < start + width; i++) {
            FIELD_START[i] = (byte) start;
            FIELD_WIDTH[i] = (byte) width;
        }
    }

    /** Bytes of legacy common configuration: 24 with MSI-X enabled, 20 without. */
    public static int size(boolean msixEnabled) {
        return msixEnabled ? SIZE_WITH_MSIX : SIZE_WITHOUT_MSIX;
    }

    /**
     * Whether [offset, offset + length) lies inside one field of the common configuration. The
     * commands allow any offset and length "except that the resulting access refers to a single
     * field and is completely within the virtio common configuration structure, excluding the
     * device-specific configuration" (admin-cmds-legacy-interface.tex); an access to part of one
     * field (for example one byte of Queue Address) therefore qualifies, one straddling two
     * fields does not, and an empty one refers to no field.
     */
    public static boolean isSingleFieldAccess(int offset, int length, boolean msixEnabled) {
        int size = size(msixEnabled);
        if (length < 1 || offset < 0 || offset >= size || length > size - offset) {
            return false;
        }
        int start = FIELD_START[offset];
        return offset + length <= start + FIELD_WIDTH[offset];
    }

    /** Offset of the field holding byte {@code offset} (0..23). */
    public static int fieldStart(int offset) {
        return FIELD_START[offset];
    }

    /** Width in bytes of the field holding byte {@code offset} (0..23). */
    public static int fieldWidth(int offset) {
        return FIELD_WIDTH[offset];
    }
}

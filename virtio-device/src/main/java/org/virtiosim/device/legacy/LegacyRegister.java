package org.virtiosim.device.legacy;

/**
 * The registers of the legacy virtio PCI header, at their offsets in BAR0 (Linux
 * include/uapi/linux/virtio_pci.h VIRTIO_PCI_* and VIRTIO_MSI_*; transport-pci.tex, "Legacy
 * Interfaces: A Note on PCI Device Layout"). The two vector registers exist only while MSI-X is
 * enabled; without MSI-X their bytes belong to the device config.
 *
 * <p>Widths are also the only access sizes accepted: Linux's legacy driver
 * (drivers/virtio/virtio_pci_legacy_dev.c) uses ioread32/iowrite32 on the features and PFN,
 * 16-bit accesses on queue size, select, notify and the vectors, and 8-bit on status and ISR.
 */
public enum LegacyRegister {
    HOST_FEATURES(0x00, 4, "host features", true, false, false),
    GUEST_FEATURES(0x04, 4, "guest features", true, true, false),
    /** Physical address of the ring >> 12; 0 = queue inactive. */
    QUEUE_PFN(0x08, 4, "queue PFN", true, true, false),
    /** Read-only in legacy: the driver cannot choose a smaller ring. */
    QUEUE_SIZE(0x0C, 2, "queue size", true, false, false),
    QUEUE_SELECT(0x0E, 2, "queue select", true, true, false),
    QUEUE_NOTIFY(0x10, 2, "queue notify", false, true, false),
    DEVICE_STATUS(0x12, 1, "device status", true, true, false),
    /** Read clears it. */
    ISR_STATUS(0x13, 1, "ISR status", true, false, false),
    CONFIG_VECTOR(0x14, 2, "config vector", true, true, true),
    QUEUE_VECTOR(0x16, 2, "queue vector", true, true, true);

    private final int offset;
    private final int width;
    private final String label;
    private final boolean readable;
    private final boolean writable;
    private final boolean msixOnly;

    LegacyRegister(int offset, int width, String label, boolean readable, boolean writable, boolean msixOnly) {
        this.offset = offset;
        this.width = width;
        this.label = label;
        this.readable = readable;
        this.writable = writable;
        this.msixOnly = msixOnly;
    }

    public int offset() {
        return offset;
    }

    /** Width in bytes, which is also the one access size accepted. */
    public int width() {
        return width;
    }

    /** Name used in messages: "queue size". */
    public String label() {
        return label;
    }

    public boolean readable() {
        return readable;
    }

    public boolean writable() {
        return writable;
    }

    /** True for the two vector registers, present only while MSI-X is enabled. */
    public boolean msixOnly() {
        return msixOnly;
    }

    private static final LegacyRegister[] BY_BYTE = new LegacyRegister[0x18];

    static {
        for (LegacyRegister r : values()) {
            for (int b = 0; b < r.width; b++) {
                BY_BYTE[r.offset + b] = r;
            }
        }
    }

    /**
     * The header register whose bytes include offset, or null if offset is in the device config
     * (or negative). Allocates nothing.
     */
    public static LegacyRegister covering(int offset, boolean msixEnabled) {
        if (offset < 0 || offset >= LegacyLayout.deviceConfigStart(msixEnabled)) {
            return null;
        }
        return BY_BYTE[offset];
    }
}

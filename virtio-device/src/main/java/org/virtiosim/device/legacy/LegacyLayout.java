package org.virtiosim.device.legacy;

/**
 * Where things are in the legacy BAR and which accesses can happen at all.
 *
 * <p>transport-pci.tex, "Legacy Interfaces: A Note on PCI Device Layout": "When MSI-X capability
 * is enabled, device-specific configuration starts at byte offset 24 ... When MSI-X capability is
 * not enabled, device-specific configuration starts at byte offset 20 ... once you enable MSI-X
 * on the device, the other fields move." Linux: VIRTIO_PCI_CONFIG_OFF(msix_enabled) in
 * include/uapi/linux/virtio_pci.h; QEMU: VIRTIO_PCI_CONFIG_SIZE in virtio_pci_config_read/write.
 *
 * <p>An access this class rejects is one no driver makes and the simulator cannot give a
 * meaningful answer to; callers turn the reason into an exit-2 error. Accesses QEMU accepts but
 * ignores (reading queue notify, writing host features) are valid here and handled, and counted,
 * by {@link LegacyRegisterFile}.
 */
public final class LegacyLayout {
    /** Header length and device config offset with MSI-X disabled. */
    public static final int HEADER_BYTES = 0x14;
    /** Header length and device config offset with MSI-X enabled (adds the two vector registers). */
    public static final int MSIX_HEADER_BYTES = 0x18;

    /**
     * The one access wider than 4 bytes: the hypervisor's coalesced write of virtio-net's whole
     * {@code mac[6]} (an x86 guest's I/O port access is 1, 2 or 4 bytes, so only a hypervisor that
     * merged the guest's byte writes makes it; the admin commands have "no length or alignment
     * restrictions", admin-cmds-legacy-interface.tex). Reads stay 1, 2 or 4 bytes.
     */
    public static final int MAC_WRITE_BYTES = VirtioNetConfig.MAC_BYTES;

    private LegacyLayout() {}

    /** Where virtio-net's {@code mac} is in the legacy layout: 0x14, or 0x18 with MSI-X enabled. */
    public static int macOffset(boolean msixEnabled) {
        return deviceConfigStart(msixEnabled) + VirtioNetConfig.MAC_OFFSET;
    }

    /**
     * As {@link #checkAccess} for a write, which may also be the 6-byte write of the whole MAC at
     * {@link #macOffset} (when the device config holds one).
     */
    public static String checkWrite(int offset, int size, boolean msixEnabled, int configLength) {
        if (size != MAC_WRITE_BYTES) {
            return checkAccess(offset, size, msixEnabled, configLength);
        }
        if (offset != macOffset(msixEnabled) || configLength < VirtioNetConfig.MAC_OFFSET + MAC_WRITE_BYTES) {
            return String.format("offset 0x%02x: a 6-byte write is only the whole MAC at 0x%02x (MSI-X %s)", offset,
                    macOffset(msixEnabled), msixEnabled ? "on" : "off");
        }
        return null;
    }

    public static int deviceConfigStart(boolean msixEnabled) {
        return msixEnabled ? MSIX_HEADER_BYTES : HEADER_BYTES;
    }

    /**
     * Null if an access of size bytes at offset can be made, otherwise a one-line reason that
     * names the offset. Valid: a header register at its own offset with its own width; device
     * config with size 1, 2 or 4 anywhere inside the config. Allocates only when rejecting.
     */
    public static String checkAccess(int offset, int size, boolean msixEnabled, int configLength) {
        if (offset < 0) {
            return "offset " + offset + ": negative offset";
        }
        if (size != 1 && size != 2 && size != 4) {
            return String.format("offset 0x%02x: access size %d is not 1, 2 or 4", offset, size);
        }
        LegacyRegister r = LegacyRegister.covering(offset, msixEnabled);
        if (r != null) {
            if (offset != r.offset() || size != r.width()) {
                return String.format("offset 0x%02x size %d: %s is a %d-byte register at 0x%02x",
                        offset, size, r.label(), r.width(), r.offset());
            }
            return null;
        }
        int start = deviceConfigStart(msixEnabled);
        if ((long) offset + size > start + configLength) { // long: an offset near Integer.MAX_VALUE must not wrap
            return String.format("offset 0x%02x size %d: beyond the %d-byte device config at 0x%02x..0x%02x (MSI-X %s)",
                    offset, size, configLength, start, start + configLength - 1, msixEnabled ? "on" : "off");
        }
        return null;
    }
}

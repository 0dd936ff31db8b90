package org.virtiosim.device.scheme.cfgcap;

/**
 * The layout of the {@code cfg-cap} capability in each VF's configuration space: virtio 1.x's
 * {@code struct virtio_pci_cfg_cap} (transport-pci.tex, "PCI configuration access capability",
 * VIRTIO_PCI_CAP_PCI_CFG): a vendor-specific capability (ID 09h) whose {@code struct
 * virtio_pci_cap} header names a BAR, then {@code offset} (DW 2) and {@code length} (DW 3), then
 * the 4-byte {@code pci_cfg_data} window (DW 4). A driver write of {@code pci_cfg_data} is a write
 * of its first {@code length} bytes at {@code offset}; a read fills its first {@code length}
 * bytes from {@code offset}. Here the accesses land on the VF's legacy register file, the layout
 * a legacy device's BAR0 would hold ({@code bar} reads 0; a VF's BAR0 is hardwired to zero, so no
 * BAR decodes it: the capability is the only way in).
 */
public final class CfgCapRegisters {
    /** Where the capability sits: after the VF's MSI-X capability (0x40, 12 bytes). */
    public static final int CAP = 0x50;
    /** PCI vendor-specific capability ID (PCI Local Bus 3.0 Appendix H). */
    public static final int CAP_ID_VENDOR = 0x09;
    /** {@code cfg_type} VIRTIO_PCI_CAP_PCI_CFG. */
    public static final int CFG_TYPE_PCI_CFG = 5;
    /** {@code cap_len}: the whole {@code struct virtio_pci_cfg_cap}. */
    public static final int CAP_LEN = 20;
    /** Offsets of the fields in the capability. */
    public static final int BAR = 4;
    public static final int OFFSET = 8;
    public static final int LENGTH = 12;
    public static final int DATA = 16;
    /** Bits of state per VF that answer a configuration request: offset, length and pci_cfg_data. */
    public static final int STATE_BITS = 3 * 32;

    private CfgCapRegisters() {
    }

    /** DW 0: {@code cap_vndr}, {@code cap_next} (the last capability: 0), {@code cap_len}, {@code cfg_type}. */
    public static int header() {
        return CFG_TYPE_PCI_CFG << 24 | CAP_LEN << 16 | CAP_ID_VENDOR;
    }

    /** Whether a {@code length} is an access the legacy registers have (1, 2 or 4 bytes). */
    public static boolean validLength(int length) {
        return length == 1 || length == 2 || length == 4;
    }
}

package org.virtiosim.device;

/**
 * The device's BARs, as its functions' configuration space would describe them. A scheme or a
 * notify route installs its register blocks into these ({@link DeviceContext#map}); the device
 * decodes each request by (function, BAR, offset) to the block that claims it.
 *
 * <p>PF BAR0, BAR2 and BAR4 are 32-bit non-prefetchable memory: they hold registers with side
 * effects on read or write, which PCI Express Base Specification Rev. 6.0 §7.5.1.2.1 keeps out of
 * prefetchable space, and a bridge's non-prefetchable window is 32-bit only (§7.5.1.3.8).
 *
 * <p>The VFs' memory resources are in VF BAR2 (a 64-bit BAR, so VF BAR2 and BAR3 in the SR-IOV
 * capability), above 4 GB as SR-IOV devices commonly place their VF BARs (so MMIO to it uses 4 DW
 * headers). VF BAR0 is hardwired to zero: admin-cmds-legacy-interface.tex says that a group owner
 * supporting VIRTIO_ADMIN_CMD_LEGACY_NOTIFY_INFO "MUST hardwire VF BAR0 to zero in the SR-IOV
 * Extended capability", and Linux's virtiovf_support_legacy_io() (drivers/vfio/pci/virtio/
 * legacy_io.c) refuses a VF that has a BAR0, since vfio-virtio presents its emulated legacy I/O
 * BAR to the guest as BAR0.
 */
public enum Bar {
    /** PF BAR0, 1 MB: admin queue doorbells. */
    PF_BAR0(0, false, false, 0xE000_0000L, 1L << 20),
    /** PF BAR2, up to 256 MB (aligned to its size, as a BAR is): a per-VF aperture such as the pf-window scheme's. */
    PF_BAR2(2, false, false, 0xD000_0000L, 1L << 28),
    /**
     * PF BAR4, 256 KB: the pf-bar notify area, a 4-byte slot for each of up to 65535 VFs. Not in
     * BAR0, since LEGACY_NOTIFY_INFO's {@code bar} values 0x1 to 0x5 name BAR1 to BAR5 only.
     */
    PF_BAR4(4, false, false, 0xE010_0000L, 1L << 18),
    /** The PF's I/O BAR, BAR1 (a PF may have one; a VF may not, SR-IOV §9.3.3.14): the io-bar notify port. */
    PF_IO(1, false, true, 0xC000L, 0x100),
    /** Each VF's BAR2 (64-bit, VF BAR2/3), 4 KB per VF at VF BAR base + index × 4 KB (SR-IOV §9.3.3.14). */
    VF_BAR2(2, true, false, 0x80_0000_0000L, 0x1000);

    private final int index;
    private final boolean perVf;
    private final boolean io;
    private final long base;
    private final long size;

    Bar(int index, boolean perVf, boolean io, long base, long size) {
        this.index = index;
        this.perVf = perVf;
        this.io = io;
        this.base = base;
        this.size = size;
    }

    /**
     * The BAR's number, n of BARn: in the PF's header for a PF BAR, in the SR-IOV capability's VF
     * BARn for a VF BAR; what LEGACY_NOTIFY_INFO's {@code bar} field names.
     */
    public int index() {
        return index;
    }

    /** The BAR numbered {@code index} of the owner (PF) or of a member (VF), or null if it has none. */
    public static Bar of(boolean vf, int index) {
        for (Bar b : values()) {
            if (b.perVf == vf && b.index == index) {
                return b;
            }
        }
        return null;
    }

    /** Every VF has its own copy (at base + index × size), rather than the PF one. */
    public boolean perVf() {
        return perVf;
    }

    /** An I/O BAR rather than a memory BAR. */
    public boolean io() {
        return io;
    }

    /** The PF BAR's address, or the first VF's BAR address (VF BAR base). */
    public long base() {
        return base;
    }

    /** Its size; for a VF BAR, the size of one VF's. */
    public long size() {
        return size;
    }
}

package org.virtiosim.device;

/**
 * The device's BARs, as its functions' configuration space would describe them. A scheme or a
 * notify route installs its register blocks into these ({@link DeviceContext#map}); the device
 * decodes each request by (function, BAR, offset) to the block that claims it.
 *
 * <p>PF BAR0 and BAR2 are 32-bit non-prefetchable memory: they hold registers with side effects on
 * read or write, which PCI Express Base Specification Rev. 6.0 §7.5.1.2.1 keeps out of prefetchable
 * space, and a bridge's non-prefetchable window is 32-bit only (§7.5.1.3.8). VF BAR0 is 64-bit
 * above 4 GB, as SR-IOV devices commonly place their VF BARs (so MMIO to it uses 4 DW headers).
 */
public enum Bar {
    /** PF BAR0, 1 MB: admin queue doorbells, the pf-bar notify area. */
    PF_BAR0(false, false, 0xE000_0000L, 1L << 20),
    /** PF BAR2, up to 256 MB (aligned to its size, as a BAR is): a per-VF aperture such as the pf-window scheme's. */
    PF_BAR2(false, false, 0xD000_0000L, 1L << 28),
    /** The PF's I/O BAR (a PF may have one; a VF may not, SR-IOV §9.3.3.14): the io-bar notify port. */
    PF_IO(false, true, 0xC000L, 0x100),
    /** Each VF's BAR0, 4 KB per VF at VF BAR base + index × 4 KB (SR-IOV §9.3.3.14). */
    VF_BAR0(true, false, 0x80_0000_0000L, 0x1000);

    private final boolean perVf;
    private final boolean io;
    private final long base;
    private final long size;

    Bar(boolean perVf, boolean io, long base, long size) {
        this.perVf = perVf;
        this.io = io;
        this.base = base;
        this.size = size;
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

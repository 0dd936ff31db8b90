package org.virtiosim.testbench.trace.qemu;

/**
 * One virtio PCI function of the log, by bus:device.function, as its config writes left it: where BAR0, the
 * legacy I/O BAR, is (its base port) and whether MSI-X is enabled.
 */
final class VirtioFunction {
    /** Legacy I/O BARs are at most this long (virtio 0.9.5 header, MSI-X vectors and device config). */
    static final int MAX_BAR_BYTES = 0x100;
    /** Config offset of BAR0 (PCI Local Bus 3.0, 6.2.5.1). */
    static final int BAR0 = 0x10;
    /** MSI-X Enable, bit 15 of Message Control (PCI Local Bus 3.0, 6.8.2.3). */
    static final long MSIX_ENABLE = 1L << 15;
    /** Capabilities start here: config header is 64 bytes (PCI Local Bus 3.0, 6.7). */
    static final int CAPABILITIES = 0x40;

    final String bdf;
    final String device;
    long bar0 = -1;
    boolean msixEnabled;
    int accesses;
    int reads;
    /** Reads of ISR status, imported as unchecked. */
    int uncheckedReads;

    VirtioFunction(String bdf, String device) {
        this.bdf = bdf;
        this.device = device;
    }

    /**
     * A config write; returns true when it changed MSI-X Enable. BAR0: a value with bit 0 set (I/O space) that is
     * not all ones (the sizing write) is the base. Message Control: the only 16-bit register at {@code cap + 2}
     * (an offset of 2 mod 4 in the capability list) that a legacy virtio function has, its one capability being
     * MSI-X (QEMU's legacy virtio-pci adds no other on a root bus); the event carries no width, so any write there
     * is taken as one to Message Control.
     */
    boolean configWrite(int offset, long value) {
        if (offset == BAR0 && (value & 1) == 1 && value != 0xFFFF_FFFFL) {
            bar0 = value & 0xFFFF_FFFCL;
            return false;
        }
        if (offset >= CAPABILITIES && offset % 4 == 2) {
            boolean on = (value & MSIX_ENABLE) != 0;
            boolean changed = on != msixEnabled;
            msixEnabled = on;
            return changed;
        }
        return false;
    }

    /** Whether BAR0 covers port {@code addr}. */
    boolean covers(long addr) {
        return bar0 >= 0 && addr >= bar0 && addr - bar0 < MAX_BAR_BYTES;
    }

    /** "00:02.0 (virtio-net-pci, 67 accesses)" */
    String describe() {
        return bdf + " (" + device + ", " + accesses + " accesses)";
    }
}

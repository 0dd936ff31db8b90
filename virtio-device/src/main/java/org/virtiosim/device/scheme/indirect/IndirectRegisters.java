package org.virtiosim.device.scheme.indirect;

/**
 * The {@code legacy_register_addr} register of the indirect pair (this project's design; the
 * virtio spec has no such registers). 32 bits: offset in bits 7:0, access size (1, 2 or 4) in bits
 * 10:8, operation in bit 12 (0 read, 1 write), error in bit 30 (the access does not exist in the
 * legacy layout), completion in bit 31 (set by the device when the operation is done, cleared by
 * the next write of the register). {@code legacy_register_data} holds the value written or read.
 */
public final class IndirectRegisters {
    public static final int OFFSET_MASK = 0xFF;
    public static final int SIZE_SHIFT = 8;
    public static final int OP_WRITE = 1 << 12;
    public static final int ERROR = 1 << 30;
    public static final int COMPLETE = 1 << 31;
    /** Where the pair sits in VF BAR2: {@code legacy_register_addr}, then {@code legacy_register_data}. */
    public static final int PAIR = 0x100;
    /** Offsets of the two registers within the pair. */
    public static final int ADDR = 0;
    public static final int DATA = 4;
    /** Bytes of state the pair adds per VF: the two 32-bit registers. */
    public static final int STATE_BYTES = 8;

    private IndirectRegisters() {
    }

    public static int encode(int offset, int size, boolean write) {
        return (offset & OFFSET_MASK) | size << SIZE_SHIFT | (write ? OP_WRITE : 0);
    }

    public static int offset(int addr) {
        return addr & OFFSET_MASK;
    }

    public static int size(int addr) {
        return addr >>> SIZE_SHIFT & 0x7;
    }

    public static boolean isWrite(int addr) {
        return (addr & OP_WRITE) != 0;
    }
}

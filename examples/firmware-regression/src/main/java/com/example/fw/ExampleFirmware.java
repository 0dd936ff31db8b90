package com.example.fw;

import org.virtiosim.device.firmware.Firmware;

/**
 * A firmware designer's model of their own device firmware, in device cycles. The costs are this
 * example's assumptions, standing for what a designer would measure on their RTL or silicon:
 * a trapped access to the 20-byte common legacy header is a table lookup, one to the device-specific
 * area (the MAC, status) goes through the net function's slow path; an admin command costs a fixed
 * parse plus the copy of its data.
 */
public final class ExampleFirmware implements Firmware {
    /** Bytes of the virtio 0.9.5 common header (without MSI-X): offsets below it are the fast path. */
    static final int LEGACY_COMMON_HEADER_BYTES = 20;
    static final long HEADER_ACCESS_CYCLES = 250;
    static final long DEVICE_SPECIFIC_ACCESS_CYCLES = 400;
    static final long ADMIN_COMMAND_CYCLES = 900;
    static final long ADMIN_CYCLES_PER_DATA_BYTE = 2;

    @Override
    public long legacyAccessCycles(int vf, boolean write, int offset, int size) {
        return offset < LEGACY_COMMON_HEADER_BYTES ? HEADER_ACCESS_CYCLES : DEVICE_SPECIFIC_ACCESS_CYCLES;
    }

    @Override
    public long adminCommandCycles(int opcode, int vf, int dataBytes) {
        return ADMIN_COMMAND_CYCLES + ADMIN_CYCLES_PER_DATA_BYTE * dataBytes;
    }
}

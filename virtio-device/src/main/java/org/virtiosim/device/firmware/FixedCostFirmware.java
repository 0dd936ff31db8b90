package org.virtiosim.device.firmware;

/**
 * The default firmware: a fixed number of cycles per access and per command (by default the
 * device timing's firmware cycles). It takes the two counts rather than the device's timing record
 * so that this package does not depend on the device package that hosts the firmware.
 */
public final class FixedCostFirmware implements Firmware {
    private final long accessCycles;
    private final long commandCycles;

    public FixedCostFirmware(long accessCycles, long commandCycles) {
        if (accessCycles < 0 || commandCycles < 0) {
            throw new IllegalArgumentException("firmware cycles must be >= 0: " + accessCycles + ", " + commandCycles);
        }
        this.accessCycles = accessCycles;
        this.commandCycles = commandCycles;
    }

    @Override
    public long legacyAccessCycles(int vf, boolean write, int offset, int size) {
        return accessCycles;
    }

    @Override
    public long adminCommandCycles(int opcode, int vf, int dataBytes) {
        return commandCycles;
    }
}

package org.virtiosim.device.firmware;

import org.virtiosim.device.DeviceTiming;

/** The default firmware: a fixed number of cycles per access and per command, from {@link DeviceTiming}. */
public final class FixedCostFirmware implements Firmware {
    private final long accessCycles;
    private final long commandCycles;

    public FixedCostFirmware(DeviceTiming timing) {
        this.accessCycles = timing.firmwareAccessCycles();
        this.commandCycles = timing.firmwareCommandCycles();
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

package org.virtiosim.device.firmware.examples;

import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.firmware.FirmwareCommand;
import org.virtiosim.device.firmware.FirmwareContext;
import org.virtiosim.device.firmware.FirmwareProgram;
import org.virtiosim.device.firmware.LegacyOp;

/**
 * A buggy firmware, kept to show the checks catch it: it answers a read of {@code device_status}
 * with 0 as soon as the driver has asked for a reset, before the reset engine has finished. The
 * driver then goes on initialising a VF whose reset is still running: its writes are dropped and
 * the reset, when it ends, wipes what it wrote. The protocol check "firmware never answers a status
 * read with 0 during its VF's reset" names the VF, the register, the time and the expected value.
 * Everything else is the device's own behaviour.
 */
public final class BuggyEarlyStatus implements FirmwareProgram {
    /** {@code device_status}, legacy offset 18 (transport-pci.tex, "Legacy Interfaces"). */
    private static final int DEVICE_STATUS = 0x12;
    private static final int LEGACY_COMMON_CFG_READ = 0x3;

    private final long accessCycles;
    private final long commandCycles;

    public BuggyEarlyStatus(DeviceTiming timing) {
        this.accessCycles = timing.firmwareAccessCycles();
        this.commandCycles = timing.firmwareCommandCycles();
    }

    @Override
    public void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long value) {
        ctx.busy(accessCycles);
        if (op == LegacyOp.READ && offset == DEVICE_STATUS && ctx.resetInProgress(vf)) {
            ctx.answer(0); // the bug: "reset requested" taken for "reset done"
        } else {
            ctx.perform();
        }
    }

    @Override
    public void onAdminCommand(FirmwareContext ctx, FirmwareCommand command) {
        ctx.busy(commandCycles);
        int vf = (int) command.groupMemberId();
        if (command.opcode() == LEGACY_COMMON_CFG_READ && command.legacyOffset() == DEVICE_STATUS && vf >= 1 && vf <= ctx.numVfs()
                && ctx.resetInProgress(vf)) {
            ctx.answer(0); // the same bug on the admin queue
        } else {
            ctx.perform();
        }
    }
}

package com.example.fw;

import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.firmware.FirmwareCommand;
import org.virtiosim.device.firmware.FirmwareContext;
import org.virtiosim.device.firmware.FirmwareProgram;
import org.virtiosim.device.firmware.LegacyOp;

/** The README's example ("Writing your firmware model"), compiled and tested here. */
public final class HoldStatusFirmware implements FirmwareProgram {
    private static final int DEVICE_STATUS = 0x12;             // legacy layout, offset 18
    private final long cycles;
    private int[] held;                                         // per VF: a deferred read, or -1

    public HoldStatusFirmware(DeviceTiming t) { cycles = t.firmwareAccessCycles(); }

    @Override public void onStart(FirmwareContext ctx) {
        held = new int[ctx.numVfs() + 1];
        java.util.Arrays.fill(held, -1);
        ctx.declareMemoryPerVf(4);                              // the handle: device_cost.firmware_bytes_per_vf
    }

    @Override public void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long value) {
        ctx.busy(cycles);
        if (op == LegacyOp.READ && offset == DEVICE_STATUS && ctx.resetInProgress(vf)) held[vf] = ctx.defer();
        else ctx.perform();                                     // the device's own behaviour
    }

    @Override public void onAdminCommand(FirmwareContext ctx, FirmwareCommand command) {
        ctx.busy(cycles);
        ctx.perform();
    }

    @Override public void onResetDone(FirmwareContext ctx, int vf) {
        ctx.finishReset(vf);
        if (held[vf] >= 0) { ctx.answer(held[vf], ctx.readRegister(vf, DEVICE_STATUS, 1)); held[vf] = -1; }
    }
}

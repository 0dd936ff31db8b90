package org.virtiosim.device.firmware.examples;

import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.firmware.FirmwareCommand;
import org.virtiosim.device.firmware.FirmwareContext;
import org.virtiosim.device.firmware.FirmwareProgram;
import org.virtiosim.device.firmware.LegacyOp;

/**
 * Runs more VF resets at once than the reset engine alone, and answers status reads from its own
 * reset-done bitmap. A reset storm (every VF's driver resetting together) queues on the engine's
 * {@code parallel_resets} slots; this firmware hands a reset to the engine while it has a free slot
 * and otherwise runs the reset itself, on up to {@code firmware_cores} firmware "engines" (a timer of
 * {@code reset_cycles}, the same work; then the VF's reset values). A status read while the VF's bit
 * says "resetting" is held and answered when the reset is done (never 0 early); any other status
 * read is answered from the register file at once. Everything else is the device's own behaviour.
 *
 * <p>Firmware memory per VF: the held read's handle (4 bytes) and the bitmap's bit, rounded to a byte.
 */
public final class ResetPipelining implements FirmwareProgram {
    /** {@code device_status}, legacy offset 18 (transport-pci.tex, "Legacy Interfaces"). */
    private static final int DEVICE_STATUS = 0x12;
    private static final int BYTES_PER_VF = 4 + 1;
    private static final int NO_READ = -1;

    private final long accessCycles;
    private final long commandCycles;
    private final long resetCycles;
    private final int engineSlots;
    private final int firmwareEngines;
    private int engineBusy;
    private int firmwareBusy;
    /** Per VF: bit set while its reset runs (the reset-done bitmap, inverted), and which engine runs it. */
    private long[] resetting;
    private long[] onFirmware;
    /** Per VF: the status read held until its reset is done, or {@link #NO_READ}. */
    private int[] heldRead;

    public ResetPipelining(DeviceTiming timing) {
        this.accessCycles = timing.firmwareAccessCycles();
        this.commandCycles = timing.firmwareCommandCycles();
        this.resetCycles = timing.resetCycles();
        this.engineSlots = timing.parallelResets();
        this.firmwareEngines = timing.firmwareCores();
    }

    @Override
    public void onStart(FirmwareContext ctx) {
        int words = (ctx.numVfs() >>> 6) + 1;
        resetting = new long[words];
        onFirmware = new long[words];
        heldRead = new int[ctx.numVfs() + 1];
        java.util.Arrays.fill(heldRead, NO_READ);
        ctx.declareMemoryPerVf(BYTES_PER_VF);
    }

    private static boolean bit(long[] map, int vf) {
        return (map[vf >>> 6] & 1L << vf) != 0;
    }

    private static void set(long[] map, int vf, boolean on) {
        if (on) {
            map[vf >>> 6] |= 1L << vf;
        } else {
            map[vf >>> 6] &= ~(1L << vf);
        }
    }

    @Override
    public void onReset(FirmwareContext ctx, int vf) {
        if (bit(resetting, vf)) {
            return; // already resetting: one reset covers both requests
        }
        set(resetting, vf, true);
        if (engineBusy < engineSlots || firmwareBusy >= firmwareEngines) {
            engineBusy++;
            ctx.startReset(vf); // the engine queues it if every slot is taken
        } else {
            firmwareBusy++;
            set(onFirmware, vf, true);
            ctx.resumeAfter(resetCycles, vf);
        }
    }

    /** The engine finished VF {@code vf}. */
    @Override
    public void onResetDone(FirmwareContext ctx, int vf) {
        engineBusy--;
        resetDone(ctx, vf);
    }

    /** A reset the firmware ran itself is over (token: the VF). */
    @Override
    public void onResume(FirmwareContext ctx, int vf) {
        ctx.busy(accessCycles);
        firmwareBusy--;
        set(onFirmware, vf, false);
        resetDone(ctx, vf);
    }

    private void resetDone(FirmwareContext ctx, int vf) {
        ctx.finishReset(vf);
        set(resetting, vf, false);
        if (heldRead[vf] != NO_READ) {
            ctx.answer(heldRead[vf], ctx.readRegister(vf, DEVICE_STATUS, 1));
            heldRead[vf] = NO_READ;
        }
    }

    @Override
    public void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long value) {
        ctx.busy(accessCycles);
        if (op == LegacyOp.READ && offset == DEVICE_STATUS && size == 1) {
            if (bit(resetting, vf)) {
                heldRead[vf] = ctx.defer();
            } else {
                ctx.answer(ctx.readRegister(vf, DEVICE_STATUS, 1));
            }
        } else {
            ctx.perform();
        }
    }

    @Override
    public void onAdminCommand(FirmwareContext ctx, FirmwareCommand command) {
        ctx.busy(commandCycles);
        ctx.perform();
    }
}

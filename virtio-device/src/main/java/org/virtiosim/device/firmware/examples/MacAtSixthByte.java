package org.virtiosim.device.firmware.examples;

import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.firmware.FirmwareCommand;
import org.virtiosim.device.firmware.FirmwareContext;
import org.virtiosim.device.firmware.FirmwareProgram;
import org.virtiosim.device.firmware.LegacyOp;

/**
 * Applies a MAC only when all six of its bytes have arrived. Linux's legacy virtio_net writes
 * {@code mac[]} one byte at a time (vp_legacy_set, "Naturally, this has an atomicity problem"); a
 * device that applies each byte shows the network five addresses nobody asked for. Pandit in the
 * May 2023 thread: the device "can apply mac address when it reaches the count of byte writes to 6".
 *
 * <p>This firmware keeps, per VF, the bytes written so far in firmware memory and a bitmap of which
 * have arrived; at the sixth it writes the whole MAC to the register file in one 6-byte write (which
 * takes effect whole). Reads of the MAC see the bytes written so far, as the driver wrote them.
 * Every other access is the device's own behaviour.
 */
public final class MacAtSixthByte implements FirmwareProgram {
    /** virtio-net {@code mac[6]} (virtio 1.3 §5.1.4). */
    private static final int MAC_BYTES = 6;
    private static final int ALL_ARRIVED = (1 << MAC_BYTES) - 1;
    /** Firmware memory per VF: the six bytes held, and one byte of arrival bitmap. */
    private static final int BYTES_PER_VF = MAC_BYTES + 1;
    // admin-cmds-legacy-interface.tex: the device config write and read commands.
    private static final int LEGACY_DEV_CFG_WRITE = 0x4;
    private static final int LEGACY_DEV_CFG_READ = 0x5;

    private final long accessCycles;
    private final long commandCycles;
    /** Per VF: the MAC bytes written since the last apply (byte i in bits 8i+7..8i), and which have arrived. */
    private long[] held;
    private int[] arrived;

    public MacAtSixthByte(DeviceTiming timing) {
        this.accessCycles = timing.firmwareAccessCycles();
        this.commandCycles = timing.firmwareCommandCycles();
    }

    @Override
    public void onStart(FirmwareContext ctx) {
        held = new long[ctx.numVfs() + 1];
        arrived = new int[ctx.numVfs() + 1];
        ctx.declareMemoryPerVf(BYTES_PER_VF);
    }

    @Override
    public void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long value) {
        ctx.busy(accessCycles);
        int macByte = offset - ctx.deviceConfigOffset(vf);
        if (!ctx.resetInProgress(vf) && macByte >= 0 && macByte + size <= MAC_BYTES) {
            macAccess(ctx, vf, op, macByte, size, value);
        } else {
            ctx.perform();
        }
    }

    @Override
    public void onAdminCommand(FirmwareContext ctx, FirmwareCommand command) {
        ctx.busy(commandCycles);
        int op = command.opcode();
        int vf = (int) command.groupMemberId();
        int macByte = command.legacyOffset();
        boolean mac = (op == LEGACY_DEV_CFG_WRITE || op == LEGACY_DEV_CFG_READ) && vf >= 1 && vf <= ctx.numVfs()
                && macByte >= 0 && command.length() >= 1 && macByte + command.length() <= MAC_BYTES;
        if (mac && !ctx.resetInProgress(vf)) {
            macAccess(ctx, vf, op == LEGACY_DEV_CFG_WRITE ? LegacyOp.WRITE : LegacyOp.READ, macByte, command.length(), command.dataValue());
        } else {
            ctx.perform();
        }
    }

    /** Bytes {@code [at, at+size)} of VF {@code vf}'s MAC: a write is held until all six have come, a read sees it. */
    private void macAccess(FirmwareContext ctx, int vf, LegacyOp op, int at, int size, long value) {
        int start = ctx.deviceConfigOffset(vf);
        if (op == LegacyOp.READ) {
            long v = ctx.readRegister(vf, start + at, size);
            for (int i = 0; i < size; i++) {
                if ((arrived[vf] & 1 << (at + i)) != 0) {
                    v = v & ~(0xFFL << 8 * i) | (held[vf] >>> 8 * (at + i) & 0xFF) << 8 * i;
                }
            }
            ctx.answer(v);
            return;
        }
        for (int i = 0; i < size; i++) {
            int b = at + i;
            held[vf] = held[vf] & ~(0xFFL << 8 * b) | (value >>> 8 * i & 0xFF) << 8 * b;
            arrived[vf] |= 1 << b;
        }
        if (arrived[vf] == ALL_ARRIVED) {
            ctx.writeRegister(vf, start, MAC_BYTES, held[vf]);
            arrived[vf] = 0;
        }
        ctx.answer(0);
    }

    @Override
    public void onReset(FirmwareContext ctx, int vf) {
        arrived[vf] = 0; // a reset forgets a half-written MAC
        ctx.startReset(vf);
    }
}

package org.virtiosim.device.firmware;

/**
 * The device's own firmware: each legacy access and admin command holds a core for what the cost
 * model says, then the device carries it out as its design does (the scheme's reset policy, the
 * admin command's layout); resets go to the reset engine and are finished when it is done;
 * doorbells go straight to steering. This is how any cost-only {@link Firmware} runs.
 */
public final class DefaultFirmware implements FirmwareProgram {
    private final Firmware costs;

    /** A cost-only firmware as a program: its cycles, then the device's behaviour. */
    public DefaultFirmware(Firmware costs) {
        this.costs = java.util.Objects.requireNonNull(costs, "firmware cost model");
    }

    /** A fixed number of cycles per legacy access and per admin command. */
    public DefaultFirmware(long accessCycles, long commandCycles) {
        this(new FixedCostFirmware(accessCycles, commandCycles));
    }

    /** The cost model it spends. */
    public Firmware costs() {
        return costs;
    }

    @Override
    public void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long value) {
        ctx.busy(costs.legacyAccessCycles(vf, op == LegacyOp.WRITE, offset, size));
        ctx.perform();
    }

    @Override
    public void onAdminCommand(FirmwareContext ctx, FirmwareCommand command) {
        ctx.busy(costs.adminCommandCycles(command.opcode(), (int) command.groupMemberId(), command.dataBytes()));
        ctx.perform();
    }
}

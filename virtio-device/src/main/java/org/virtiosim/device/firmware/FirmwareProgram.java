package org.virtiosim.device.firmware;

/**
 * The device's firmware as a program: handlers that run on its firmware cores, one at a time per
 * core, first come first served, in simulated time. A handler runs when a core takes its event up,
 * acts through {@link FirmwareContext} (spends cycles, reads and writes the VFs' legacy state,
 * DMA, MSI-X) and answers its request, now or later ({@link FirmwareContext#defer}). Handlers are
 * plain calls that return: a handler that must wait (for a reset, a DMA, a timer) leaves a small
 * state of its own and continues in another handler; the kernel stays single-threaded.
 *
 * <p>{@link DefaultFirmware} is the device's behaviour with fixed costs; {@link Firmware} (two cost
 * functions) is a program through it.
 */
public interface FirmwareProgram {
    /** Once, as the device is built: size the program's own state, declare its firmware memory. */
    default void onStart(FirmwareContext ctx) {
    }

    /**
     * A legacy register access that reached the firmware: the window schemes (mmio, pf-window,
     * mmio-direct, cfg-cap) with firmware backing and the indirect pair's operations. {@code value}
     * is a write's data (0 for a read). Must answer or defer.
     */
    void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long value);

    /** An admin command fetched by the aq engine with firmware backing, the legacy access commands included. Must answer or defer. */
    void onAdminCommand(FirmwareContext ctx, FirmwareCommand command);

    /** VF {@code vf}'s reset was requested (status written 0, a Function Level Reset). Runs on no core, at once. */
    default void onReset(FirmwareContext ctx, int vf) {
        ctx.startReset(vf);
    }

    /** The reset engine has finished VF {@code vf}'s reset. Runs on no core, at once. */
    default void onResetDone(FirmwareContext ctx, int vf) {
        ctx.finishReset(vf);
    }

    /** Whether doorbells go through the firmware ({@link #onNotify}) rather than straight to steering. */
    default boolean routesNotifies() {
        return false;
    }

    /** A doorbell of queue {@code queue} of VF {@code vf}, when the program routes them. */
    default void onNotify(FirmwareContext ctx, int vf, int queue) {
        ctx.kick(vf, queue);
    }

    /** A DMA read or a timer the program started has come back with its {@code token}. */
    default void onResume(FirmwareContext ctx, int token) {
    }
}

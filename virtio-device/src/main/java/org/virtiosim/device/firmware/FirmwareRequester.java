package org.virtiosim.device.firmware;

/**
 * The device block that handed a request to the firmware (a legacy window, the indirect pair, an
 * admin queue) and takes its answer back. {@code request} is the block's own handle for it.
 */
public interface FirmwareRequester {
    /** Carry the request out as the device's design does: the answer of the default firmware. */
    void perform(long request);

    /**
     * The firmware answered the request itself: a read (a legacy read, a legacy read command) with
     * {@code value}, a write acknowledged without the device applying it (the firmware applied it
     * to the register file itself, or chose not to), another admin command completed with OK.
     */
    void answer(long request, long value);

    /** The firmware completed an admin command with {@code status} and {@code qualifier} (EAGAIN, say) and no result. */
    default void fail(long request, int status, int qualifier) {
        throw new FirmwareException("only an admin command can be answered with a status; this request is a register access");
    }
}

package org.virtiosim.device.firmware;

/**
 * What the device's firmware costs: the interface a firmware designer implements with their own
 * device's behaviour. Each method answers how many device cycles one piece of work takes on a
 * firmware core; the device runs the work on its cores ({@link FirmwareCores}) and applies the
 * functional effect when the work finishes.
 */
public interface Firmware {
    /** A legacy register access trapped to firmware (mmio with firmware backing, indirect with firmware). */
    long legacyAccessCycles(int vf, boolean write, int offset, int size);

    /** One admin command, from its parsed header to its result being ready to DMA. */
    long adminCommandCycles(int opcode, int vf, int dataBytes);
}

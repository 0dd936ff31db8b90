package org.virtiosim.device.firmware;

/**
 * What the device's firmware costs, as two functions: how many device cycles one piece of work
 * takes on a firmware core. The device runs it as {@link DefaultFirmware}: the work holds a core
 * ({@link FirmwareCores}) for these cycles, then the device applies its functional effect. A
 * firmware whose behaviour differs (when it answers, what it holds back) is a {@link FirmwareProgram}.
 */
public interface Firmware {
    /** A legacy register access trapped to firmware (mmio with firmware backing, indirect with firmware). */
    long legacyAccessCycles(int vf, boolean write, int offset, int size);

    /** One admin command, from its parsed header to its result being ready to DMA. */
    long adminCommandCycles(int opcode, int vf, int dataBytes);
}

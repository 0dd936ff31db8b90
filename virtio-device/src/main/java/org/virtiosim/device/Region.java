package org.virtiosim.device;

/**
 * A block of registers in a BAR, as the device decodes it: the device half of a scheme or a
 * notify route. Offsets are relative to the block. A read is answered, now or later, with
 * {@link DeviceContext#complete(int, long)} on the slot it was given.
 */
public interface Region {
    /** A memory or I/O read of {@code size} bytes; {@code function} is the VF number, 0 for the PF. */
    void read(int function, int offset, int size, int slot);

    /** A memory write (posted) or I/O write (its completion is the device's, not the region's). */
    void write(int function, int offset, int size, long value);
}

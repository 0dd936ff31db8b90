package org.virtiosim.device.notify;

import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.Region;

/**
 * A notify location as the device decodes it: a write names (function, queue), which goes to
 * doorbell steering; a read answers 0. Where the function comes from (the BAR the write hit, the
 * slot in a PF area, the value written) is the route's {@link Decoder}.
 */
public final class DoorbellRegion implements Region {
    /** The VF a notify write names, or 0 if it names none (it is then dropped). */
    @FunctionalInterface
    public interface Decoder {
        int vf(int function, int offset, long value);
    }

    private final DeviceContext device;
    private final Decoder decoder;

    public DoorbellRegion(DeviceContext device, Decoder decoder) {
        this.device = device;
        this.decoder = decoder;
    }

    @Override
    public void read(int function, int offset, int size, int slot) {
        device.complete(slot, 0);
    }

    @Override
    public void write(int function, int offset, int size, long value) {
        int vf = decoder.vf(function, offset, value);
        if (vf >= 1 && vf <= device.numVfs()) {
            if (function == 0) {
                device.decodedFor(vf); // a PF notify area: the slot or the value names the VF
            }
            device.doorbells().notify(vf, (int) value & 0xFFFF);
        }
    }
}

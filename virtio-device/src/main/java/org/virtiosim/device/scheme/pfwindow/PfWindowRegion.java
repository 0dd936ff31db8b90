package org.virtiosim.device.scheme.pfwindow;

import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.Region;
import org.virtiosim.device.window.LegacyWindow;

/**
 * The PF BAR aperture as the device decodes it: offset / stride names the VF (VF 1 first),
 * offset mod stride the register in its window.
 */
final class PfWindowRegion implements Region {
    private final DeviceContext device;
    private final LegacyWindow window;
    private final int stride;

    PfWindowRegion(DeviceContext device, LegacyWindow window, int stride) {
        this.device = device;
        this.window = window;
        this.stride = stride;
    }

    @Override
    public void read(int function, int offset, int size, int slot) {
        device.decodedFor(offset / stride + 1);
        window.read(offset / stride + 1, offset % stride, size, slot);
    }

    @Override
    public void write(int function, int offset, int size, long value) {
        device.decodedFor(offset / stride + 1);
        window.write(offset / stride + 1, offset % stride, size, value);
    }
}

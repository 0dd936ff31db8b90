package org.virtiosim.device.scheme.mmio;

import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.Backing;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.device.scheme.DeviceCost;
import org.virtiosim.device.scheme.DeviceHalf;
import org.virtiosim.device.scheme.LegacyScheme;
import org.virtiosim.device.window.LegacyWindow;

/**
 * {@code mmio}: a legacy register window in each VF's memory BAR2 (the thread's v0; VF BAR0 is
 * hardwired to zero, see {@link Bar}). The
 * hypervisor forwards a trapped access as the same load or store to the window.
 */
public final class MmioScheme implements LegacyScheme {
    public static final String ID = "mmio";
    /** The window's offset in VF BAR2. */
    public static final int WINDOW = 0x000;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "legacy register window in each VF's BAR2: a write is one posted MWr, a read one MRd and its CplD";
    }

    @Override
    public List<Param<?>> knobs() {
        return LegacyWindow.KNOBS;
    }

    @Override
    public DeviceHalf install(DeviceContext device, ParamValues params) {
        return LegacyWindow.inEveryVfBar(device, params, WINDOW);
    }

    @Override
    public LegacyAccessPath host(HostContext host, ParamValues params) {
        return LegacyWindow.hostHalf(host, vf -> host.layout().vfBarAddress(vf) + WINDOW, params);
    }

    @Override
    public DeviceCost cost(ParamValues params, int numVfs, int stateBytes) {
        return DeviceCost.of(params.get(Backing.PARAM), stateBytes, 0, LegacyWindow.SIZE, 0,
                "the legacy register file behind a window in every VF's BAR");
    }
}

package org.virtiosim.device.notify;

import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.host.NotifyAddresses;
import org.virtiosim.device.scheme.DeviceHalf;

/**
 * {@code vf-bar}: a posted 16-bit MWr of the queue index to a notify register in the VF's own
 * BAR2 ({@link #BAR}) — what LEGACY_NOTIFY_INFO reports as the member device's notify address.
 */
public final class VfBarRoute implements NotifyRoute {
    public static final String ID = "vf-bar";
    /** The VF BAR that holds the notify register (VF BAR0 is hardwired to zero). */
    public static final Bar BAR = Bar.VF_BAR2;
    /** The notify register's offset in {@link #BAR}. */
    public static final int OFFSET = 0x200;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "posted 16-bit store to a notify register in the VF's BAR2";
    }

    @Override
    public DeviceHalf install(DeviceContext device, ParamValues params) {
        device.map(BAR, OFFSET, 2, new DoorbellRegion(device, (function, offset, value) -> function));
        return DeviceHalf.NONE;
    }

    @Override
    public NotifyPath host(HostContext host, ParamValues params) {
        NotifyAddresses learnt = NotifyAddresses.of(host);
        return new StoreNotify(host, vf -> learnt.member(vf, host.layout().vfBarAddress(vf) + OFFSET));
    }
}

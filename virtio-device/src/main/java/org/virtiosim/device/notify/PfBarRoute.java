package org.virtiosim.device.notify;

import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.host.NotifyAddresses;
import org.virtiosim.device.scheme.DeviceHalf;

/**
 * {@code pf-bar}: a posted 16-bit MWr to the VF's slot in a notify area of the PF's BAR4 — the
 * owner device's entry of LEGACY_NOTIFY_INFO ({@link #BAR}). The device tells the VF from the slot.
 */
public final class PfBarRoute implements NotifyRoute {
    public static final String ID = "pf-bar";
    /** The PF BAR that holds the notify area: not BAR0, which LEGACY_NOTIFY_INFO cannot name. */
    public static final Bar BAR = Bar.PF_BAR4;
    /** The notify area's offset in {@link #BAR}; it runs to the end of the BAR. */
    public static final int AREA = 0;
    /** Bytes per VF slot: VF n's slot is at {@link #AREA} + (n − 1) × SLOT. */
    public static final int SLOT = 4;

    /** VF {@code vf}'s slot, as an offset in {@link #BAR}. */
    public static long slot(int vf) {
        return AREA + (long) (vf - 1) * SLOT;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "posted 16-bit store to the VF's slot in a notify area of the PF's BAR4";
    }

    @Override
    public DeviceHalf install(DeviceContext device, ParamValues params) {
        device.map(BAR, AREA, BAR.size() - AREA, new DoorbellRegion(device, (function, offset, value) -> offset / SLOT + 1));
        return DeviceHalf.NONE;
    }

    @Override
    public NotifyPath host(HostContext host, ParamValues params) {
        NotifyAddresses learnt = NotifyAddresses.of(host);
        return new StoreNotify(host, vf -> learnt.owner(vf, BAR.base() + slot(vf)));
    }
}

package org.virtiosim.device.scheme.mmiodirect;

import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.Backing;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.device.host.WindowAccessPath;
import org.virtiosim.device.scheme.DeviceCost;
import org.virtiosim.device.scheme.DeviceHalf;
import org.virtiosim.device.scheme.LegacyScheme;
import org.virtiosim.device.window.LegacyWindow;

/**
 * {@code mmio-direct}: "exactly legacy in BAR0, no software glue" (Michael Tsirkin, May 2023
 * virtio-comment thread). The VF's memory BAR holds exactly the legacy layout, the VMM maps it into
 * the guest, and the guest's own legacy driver drives it ({@code pci_iomap} maps a memory BAR as
 * well as an I/O one): a register access is the guest CPU's own load or store, with no VM exit
 * ({@link #trapped()} is false) and no hypervisor in the path.
 *
 * <p>The BAR conflict: the window sits at offset 0 of VF BAR2, the same place as {@code mmio}'s,
 * because VF BAR0 is hardwired to zero ({@link Bar}: a group owner with LEGACY_NOTIFY_INFO must, and
 * Linux's virtio-vfio refuses a VF with a BAR0). "In BAR0" then holds only as the guest sees it: the
 * VMM presents the VF's BAR2 page as the guest's BAR0 (its emulated config space says where BARs
 * are, as vfio-virtio already does for its I/O BAR0). A device that truly put the window in VF BAR0
 * could not also offer LEGACY_NOTIFY_INFO.
 *
 * <p>Consequences the model keeps: the VMM maps whole pages, so the guest's page holds the window
 * and nothing of another function's (one 4 KiB VF BAR2 page per VF, {@link #cost}); a status read
 * during a reset gets what the device answers ({@link LegacyWindow#READ_DURING_RESET}: stall holds
 * the guest's load; stale and host-poll — which has no hypervisor here to poll — answer at once
 * with the pre-reset status, a mismatch); a guest that expects I/O ports (Windows' legacy virtio
 * drivers, as the thread says) cannot use it at all, since a VF has no I/O BAR (SR-IOV §9.3.3.14).
 * Queue notifies still go by the run's notify route and trap (the fairness rule: every scheme's
 * rows carry the same notifies, the notify table compares routes), although a guest writing 0x10 of
 * this mapped window would reach the device with no exit.
 */
public final class MmioDirectScheme implements LegacyScheme {
    public static final String ID = "mmio-direct";
    /** The window's offset in VF BAR2 (the guest's BAR0): the device half is exactly {@code mmio}'s. */
    public static final int WINDOW = 0x000;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "exactly the legacy layout in each VF's memory BAR, mapped into the guest: its own loads and stores, no VM exit";
    }

    @Override
    public List<Param<?>> knobs() {
        return List.of(LegacyWindow.READ_DURING_RESET);
    }

    @Override
    public boolean trapped() {
        return false;
    }

    @Override
    public DeviceHalf install(DeviceContext device, ParamValues params) {
        return LegacyWindow.inEveryVfBar(device, params, WINDOW);
    }

    /** The guest CPU's own access to its mapped window: the load or store mmio's hypervisor makes, never polling. */
    @Override
    public LegacyAccessPath host(HostContext host, ParamValues params) {
        return new WindowAccessPath(host, vf -> host.layout().vfBarAddress(vf) + WINDOW);
    }

    @Override
    public DeviceCost cost(ParamValues params, int numVfs, int stateBytes) {
        return DeviceCost.of(params.get(Backing.PARAM), stateBytes, 0, Bar.VF_BAR2.size(), 0,
                "the legacy register file behind a window a guest maps: a whole VF BAR page each");
    }
}

package org.virtiosim.device.scheme.pfwindow;

import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.Backing;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.device.host.WindowAccessPath;
import org.virtiosim.device.legacy.LegacyLayout;
import org.virtiosim.device.legacy.VirtioNetConfig;
import org.virtiosim.device.scheme.DeviceCost;
import org.virtiosim.device.scheme.DeviceHalf;
import org.virtiosim.device.scheme.LegacyScheme;
import org.virtiosim.device.window.LegacyWindow;

/**
 * {@code pf-window}: a legacy register window per VF inside a PF memory BAR — Michael Tsirkin's
 * "steal space from the PF BAR instead" in the May 2023 virtio-comment thread, so that the VMM
 * "only pokes at PF and not VF". VF n's window is at PF BAR2 + (n − 1) × stride; the device tells
 * the VF from the address. The window behaves as the {@code mmio} scheme's (same backing and
 * read-during-reset knobs, which both schemes read); the host half is the same forwarding,
 * aimed at the PF. PF BAR2, because BAR0 holds the admin queue doorbells (and BAR4 the pf-bar notify
 * area); it is 32-bit non-prefetchable (see {@link Bar}), so requests to it carry 3 DW headers
 * where the VF BAR above 4 GB takes 4 DW.
 */
public final class PfWindowScheme implements LegacyScheme {
    public static final String ID = "pf-window";

    /** Bytes of one window that hold registers: the legacy header with MSI-X, then virtio-net's device config. */
    static final int WINDOW_BYTES = LegacyLayout.MSIX_HEADER_BYTES + VirtioNetConfig.LENGTH;

    public static final Param<Long> STRIDE = Param.of("pf_window_stride", "bytes", (long) Integer.highestOneBit(WINDOW_BYTES - 1) << 1,
            "a power of two, 64..4096", PfWindowScheme::parseStride, String::valueOf,
            "distance between two VFs' windows in the PF BAR",
            "design choice: the smallest power of two holding 0x18 + 10 bytes (legacy header with MSI-X + virtio-net config)")
            .studyValues(List.of(64L, 4096L), "the smallest window, and one 4 KiB page per VF (so a VMM could map each VF's window alone)");

    private static long parseStride(String text) {
        String expected = "expected a power of two from 64 to 4096, got '" + org.virtiosim.core.param.NumberText.echo(text) + "'";
        long v;
        try {
            v = org.virtiosim.core.param.NumberText.whole(text, Integer.highestOneBit(WINDOW_BYTES - 1) << 1, 4096, "bytes");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(expected);
        }
        if (Long.bitCount(v) != 1) {
            throw new IllegalArgumentException(expected);
        }
        return v;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "a legacy window per VF in a PF memory BAR (VF from the address): the VMM only pokes at the PF";
    }

    @Override
    public List<Param<?>> knobs() {
        return List.of(LegacyWindow.READ_DURING_RESET, WindowAccessPath.RESET_POLL_INTERVAL_NS, STRIDE);
    }

    @Override
    public DeviceHalf install(DeviceContext device, ParamValues params) {
        LegacyWindow window = new LegacyWindow(device, params.get(Backing.PARAM), params.get(LegacyWindow.READ_DURING_RESET));
        int stride = (int) (long) params.get(STRIDE);
        device.map(Bar.PF_BAR2, 0, (long) device.numVfs() * stride, new PfWindowRegion(device, window, stride));
        return window;
    }

    @Override
    public LegacyAccessPath host(HostContext host, ParamValues params) {
        long stride = params.get(STRIDE);
        PfWindowMapping mapping = host.shared(PfWindowMapping.class, () -> new PfWindowMapping(host.layout().numVfs()));
        return LegacyWindow.hostHalf(host, vf -> Bar.PF_BAR2.base() + (mapping.window(vf) - 1) * stride, params);
    }

    @Override
    public DeviceCost cost(ParamValues params, int numVfs, int stateBytes) {
        // The PF BAR is a power of two (PCIe §7.5.1.2.1): each VF's share of it, rounding included.
        return DeviceCost.of(params.get(Backing.PARAM), stateBytes, 0, aperture(params.get(STRIDE), numVfs) / numVfs, 0,
                "the legacy register file behind a window per VF in one PF BAR that grows with NumVFs");
    }

    /** The PF BAR's size: NumVFs windows, rounded up to a power of two as every BAR is (PCIe §7.5.1.2.1). */
    static long aperture(long stride, int numVfs) {
        long bytes = stride * numVfs;
        return Long.bitCount(bytes) == 1 ? bytes : Long.highestOneBit(bytes) << 1;
    }
}

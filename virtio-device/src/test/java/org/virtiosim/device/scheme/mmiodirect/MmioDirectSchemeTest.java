package org.virtiosim.device.scheme.mmiodirect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.Backing;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceFixture;
import org.virtiosim.device.DeviceFixture.Done;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.device.host.WindowAccessPath;
import org.virtiosim.device.legacy.LegacyRegister;
import org.virtiosim.device.legacy.VirtioNetConfig;
import org.virtiosim.device.scheme.DeviceCost;
import org.virtiosim.device.window.LegacyWindow;
import org.virtiosim.device.window.LegacyWindow.ReadDuringReset;

/** {@code mmio-direct}: the legacy layout at the start of every VF's BAR2 page, reached by the guest with no trap. */
class MmioDirectSchemeTest {
    private final MmioDirectScheme scheme = new MmioDirectScheme();
    private final DeviceFixture f = new DeviceFixture(2);

    @Test
    void itIsTheOneSchemeWhoseRegisterAccessesDoNotTrap() {
        assertThat(scheme.id()).isEqualTo(MmioDirectScheme.ID).isEqualTo("mmio-direct");
        assertThat(scheme.trapped()).isFalse();
        assertThat(org.virtiosim.device.catalog.Catalog.SCHEMES.require("mmio").trapped()).as("the default").isTrue();
        assertThat(scheme.knobs()).containsExactly(LegacyWindow.READ_DURING_RESET);
    }

    @Test
    void theGuestReachesExactlyTheLegacyLayoutAtOffsetZero() {
        assertThat(scheme.install(f.context(), ParamValues.defaults())).isInstanceOf(LegacyWindow.class);
        LegacyAccessPath guest = scheme.host(f, ParamValues.defaults());
        Done w = f.done();
        Done mac = f.done();
        guest.access(1, true, LegacyRegister.DEVICE_STATUS.offset(), 1, 0x0B, 1, w);
        guest.access(2, false, 0x14, 1, 0, 2, mac);
        f.run();
        assertThat(w.failed()).isFalse();
        assertThat(f.device.vf(1).read(LegacyRegister.DEVICE_STATUS.offset(), 1)).isEqualTo(0x0B);
        assertThat(mac.value()).isEqualTo(VirtioNetConfig.vfMac(2)[0] & 0xFF);
        assertThat(f.toDevice(s -> true)).allMatch(s -> s.tlp().address() >= Bar.VF_BAR2.base(), "VF BAR0 is zero: the window is in BAR2");
    }

    @Test
    void aGuestReadingStatusDuringAResetGetsWhatTheDeviceAnswersForNoHypervisorPolls() {
        ParamValues hostPoll = ParamValues.defaults().with(LegacyWindow.READ_DURING_RESET, ReadDuringReset.HOST_POLL);
        LegacyWindow window = (LegacyWindow) scheme.install(f.context(), hostPoll);
        WindowAccessPath guest = (WindowAccessPath) scheme.host(f, hostPoll);
        f.device.vf(1).write(LegacyRegister.DEVICE_STATUS.offset(), 1, 5);
        Done reset = f.done();
        Done read = f.done();
        guest.access(1, true, LegacyRegister.DEVICE_STATUS.offset(), 1, 0, 1, reset);
        guest.access(1, false, LegacyRegister.DEVICE_STATUS.offset(), 1, 0, 2, read);
        f.run();
        assertThat(guest.resetPolls()).isZero();
        assertThat(read.value()).as("the pre-reset status").isEqualTo(5);
        assertThat(window.staleReads()).isEqualTo(1);
        assertThat(window.stalledReads()).isZero();
    }

    @Test
    void itCostsAWholeVfBarPagePerVf() {
        DeviceCost c = scheme.cost(ParamValues.defaults().with(Backing.PARAM, Backing.HARDWARE), 64, 48);
        assertThat(c.barApertureBytesPerVf()).as("the VMM maps pages into the guest").isEqualTo(Bar.VF_BAR2.size());
        assertThat(c.fastPathBitsPerVf()).isEqualTo(8 * 48);
    }
}

package org.virtiosim.device.scheme.mmio;

import org.virtiosim.device.Backing;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceFixture;
import org.virtiosim.device.DeviceFixture.Done;
import org.virtiosim.device.DeviceFixture.Load;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.device.host.WindowAccessPath;
import org.virtiosim.device.legacy.LegacyRegister;
import org.virtiosim.device.legacy.VirtioNetConfig;
import org.virtiosim.device.scheme.DeviceCost;
import org.virtiosim.device.scheme.DeviceHalf;
import org.virtiosim.device.window.LegacyWindow;
import org.virtiosim.pcie.tlp.CompletionStatus;

/** {@code mmio}: the legacy window at the start of every VF's BAR0; its host half forwards each access as is. */
class MmioSchemeTest {
    private final MmioScheme scheme = new MmioScheme();
    private final DeviceFixture f = new DeviceFixture(2);

    @Test
    void itNamesItselfAndItsKnobs() {
        assertThat(scheme.id()).isEqualTo("mmio").isEqualTo(MmioScheme.ID);
        assertThat(scheme.description()).contains("posted MWr").contains("CplD");
        assertThat(scheme.knobs()).containsExactlyElementsOf(LegacyWindow.KNOBS);
    }

    @Test
    void itInstallsALegacyWindowInEveryVfsBar0() {
        DeviceHalf half = f.install(scheme);
        assertThat(half).isInstanceOf(LegacyWindow.class);
        Load mac = f.load(f.device.layout().vfBarAddress(2) + MmioScheme.WINDOW + 0x14, 1);
        Load status = f.load(f.device.layout().vfBarAddress(1) + MmioScheme.WINDOW + LegacyRegister.DEVICE_STATUS.offset(), 1);
        Load last = f.load(f.device.layout().vfBarAddress(1) + MmioScheme.WINDOW + LegacyWindow.SIZE - 1, 1);
        Load past = f.load(f.device.layout().vfBarAddress(1) + MmioScheme.WINDOW + LegacyWindow.SIZE, 1);
        f.run();
        assertThat(mac.value).isEqualTo(VirtioNetConfig.vfMac(2)[0] & 0xFF);
        assertThat(status.value).isZero();
        assertThat(last.status).as("inside the window, outside the layout: all ones").isEqualTo(CompletionStatus.SC);
        assertThat(last.value).isEqualTo(0xFF);
        assertThat(past.status).as("past the window nothing is mapped by this scheme").isEqualTo(CompletionStatus.UR);
    }

    @Test
    void theKnobsReachTheWindow() {
        ParamValues stale = ParamValues.defaults().with(LegacyWindow.READ_DURING_RESET, LegacyWindow.ReadDuringReset.STALE)
                .with(Backing.PARAM, Backing.FIRMWARE);
        LegacyWindow w = (LegacyWindow) scheme.install(f.context(), stale);
        f.device.vf(1).write(LegacyRegister.DEVICE_STATUS.offset(), 1, 5);
        f.device.surpriseReset(1);
        Load l = f.load(f.device.layout().vfBarAddress(1) + LegacyRegister.DEVICE_STATUS.offset(), 1);
        f.run();
        assertThat(l.value).isEqualTo(5);
        assertThat(w.staleReads()).isEqualTo(1);
        assertThat(f.device.cores().jobs()).as("firmware backing").isEqualTo(1);
    }

    @Test
    void theHostHalfReachesTheWindowEndToEnd() {
        f.install(scheme);
        LegacyAccessPath host = scheme.host(f, ParamValues.defaults());
        Done w = f.done();
        Done r = f.done();
        Done other = f.done();
        host.access(2, true, LegacyRegister.DEVICE_STATUS.offset(), 1, 0x0B, 1, w);
        host.access(2, false, LegacyRegister.DEVICE_STATUS.offset(), 1, 0, 2, r);
        host.access(1, false, LegacyRegister.DEVICE_STATUS.offset(), 1, 0, 3, other);
        f.run();
        assertThat(w.failed()).isFalse();
        assertThat(r.value()).isEqualTo(0x0B);
        assertThat(other.value()).isZero();
        assertThat(host.hostBusyPs()).isPositive();
    }

    @Test
    void itCostsTheWindowInEachVfBarAndNoState() {
        DeviceCost c = scheme.cost(ParamValues.defaults().with(Backing.PARAM, Backing.HARDWARE), 64, 48);
        assertThat(c.fastPathBitsPerVf()).as("the register file in logic").isEqualTo(8 * 48);
        assertThat(c.firmwareBytesPerVf()).isZero();
        assertThat(c.barApertureBytesPerVf()).isEqualTo(LegacyWindow.SIZE);
        assertThat(c.deviceFixedBytes()).isZero();
        assertThat(c.note()).contains("hardware");
        DeviceCost fw = scheme.cost(ParamValues.defaults().with(Backing.PARAM, Backing.FIRMWARE), 1, 48);
        assertThat(fw.fastPathBitsPerVf()).isZero();
        assertThat(fw.firmwareBytesPerVf()).isEqualTo(48);
        assertThat(fw.note()).contains("firmware");
        assertThat(MmioScheme.WINDOW + LegacyWindow.SIZE).isLessThanOrEqualTo((int) Bar.VF_BAR2.size());
    }

    @Test
    void underHostPollTheHypervisorCompletesTheResetWriteOnlyOnceStatusReadsZero() {
        ParamValues hostPoll = ParamValues.defaults().with(LegacyWindow.READ_DURING_RESET, LegacyWindow.ReadDuringReset.HOST_POLL);
        LegacyWindow window = (LegacyWindow) scheme.install(f.context(), hostPoll);
        WindowAccessPath host = (WindowAccessPath) scheme.host(f, hostPoll);
        f.device.vf(1).write(LegacyRegister.DEVICE_STATUS.offset(), 1, 5);
        Done reset = f.done();
        Done other = f.done();
        host.access(1, true, LegacyRegister.DEVICE_STATUS.offset(), 1, 0, 1, reset);
        host.access(2, true, LegacyRegister.DEVICE_STATUS.offset(), 1, 3, 2, other);
        f.run();
        assertThat(reset.failed()).isFalse();
        assertThat(f.device.vf(1).resetInProgress()).isFalse();
        long resetPs = f.device.timing().ps(f.device.timing().resetCycles());
        assertThat(reset.timePs()).as("held until the reset is done").isGreaterThanOrEqualTo(resetPs);
        assertThat(other.timePs()).as("a write that is not a reset is not held").isLessThan(resetPs);
        assertThat(host.resetPolls()).as("one poll saw the pre-reset status at least").isGreaterThanOrEqualTo(2);
        assertThat(window.stalledReads()).as("the device never holds a completion").isZero();
        assertThat(window.staleReads()).isEqualTo(host.resetPolls() - 1);
        assertThat(window.unrequestedStaleReads()).as("they were the host's polls").isZero();
        assertThat(host.hostBusyPs()).isGreaterThanOrEqualTo(resetPs);
    }
}

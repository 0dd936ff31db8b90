package org.virtiosim.device.window;

import org.virtiosim.device.Backing;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceFixture;
import org.virtiosim.device.DeviceFixture.Load;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.firmware.Firmware;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.device.legacy.LegacyRegister;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.legacy.VirtioFeatures;
import org.virtiosim.device.legacy.VirtioNetConfig;
import org.virtiosim.device.window.LegacyWindow.ReadDuringReset;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.TlpType;

/**
 * The legacy register window: the whole legacy register file (virtio 0.9.5 layout) readable with
 * one MRd and its CplD, writable with one posted MWr; backed by hardware registers or by firmware;
 * a status read during a reset either stalls or answers the stale status.
 */
class LegacyWindowTest {
    private static final DeviceTiming T = DeviceTiming.DEFAULT;

    private static DeviceTiming timing(long registerCycles, long firmwareCycles, int cores) {
        return new DeviceTiming(T.clockPs(), registerCycles, firmwareCycles, T.firmwareCommandCycles(), T.dmaRequestCycles(),
                T.doorbellCycles(), T.resetCycles(), T.parallelResets(), cores);
    }

    /** A device with the window in every VF's BAR0 at 0, as the mmio scheme puts it. */
    private static final class Setup {
        final DeviceFixture f;
        final LegacyWindow w;

        Setup(int vfs, DeviceTiming t, Backing b, ReadDuringReset r) {
            this(new DeviceFixture(vfs, t), b, r);
        }

        Setup(DeviceFixture f, Backing b, ReadDuringReset r) {
            this.f = f;
            this.w = new LegacyWindow(f.context(), b, r);
            f.context().map(Bar.VF_BAR2, 0, LegacyWindow.SIZE, w);
        }

        long at(int vf, LegacyRegister r) {
            return f.device.layout().vfBarAddress(vf) + r.offset();
        }

        Load read(int vf, int offset, int size) {
            return f.load(f.device.layout().vfBarAddress(vf) + offset, size);
        }

        Load read(int vf, LegacyRegister r) {
            return read(vf, r.offset(), r.width());
        }

        void write(int vf, LegacyRegister r, long v) {
            f.rc.cpuWrite(at(vf, r), r.width(), v);
        }
    }

    private static long roundTrip(Setup s, int vf, LegacyRegister r) {
        long t0 = s.f.kernel.now();
        Load l = s.read(vf, r);
        s.f.run();
        assertThat(l.status).isEqualTo(CompletionStatus.SC);
        return l.donePs - t0;
    }

    @Test
    void theWindowCoversTheLegacyHeaderWithMsixAndTheDeviceConfig() {
        assertThat(LegacyWindow.SIZE).isGreaterThanOrEqualTo(0x18 + VirtioNetConfig.LENGTH);
        assertThat(LegacyWindow.SIZE).isLessThanOrEqualTo((int) Bar.VF_BAR2.size());
        assertThat(LegacyWindow.READ_DURING_RESET.defaultValue()).isEqualTo(ReadDuringReset.STALL);
    }

    @Test
    void aReadReturnsTheRegisterWithOneCplD() {
        Setup s = new Setup(2, T, Backing.HARDWARE, ReadDuringReset.STALL);
        Load features = s.read(2, LegacyRegister.HOST_FEATURES);
        Load qsize = s.read(1, LegacyRegister.QUEUE_SIZE);
        Load mac0 = s.read(2, LegacyLayoutOffsets.DEVICE_CONFIG, 1);
        s.f.run();
        assertThat(features.value).isEqualTo(VirtioFeatures.VF_NET_HOST_FEATURES & 0xFFFF_FFFFL);
        assertThat(qsize.value).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE);
        assertThat(mac0.value).isEqualTo(VirtioNetConfig.vfMac(2)[0] & 0xFF);
        assertThat(s.f.toHost(x -> x.type() == TlpType.CplD)).hasSize(3);
        assertThat(s.f.toHost).hasSize(3);
        assertThat(s.w.stalledReads()).isZero();
        assertThat(s.w.staleReads()).isZero();
    }

    @Test
    void aWriteIsOnePostedMwrAndReachesTheVfsRegisters() {
        Setup s = new Setup(3, T, Backing.HARDWARE, ReadDuringReset.STALL);
        s.write(3, LegacyRegister.DEVICE_STATUS, 0x03);
        s.write(3, LegacyRegister.QUEUE_SELECT, 2);
        s.f.run();
        assertThat(s.f.device.vf(3).status()).isEqualTo(0x03);
        assertThat(s.f.device.vf(3).queueSelect()).isEqualTo(2);
        assertThat(s.f.device.vf(1).status()).isZero();
        assertThat(s.f.device.vf(2).status()).isZero();
        assertThat(s.f.toDevice).extracting(DeviceFixture.Seen::type).containsOnly(TlpType.MWr64);
        assertThat(s.f.toHost).as("posted: no completion").isEmpty();
    }

    @Test
    void aReadSeesTheWriteBeforeIt() {
        Setup s = new Setup(1, T, Backing.HARDWARE, ReadDuringReset.STALL);
        s.write(1, LegacyRegister.GUEST_FEATURES, 0x0FFF_FFFFL); // without VIRTIO_F_BAD_FEATURE (bit 30)
        Load l = s.read(1, LegacyRegister.GUEST_FEATURES);
        s.write(1, LegacyRegister.QUEUE_SELECT, 1);
        Load sel = s.read(1, LegacyRegister.QUEUE_SELECT);
        s.f.run();
        assertThat(l.value).as("guest features are masked by the host features").isEqualTo(VirtioFeatures.VF_NET_HOST_FEATURES & 0x0FFF_FFFFL);
        assertThat(sel.value).isEqualTo(1);
    }

    @Test
    void hardwareRegistersAnswerInRegisterTime() {
        long fast = roundTrip(new Setup(1, timing(20, 400, 2), Backing.HARDWARE, ReadDuringReset.STALL), 1, LegacyRegister.QUEUE_SIZE);
        long slow = roundTrip(new Setup(1, timing(520, 400, 2), Backing.HARDWARE, ReadDuringReset.STALL), 1, LegacyRegister.QUEUE_SIZE);
        assertThat(slow - fast).isEqualTo(T.ps(500));
        // Hardware backing keeps firmware out of it: its cycles do not matter.
        long otherFw = roundTrip(new Setup(1, timing(20, 9000, 2), Backing.HARDWARE, ReadDuringReset.STALL), 1, LegacyRegister.QUEUE_SIZE);
        assertThat(otherFw).isEqualTo(fast);
    }

    @Test
    void firmwareTakesItsCyclesOnAFirmwareCore() {
        long hw = roundTrip(new Setup(1, timing(20, 400, 2), Backing.HARDWARE, ReadDuringReset.STALL), 1, LegacyRegister.QUEUE_SIZE);
        Setup fw = new Setup(1, timing(20, 400, 2), Backing.FIRMWARE, ReadDuringReset.STALL);
        long viaFw = roundTrip(fw, 1, LegacyRegister.QUEUE_SIZE);
        assertThat(viaFw - hw).isEqualTo(T.ps(400 - 20));
        assertThat(fw.f.device.cores().jobs()).isEqualTo(1);
        assertThat(fw.f.device.cores().busyPs()).isEqualTo(T.ps(400));
    }

    @Test
    void hardwareBackingUsesNoFirmwareCore() {
        Setup s = new Setup(2, T, Backing.HARDWARE, ReadDuringReset.STALL);
        s.read(1, LegacyRegister.QUEUE_SIZE);
        s.write(2, LegacyRegister.DEVICE_STATUS, 1);
        s.f.run();
        assertThat(s.f.device.cores().jobs()).isZero();
    }

    @Test
    void firmwareIsAskedForEachAccessWithWhatItIs() {
        List<String> asked = new ArrayList<>();
        Firmware fw = new Firmware() {
            @Override
            public long legacyAccessCycles(int vf, boolean write, int offset, int size) {
                asked.add(vf + (write ? " W " : " R ") + offset + "/" + size);
                return 100;
            }

            @Override
            public long adminCommandCycles(int opcode, int vf, int dataBytes) {
                return 0;
            }
        };
        Setup s = new Setup(new DeviceFixture(2, T, fw, DeviceFixture.COMPLETION_TIMEOUT_PS, HostTiming.DEFAULT),
                Backing.FIRMWARE, ReadDuringReset.STALL);
        s.write(2, LegacyRegister.DEVICE_STATUS, 1);
        s.f.run();
        s.read(1, LegacyRegister.QUEUE_SIZE);
        s.f.run();
        assertThat(asked).containsExactly("2 W 18/1", "1 R 12/2");
        assertThat(s.f.device.vf(2).status()).isEqualTo(1);
    }

    @Test
    void firmwareCoresAreShared_hardwareRegistersAreNot() {
        long fw = 10_000;
        // One firmware core: two VFs' reads at once are carried out one after the other.
        Setup one = new Setup(2, timing(20, fw, 1), Backing.FIRMWARE, ReadDuringReset.STALL);
        Load a = one.read(1, LegacyRegister.QUEUE_SIZE);
        Load b = one.read(2, LegacyRegister.QUEUE_SIZE);
        one.f.run();
        assertThat(Math.abs(b.donePs - a.donePs)).isGreaterThanOrEqualTo(T.ps(fw));
        // Hardware: each VF's registers answer on their own.
        Setup hw = new Setup(2, timing(fw, 400, 1), Backing.HARDWARE, ReadDuringReset.STALL);
        Load c = hw.read(1, LegacyRegister.QUEUE_SIZE);
        Load d = hw.read(2, LegacyRegister.QUEUE_SIZE);
        hw.f.run();
        assertThat(Math.abs(d.donePs - c.donePs)).isLessThan(T.ps(fw));
    }

    @Test
    void aVfsAccessesAreCarriedOutOneAtATime() {
        long r = 10_000;
        Setup s = new Setup(1, timing(r, 400, 2), Backing.HARDWARE, ReadDuringReset.STALL);
        Load a = s.read(1, LegacyRegister.QUEUE_SIZE);
        Load b = s.read(1, LegacyRegister.HOST_FEATURES);
        s.f.run();
        assertThat(b.donePs - a.donePs).isGreaterThanOrEqualTo(T.ps(r));
        assertThat(b.value).isEqualTo(VirtioFeatures.VF_NET_HOST_FEATURES & 0xFFFF_FFFFL);
    }

    @Test
    void aStatusReadDuringAResetStallsUntilTheResetIsDone() {
        Setup s = new Setup(2, T, Backing.HARDWARE, ReadDuringReset.STALL);
        s.write(1, LegacyRegister.DEVICE_STATUS, 0x07);
        s.f.run();
        long t0 = s.f.kernel.now();
        s.write(1, LegacyRegister.DEVICE_STATUS, 0);
        Load l = s.read(1, LegacyRegister.DEVICE_STATUS);
        Load other = s.read(2, LegacyRegister.DEVICE_STATUS);
        s.f.run();
        long resetPs = T.ps(T.resetCycles());
        assertThat(l.value).as("read back after the reset: 0, as the driver expects").isZero();
        assertThat(l.donePs - t0).isGreaterThan(resetPs);
        assertThat(other.donePs - t0).as("another VF is not held").isLessThan(resetPs);
        assertThat(s.w.stalledReads()).isEqualTo(1);
        assertThat(s.w.staleReads()).isZero();
        assertThat(s.w.unrequestedStaleReads()).isZero();
        assertThat(s.w.maxStallPs()).isBetween(resetPs - T.ps(T.registerCycles()), resetPs);
        assertThat(s.f.completionsFor(s.f.toDevice(x -> x.type() == TlpType.MRd64).get(0).tlp().tag())).hasSize(1);
    }

    @Test
    void aStallLastsAsLongAsTheResetTakes() {
        DeviceTiming slowReset = new DeviceTiming(T.clockPs(), T.registerCycles(), T.firmwareAccessCycles(), T.firmwareCommandCycles(),
                T.dmaRequestCycles(), T.doorbellCycles(), 3 * T.resetCycles(), T.parallelResets(), T.firmwareCores());
        Setup s = new Setup(1, slowReset, Backing.HARDWARE, ReadDuringReset.STALL);
        s.f.device.surpriseReset(1);
        Load l = s.read(1, LegacyRegister.DEVICE_STATUS);
        s.f.run();
        assertThat(l.donePs).isGreaterThan(3 * T.ps(T.resetCycles()));
        assertThat(s.w.maxStallPs()).isGreaterThan(2 * T.ps(T.resetCycles()));
    }

    @Test
    void aStaleReadAnswersAtOnceWithThePreResetStatus() {
        Setup s = new Setup(1, T, Backing.HARDWARE, ReadDuringReset.STALE);
        s.write(1, LegacyRegister.DEVICE_STATUS, 0x07);
        s.f.run();
        long t0 = s.f.kernel.now();
        s.write(1, LegacyRegister.DEVICE_STATUS, 0);
        Load l = s.read(1, LegacyRegister.DEVICE_STATUS);
        s.f.run();
        assertThat(l.value).as("the status from before the reset").isEqualTo(0x07);
        assertThat(l.donePs - t0).isLessThan(T.ps(T.resetCycles()));
        assertThat(s.w.staleReads()).isEqualTo(1);
        assertThat(s.w.stalledReads()).isZero();
        assertThat(s.w.maxStallPs()).isZero();
        assertThat(s.w.unrequestedStaleReads()).as("stale reads are what this configuration asked for").isZero();
        assertThat(s.f.device.vf(1).status()).isZero();
    }

    @Test
    void aReadOutsideTheLegacyLayoutReturnsAllOnes() {
        Setup s = new Setup(1, T, Backing.HARDWARE, ReadDuringReset.STALL);
        Load beyond = s.read(1, 0xF0, 4);
        Load misaligned = s.read(1, 0x01, 1); // inside host features
        Load wrongWidth = s.read(1, LegacyRegister.QUEUE_SIZE.offset(), 4);
        Load pastConfig = s.read(1, 0x14 + VirtioNetConfig.LENGTH, 2);
        s.f.run();
        assertThat(beyond.value).isEqualTo(0xFFFF_FFFFL);
        assertThat(misaligned.value).isEqualTo(0xFF);
        assertThat(wrongWidth.value).isEqualTo(0xFFFF_FFFFL);
        assertThat(pastConfig.value).isEqualTo(0xFFFF);
        assertThat(beyond.status).isEqualTo(CompletionStatus.SC);
        assertThat(s.f.toHost).hasSize(4);
    }

    @Test
    void aFirmwareBackedReadDuringAResetStallsToo() {
        Setup s = new Setup(1, T, Backing.FIRMWARE, ReadDuringReset.STALL);
        s.f.device.surpriseReset(1);
        Load l = s.read(1, LegacyRegister.DEVICE_STATUS);
        s.f.run();
        assertThat(l.donePs).isGreaterThan(T.ps(T.resetCycles()));
        assertThat(s.w.stalledReads()).isEqualTo(1);
    }

    /** Offsets the test needs beyond the header registers. */
    private static final class LegacyLayoutOffsets {
        static final int DEVICE_CONFIG = 0x14; // MSI-X off
    }

    @Test
    void aWriteWhereTheLayoutHasNoRegisterIsDroppedAndCounted() {
        Setup s = new Setup(2, T, Backing.HARDWARE, ReadDuringReset.STALL);
        s.f.rc.cpuWrite(s.f.device.layout().vfBarAddress(1) + 0xF0, 4, 0xDEAD_BEEFL); // past the layout, inside the window
        s.f.rc.cpuWrite(s.f.device.layout().vfBarAddress(1) + LegacyRegister.DEVICE_STATUS.offset(), 4, 1); // status is one byte wide
        s.f.run();
        assertThat(s.w.droppedWrites()).isEqualTo(2);
        assertThat(s.f.device.vf(1).status()).isZero();
        s.write(1, LegacyRegister.DEVICE_STATUS, 1);
        s.f.run();
        assertThat(s.f.device.vf(1).status()).as("the window still works").isEqualTo(1);
    }

    @Test
    void aCompletionNamesTheVfWhoseBarWasReadAsItsCompleter() {
        Setup s = new Setup(3, T, Backing.HARDWARE, ReadDuringReset.STALL);
        Load l = s.read(3, LegacyRegister.DEVICE_STATUS);
        s.f.run();
        assertThat(l.status).isEqualTo(CompletionStatus.SC);
        var cpl = s.f.toHost(x -> x.type() == TlpType.CplD);
        assertThat(cpl).hasSize(1);
        assertThat(cpl.get(0).tlp().completerId()).as("PCIe §2.2.9: the completing function").isEqualTo(s.f.device.layout().vfRoutingId(3));
    }
}

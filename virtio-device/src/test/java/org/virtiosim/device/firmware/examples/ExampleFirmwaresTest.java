package org.virtiosim.device.firmware.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.virtiosim.device.Backing;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceFixture;
import org.virtiosim.device.DeviceFixture.Load;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.catalog.Firmwares;
import org.virtiosim.device.firmware.FirmwareProgram;
import org.virtiosim.device.legacy.LegacyLayout;
import org.virtiosim.device.window.LegacyWindow;
import org.virtiosim.device.window.LegacyWindow.ReadDuringReset;

/** The three example firmwares, each on a device with a firmware-backed legacy window in every VF's BAR2. */
class ExampleFirmwaresTest {
    private static final DeviceTiming T = DeviceTiming.DEFAULT;
    private static final int STATUS = 0x12;

    private static DeviceTiming timing(int parallelResets, int cores) {
        return new DeviceTiming(T.clockPs(), T.registerCycles(), T.firmwareAccessCycles(), T.firmwareCommandCycles(),
                T.dmaRequestCycles(), T.doorbellCycles(), T.resetCycles(), parallelResets, cores);
    }

    private static DeviceFixture device(int vfs, DeviceTiming t, FirmwareProgram p) {
        DeviceFixture f = new DeviceFixture(vfs, t, p);
        f.context().map(Bar.VF_BAR2, 0, LegacyWindow.SIZE, new LegacyWindow(f.context(), Backing.FIRMWARE, ReadDuringReset.STALE));
        return f;
    }

    private static long status(DeviceFixture f, int vf) {
        return f.device.layout().vfBarAddress(vf) + STATUS;
    }

    @Test
    void everyExampleIsInTheRegistryByItsId() {
        assertThat(Firmwares.REGISTRY.require("mac-sixth-byte").program().apply(T)).isInstanceOf(MacAtSixthByte.class);
        assertThat(Firmwares.REGISTRY.require("reset-pipelining").program().apply(T)).isInstanceOf(ResetPipelining.class);
        assertThat(Firmwares.REGISTRY.require("buggy-early-status").program().apply(T)).isInstanceOf(BuggyEarlyStatus.class);
    }

    @Test
    void resetPipeliningRunsResetsBeyondTheEnginesSlotsOnFirmwareEnginesAndHoldsStatusReads() {
        // One engine slot and two firmware cores: three resets at once all end after one reset time.
        DeviceTiming t = timing(1, 2);
        DeviceFixture f = device(3, t, new ResetPipelining(t));
        for (int vf = 1; vf <= 3; vf++) {
            f.rc.cpuWrite(status(f, vf), 1, 0x0F);
        }
        f.run();
        long start = f.kernel.now();
        Load[] reads = new Load[4];
        for (int vf = 1; vf <= 3; vf++) {
            f.rc.cpuWrite(status(f, vf), 1, 0);
            reads[vf] = f.load(status(f, vf), 1);
        }
        f.run();
        for (int vf = 1; vf <= 3; vf++) {
            assertThat(reads[vf].value).as("VF %d: the held status read answers the reset's end", vf).isZero();
            assertThat(reads[vf].donePs - start).as("VF %d waits for a whole reset", vf).isGreaterThanOrEqualTo(t.ps(t.resetCycles()));
            assertThat(reads[vf].donePs - start).as("VF %d: not queued behind another reset", vf).isLessThan(2 * t.ps(t.resetCycles()));
            assertThat(f.device.vf(vf).resetInProgress()).isFalse();
        }
        assertThat(f.device.firmware().deferredPending()).isZero();
        assertThat(f.device.firmware().audit().earlyStatusAnswers()).isZero();
        assertThat(f.device.firmware().crossVfAccesses()).isZero();
        assertThat(f.device.firmware().memoryBytesPerVf()).isEqualTo(5);
    }

    @Test
    void theDefaultFirmwareQueuesTheSameResetsOnTheEngine() {
        // The control for the test above: with the engine alone the third reset is still running after two and a half reset times.
        DeviceTiming t = timing(1, 2);
        DeviceFixture f = device(3, t, Firmwares.REGISTRY.require("default").program().apply(t));
        f.run();
        long start = f.kernel.now();
        for (int vf = 1; vf <= 3; vf++) {
            f.rc.cpuWrite(status(f, vf), 1, 0);
        }
        f.kernel.run(start + 5 * t.ps(t.resetCycles()) / 2);
        long resetting = java.util.stream.IntStream.rangeClosed(1, 3).filter(vf -> f.device.vf(vf).resetInProgress()).count();
        assertThat(resetting).isEqualTo(1);
        f.run();
        assertThat(f.device.vf(3).resetInProgress()).isFalse();
    }

    @Test
    void buggyEarlyStatusAnswers0BeforeTheResetEndsAndIsRecorded() {
        DeviceFixture f = device(1, T, new BuggyEarlyStatus(T));
        f.rc.cpuWrite(status(f, 1), 1, 0x0F);
        f.run();
        f.rc.cpuWrite(status(f, 1), 1, 0);
        Load l = f.load(status(f, 1), 1);
        long issued = f.kernel.now();
        f.kernel.run(issued + T.ps(T.resetCycles()) / 2);
        assertThat(l.done()).as("answered long before the reset's end").isTrue();
        assertThat(l.value).isZero();
        assertThat(f.device.vf(1).resetInProgress()).isTrue();
        f.run();
        assertThat(f.device.firmware().audit().firstEarlyStatus()).startsWith("VF 1 device_status (legacy offset 0x12)").contains("expected 0xf");
    }

    @Test
    void macAtSixthByteHoldsFiveBytesAndAppliesTheSixthWhole() {
        DeviceFixture f = device(1, T, new MacAtSixthByte(T));
        int mac = LegacyLayout.deviceConfigStart(false);
        long base = f.device.layout().vfBarAddress(1);
        long wanted = 0x0000_5A4B_3C2D_1E0FL;
        for (int i = 0; i < 5; i++) {
            f.rc.cpuWrite(base + mac + i, 1, wanted >>> (8 * i) & 0xFF);
        }
        f.run();
        assertThat(f.device.vf(1).read(mac, 1) & 0xFF).as("the register file keeps the old MAC").isEqualTo(0x02);
        Load partial = f.load(base + mac, 2);
        f.run();
        assertThat(partial.value).as("a read sees the bytes written so far").isEqualTo(wanted & 0xFFFF);
        f.rc.cpuWrite(base + mac + 5, 1, wanted >>> 40 & 0xFF);
        f.run();
        long now = 0;
        for (int i = 0; i < 6; i++) {
            now |= (long) (f.device.vf(1).read(mac + i, 1) & 0xFF) << (8 * i);
        }
        assertThat(now).isEqualTo(wanted);
        assertThat(f.device.vf(1).config().intermediateValues()).isZero();
        assertThat(f.device.firmware().memoryBytesPerVf()).isEqualTo(7);
    }
}

package org.virtiosim.device.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.virtiosim.device.DeviceTiming;

/** The default firmware charges one fixed cost per access and one per admin command, whatever they are. */
class FixedCostFirmwareTest {
    @Test
    void costsAreTheTimingKnobsWhateverTheWork() {
        DeviceTiming t = new DeviceTiming(1000, 20, 333, 4444, 10, 10, 20_000, 8, 2);
        Firmware fw = new FixedCostFirmware(t.firmwareAccessCycles(), t.firmwareCommandCycles());
        assertThat(fw.legacyAccessCycles(1, false, 0x12, 1)).isEqualTo(333);
        assertThat(fw.legacyAccessCycles(4096, true, 0x04, 4)).isEqualTo(333);
        assertThat(fw.adminCommandCycles(0x0002, 1, 4)).isEqualTo(4444);
        assertThat(fw.adminCommandCycles(0x0005, 99, 0)).isEqualTo(4444);
    }

    @Test
    void defaultsAreThoseOfDeviceTiming() {
        Firmware fw = new FixedCostFirmware(DeviceTiming.DEFAULT.firmwareAccessCycles(), DeviceTiming.DEFAULT.firmwareCommandCycles());
        assertThat(fw.legacyAccessCycles(1, true, 0x12, 1)).isEqualTo(400);
        assertThat(fw.adminCommandCycles(0x0002, 1, 4)).isEqualTo(1500);
    }

    @Test
    void zeroCyclesAreAllowed() {
        FixedCostFirmware fw = new FixedCostFirmware(0, 0);
        org.assertj.core.api.Assertions.assertThat(fw.legacyAccessCycles(1, true, 0, 4)).isZero();
        org.assertj.core.api.Assertions.assertThat(fw.adminCommandCycles(2, 1, 9)).isZero();
    }
}

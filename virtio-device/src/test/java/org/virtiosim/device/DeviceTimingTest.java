package org.virtiosim.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.virtiosim.pcie.txn.DmaEngineTiming;
import org.virtiosim.core.param.ParamValues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The device's timing knobs: the defaults of docs/parameters.md and the ranges the record accepts. */
class DeviceTimingTest {
    /** Field order of the record: clock, register, fw access, fw command, DMA, doorbell, reset, parallel resets, fw cores. */
    private static final long[] VALID = {1000, 20, 400, 1500, 10, 10, 20_000, 8, 2};

    private static DeviceTiming with(int field, long value) {
        long[] v = VALID.clone();
        v[field] = value;
        return new DeviceTiming(v[0], v[1], v[2], v[3], v[4], v[5], v[6], (int) v[7], (int) v[8]);
    }

    @Test
    void defaultsAreTheTableInParametersMd() {
        DeviceTiming d = DeviceTiming.DEFAULT;
        assertThat(d.clockPs()).as("1000 MHz device clock").isEqualTo(1000);
        assertThat(d.registerCycles()).isEqualTo(20);
        assertThat(d.firmwareAccessCycles()).isEqualTo(400);
        assertThat(d.firmwareCommandCycles()).isEqualTo(1500);
        assertThat(d.dmaRequestCycles()).as("dma_request_ns 21.1 at 1 GHz").isEqualTo(21);
        assertThat(d.doorbellCycles()).isEqualTo(10);
        assertThat(d.resetCycles()).isEqualTo(20_000);
        assertThat(d.parallelResets()).isEqualTo(8);
        assertThat(d.firmwareCores()).isEqualTo(2);
        assertThat(d.ps(d.resetCycles())).as("a VF reset is 20 us").isEqualTo(20_000_000L);
    }

    @Test
    void psIsCyclesTimesTheClockPeriod() {
        DeviceTiming t = with(0, 1250); // 800 MHz
        assertThat(t.ps(0)).isZero();
        assertThat(t.ps(1)).isEqualTo(1250);
        assertThat(t.ps(400)).isEqualTo(500_000);
        assertThat(with(0, 1).ps(7)).as("a 1 ps clock: cycles are ps").isEqualTo(7);
    }

    @Test
    void theClockPeriodMustBePositive() {
        assertThatThrownBy(() -> with(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> with(0, -1000)).isInstanceOf(IllegalArgumentException.class);
        assertThat(with(0, 1).clockPs()).isEqualTo(1);
    }

    /** Every cycle count may be 0 (an ideal component) but not negative. */
    @ParameterizedTest(name = "field {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void cycleCountsMayBeZeroButNotNegative(int field) {
        assertThatThrownBy(() -> with(field, -1)).isInstanceOf(IllegalArgumentException.class);
        DeviceTiming zero = with(field, 0);
        assertThat(new long[] {zero.registerCycles(), zero.firmwareAccessCycles(), zero.firmwareCommandCycles(),
            zero.dmaRequestCycles(), zero.doorbellCycles(), zero.resetCycles()}[field - 1]).isZero();
    }

    /** There is at least one reset slot and one firmware core, or nothing would ever finish. */
    @ParameterizedTest(name = "field {0}")
    @ValueSource(ints = {7, 8})
    void resetSlotsAndFirmwareCoresAreAtLeastOne(int field) {
        assertThatThrownBy(() -> with(field, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> with(field, -1)).isInstanceOf(IllegalArgumentException.class);
        DeviceTiming one = with(field, 1);
        assertThat(field == 7 ? one.parallelResets() : one.firmwareCores()).isEqualTo(1);
    }

    @Test
    void fromDefaultParametersIsTheDefault() {
        org.assertj.core.api.Assertions.assertThat(DeviceTiming.from(org.virtiosim.core.param.ParamValues.defaults()))
                .isEqualTo(DeviceTiming.DEFAULT);
    }

    @Test
    void theDmaEngineRequestTimeIsTheDmaRequestNsParameterInDeviceCycles() {
        ParamValues p = ParamValues.defaults();
        assertThat(DeviceTiming.from(p).dmaRequestCycles()).isEqualTo(DeviceTiming.DEFAULT.dmaRequestCycles());
        assertThat(DeviceTiming.from(p.with(DmaEngineTiming.REQUEST_NS, 50.4)).dmaRequestCycles()).isEqualTo(50);
        assertThat(DeviceTiming.from(p.with(DmaEngineTiming.REQUEST_NS, 0.2)).dmaRequestCycles()).as("a non-zero time is a cycle").isEqualTo(1);
        assertThat(DeviceTiming.from(p.with(DmaEngineTiming.REQUEST_NS, 0.0)).dmaRequestCycles()).isZero();
    }
}

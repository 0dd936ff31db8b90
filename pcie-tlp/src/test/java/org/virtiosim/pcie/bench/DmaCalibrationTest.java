package org.virtiosim.pcie.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.pcie.host.HostModel;
import org.virtiosim.pcie.txn.DmaEngineTiming;

/**
 * The device DMA engine against the pcie-bench data set: the declared defaults are what fitting
 * at 64 B and 2 KiB gives, the fitted sizes are met, the engine's request time is what holds 64 B
 * writes below the link's rate, and every other size is a prediction whose error is bounded.
 */
class DmaCalibrationTest {
    private final DmaCalibration defaults = new DmaCalibration();

    @Test
    void theDeclaredDefaultsAreTheFitAtTheTwoFitSizes() {
        DmaCalibration.Fit fit = DmaCalibration.fit(LatencyBench.CALIBRATION_LINK, HostModel.DEFAULT);
        assertThat(DmaEngineTiming.DEFAULT.requestPs() / 1000.0).isCloseTo(fit.requestNs(), within(0.05));
        assertThat((double) DmaEngineTiming.DEFAULT.readBytePs()).isCloseTo(fit.readBytePs(), within(1.0));
        assertThat(HostModel.DEFAULT.rootComplex().memoryReadPs() / 1000.0).isCloseTo(fit.memoryReadNs(), within(0.5));
    }

    @Test
    void theFittedSizesAreMetAndEveryOtherReadSizeIsWithinFivePercent() {
        List<DmaCalibration.Row> rows = defaults.readLatency(DmaCalibration.readSizes());
        assertThat(rows).hasSize(PcieBenchData.READ_LATENCY_NS.size());
        assertThat(rows.stream().filter(DmaCalibration.Row::fitted).map(DmaCalibration.Row::sizeBytes))
                .containsExactly(PcieBenchData.FIT_SMALL, PcieBenchData.FIT_LARGE);
        for (DmaCalibration.Row r : rows) {
            double bound = r.fitted() ? 0.5 : 5.0;
            assertThat(Math.abs(r.errorPct())).as("%d B: sim %.1f vs %.1f ns", r.sizeBytes(), r.simulated(), r.measured())
                    .isLessThan(bound);
        }
    }

    @Test
    void readLatencyGrowsWithSize() {
        List<DmaCalibration.Row> rows = defaults.readLatency(List.of(64, 256, 1024, 2048));
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).simulated()).isGreaterThan(rows.get(i - 1).simulated());
        }
    }

    @Test
    void theRequestTimeNotTheLinkLimits64ByteWrites() {
        double withEngine = defaults.writeThroughput(List.of(64)).get(0).simulated();
        double linkOnly = defaults.linkOnlyWriteGbps(64);
        assertThat(withEngine).isCloseTo(64 * 8 / (DmaEngineTiming.DEFAULT.requestPs() / 1000.0), within(0.3));
        assertThat(withEngine).isCloseTo(PcieBenchData.at(PcieBenchData.WRITE_GBPS, 64).value(), within(0.3));
        assertThat(linkOnly).as("the link alone: pcie-bench's model").isCloseTo(
                PcieBenchModel.writeGbps(LatencyBench.CALIBRATION_LINK, 64), within(1.0));
        assertThat(withEngine).isLessThan(linkOnly * 0.7);
    }

    @Test
    void largeWritesAreLinkLimitedWithOrWithoutTheEngine() {
        DmaCalibration.Row r = defaults.writeThroughput(List.of(1024)).get(0);
        assertThat(r.simulated()).isCloseTo(defaults.linkOnlyWriteGbps(1024), within(0.5));
        assertThat(Math.abs(r.errorPct())).isLessThan(5);
    }

    @Test
    void aSizeWithoutAMeasurementIsRefusedNamingTheMeasuredSizes() {
        assertThatThrownBy(() -> defaults.readLatency(List.of(100))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100 B").hasMessageContaining("2048");
    }
}

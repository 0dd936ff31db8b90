package org.virtiosim.pcie.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.virtiosim.pcie.link.DllpPolicy;
import org.virtiosim.pcie.link.LinkConfig;
import org.virtiosim.pcie.link.LinkGeneration;
import org.virtiosim.pcie.txn.DmaEngineTiming;

/**
 * The stream's memory does not grow with the transfer size: at the largest size {@code bench pcie-bw} admits
 * (16 MiB) the host buffer wraps within a fixed span and the payload streamed is bounded, and the stream runs.
 */
class DmaStreamMaxSizeTest {
    private static final int MAX_SIZE = 1 << 24;

    @ParameterizedTest
    @EnumSource(Direction.class)
    void theLargestTransferStreamsWithinBoundedMemory(Direction d) {
        int transfers = DmaStreamBench.transfersFor(MAX_SIZE);
        assertThat((long) transfers * MAX_SIZE).isLessThanOrEqualTo(64L << 20);
        for (int i = 0; i < transfers; i++) {
            long a = DmaStreamBench.transferAddress(i, MAX_SIZE);
            assertThat(a).isBetween(DmaStreamBench.HOST_BUFFER, DmaStreamBench.HOST_BUFFER + DmaStreamBench.BUFFER_SPAN);
            assertThat((a - DmaStreamBench.HOST_BUFFER) % 4096).isEqualTo((long) i * MAX_SIZE % 4096); // boundaries fall alike
        }
        LinkConfig cfg = new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.PCIE_BENCH, LatencyBench.DEFAULT_FLIGHT_PS);
        BandwidthResult r = new DmaStreamBench(cfg, 512, d, DmaEngineTiming.NONE).run(MAX_SIZE);
        assertThat(r.gbps()).isPositive().isLessThan(cfg.generation().gigabitsPerSecond(8));
    }

    @Test
    void theDefaultSizesKeepTheirTransferCounts() {
        assertThat(DmaStreamBench.transfersFor(64)).isEqualTo(65536);
        assertThat(DmaStreamBench.transfersFor(4096)).isEqualTo(2000);
        assertThat(DmaStreamBench.transfersFor(32768)).isEqualTo(2000);
    }
}

package org.virtiosim.pcie.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.virtiosim.pcie.host.HostModel;
import org.virtiosim.pcie.txn.DmaEngineTiming;

/** The default timing parameters reproduce the published latency anchors (within 10% or in range). */
class LatencyAnchorsTest {
    @Test
    void everyAnchorAgrees() {
        for (LatencyAnchor a : new LatencyBench().run()) {
            assertThat(a.agrees()).as("%s: %.1f ns vs %.0f..%.0f ns", a.name(), a.simulatedNs(), a.targetLowNs(),
                    a.targetHighNs()).isTrue();
        }
    }

    @Test
    void theAnchorsAreTheOnesTheIssuesSet() {
        assertThat(new LatencyBench().run()).extracting(LatencyAnchor::name).containsExactly("dma_read_64B_round_trip",
                "cpu_posted_write_one_way", "posted_write_64B_one_way", "cpu_mmio_read_4B_round_trip", "switch_hop_one_way");
    }

    @Test
    void aSwitchAddsLatencyBothWays() {
        LatencyBench b = new LatencyBench();
        assertThat(b.dmaRead64(true)).isGreaterThan(b.dmaRead64(false) + 200);
    }

    @Test
    void theDmaEnginesCostsAreInTheDmaReadAnchorAsPcieBenchMeasuresThem() {
        LatencyBench none = new LatencyBench(LatencyBench.CALIBRATION_LINK, HostModel.DEFAULT, DmaEngineTiming.NONE);
        double withEngine = new LatencyBench().dmaRead64(false);
        DmaEngineTiming e = DmaEngineTiming.DEFAULT;
        assertThat(withEngine - none.dmaRead64(false)).isCloseTo((e.requestPs() + e.landPs(64)) / 1000.0,
                org.assertj.core.api.Assertions.within(0.01));
    }

    @Test
    void theCpuStoreOneWayIsTheCpuIssueLatencyPlusOneLinkCrossing() {
        LatencyBench b = new LatencyBench();
        double wire = b.cpuPostedWrite4() - HostModel.DEFAULT.cpu().issuePs() / 1000.0;
        assertThat(wire).as("a 4 B MWr on Gen3 x8 with 50 ns flight").isBetween(50.0, 60.0);
    }
}

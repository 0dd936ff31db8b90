package org.virtiosim.pcie.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.virtiosim.pcie.link.DllpPolicy;
import org.virtiosim.pcie.link.LinkConfig;
import org.virtiosim.pcie.link.LinkGeneration;

/** The anchors' agreement rule and the pcie-bench formulas as the class comments state them. */
class BenchFiguresTest {
    private static LatencyAnchor anchor(double sim, double low, double high) {
        return new LatencyAnchor("x", sim, low, high, "s");
    }

    @Test
    void aSingleFigureAgreesWithinTenPercent() {
        assertThat(anchor(100, 100, 100).agrees()).isTrue();
        assertThat(anchor(109.9, 100, 100).agrees()).isTrue();
        assertThat(anchor(90.1, 100, 100).agrees()).isTrue();
        assertThat(anchor(110.1, 100, 100).agrees()).isFalse();
        assertThat(anchor(89.9, 100, 100).agrees()).isFalse();
        assertThat(anchor(1000, 1000, 1000).agrees()).isTrue();
    }

    @Test
    void aRangeAgreesInclusively() {
        assertThat(anchor(500, 500, 600).agrees()).isTrue();
        assertThat(anchor(600, 500, 600).agrees()).isTrue();
        assertThat(anchor(550, 500, 600).agrees()).isTrue();
        assertThat(anchor(499.9, 500, 600).agrees()).isFalse();
        assertThat(anchor(600.1, 500, 600).agrees()).isFalse();
        // 10% does not apply to a range: 540 is within 10% of 500..600's ends but 640 is not in it.
        assertThat(anchor(640, 500, 600).agrees()).isFalse();
    }

    private static final LinkConfig GEN3X8 = new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.PCIE_BENCH, 0);

    /** raw × (1 − 8/AckLimit − 8/FcLimit − 4/1538), AckLimit = FcLimit = 203 for Gen3 x8 MPS 256. */
    private static final double TLP_GBPS = 64.0 * 128 / 130 * (1 - 16.0 / 203 - 4.0 / 1538);

    @Test
    void usableBandwidthLeavesTheAcksUpdateFcsAndSkpsOut() {
        assertThat(PcieBenchModel.tlpGbps(GEN3X8)).isCloseTo(TLP_GBPS, Offset.offset(1e-9));
    }

    @Test
    void writesPay24BytesPerMpsSizedTlp() {
        assertThat(PcieBenchModel.writeGbps(GEN3X8, 256)).isCloseTo(256 * TLP_GBPS / (24 + 256), Offset.offset(1e-9));
        assertThat(PcieBenchModel.writeGbps(GEN3X8, 257)).isCloseTo(257 * TLP_GBPS / (2 * 24 + 257), Offset.offset(1e-9));
        assertThat(PcieBenchModel.writeGbps(GEN3X8, 64)).isCloseTo(64 * TLP_GBPS / (24 + 64), Offset.offset(1e-9));
    }

    @Test
    void readsAreLimitedByTheirCompletions() {
        // 1024 B with MRRS 512: 4 CplD of 256 B (20 B each) against 2 MRd of 24 B.
        assertThat(PcieBenchModel.readGbps(GEN3X8, 512, 1024)).isCloseTo(1024 * TLP_GBPS / (4 * 20 + 1024), Offset.offset(1e-9));
    }

    @Test
    void bidirectionalTrafficIsLimitedByTheBusierDirection() {
        // 512 B, MRRS 512: out 2 MWr (24 B) + 512 B + 1 MRd (24 B) = 584; in 2 CplD (20 B) + 512 = 552.
        assertThat(PcieBenchModel.bidirGbps(GEN3X8, 512, 512)).isCloseTo(512 * TLP_GBPS / 584, Offset.offset(1e-9));
        // 64 B, MRRS 512: out 24 + 64 + 24 = 112; in 20 + 64 = 84.
        assertThat(PcieBenchModel.bidirGbps(GEN3X8, 512, 64)).isCloseTo(64 * TLP_GBPS / 112, Offset.offset(1e-9));
    }
}

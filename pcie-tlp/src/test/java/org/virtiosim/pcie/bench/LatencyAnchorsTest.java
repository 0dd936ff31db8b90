package org.virtiosim.pcie.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
    void aSwitchAddsLatencyBothWays() {
        LatencyBench b = new LatencyBench();
        assertThat(b.dmaRead64(true)).isGreaterThan(b.dmaRead64(false) + 200);
    }
}

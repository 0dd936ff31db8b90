package org.virtiosim.pcie.link;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.virtiosim.pcie.fc.ReceiverCredits;

/** Serialization and framing arithmetic, without DLLP overhead. */
class LinkTimingTest {
    private static final long FLIGHT = 50_000;

    @Test
    void gen3x8MemoryWriteTakesItsWireBytesAtTheLaneRate() {
        LinkTestBench b = new LinkTestBench(new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.NONE, FLIGHT),
                ReceiverCredits.UNSCALED_MAX, ReceiverCredits.UNSCALED_MAX);
        // 3 DW header + 64 B payload + 8 B framing = 84 B; 8 lanes at 8 GT/s 128b/130b: 126.953125 ps/B.
        b.up(b.newTlp(1).setMemoryWrite(0x0100, 0x1000, 64).context(1));
        b.up(b.newTlp(2).setMemoryWrite(0x0100, 0x1040, 64).context(2));
        b.kernel.runUntilIdle();
        assertThat(b.atRc).extracting(LinkTestBench.Delivery::timePs)
                .containsExactly(10_665L + FLIGHT, 21_329L + FLIGHT); // ceil(10664.0625), ceil(21328.125): no drift
    }

    @Test
    void gen1x1UsesTenBitSymbols() {
        LinkTestBench b = new LinkTestBench(new LinkConfig(LinkGeneration.GEN1, 1, 128, DllpPolicy.NONE, 0),
                ReceiverCredits.UNSCALED_MAX, ReceiverCredits.UNSCALED_MAX);
        b.up(b.newTlp(1).setMemoryRead(0x0100, 0, 0x2000, 4).context(1));
        b.kernel.runUntilIdle();
        // MRd32: 12 B header + 8 B framing = 20 B at 4 ns.
        assertThat(b.atRc.get(0).timePs()).isEqualTo(80_000);
    }

    @Test
    void sixtyFourBitAddressesUseTheFourDwHeader() {
        LinkTestBench b = new LinkTestBench(new LinkConfig(LinkGeneration.GEN2, 4, 128, DllpPolicy.NONE, 0),
                ReceiverCredits.UNSCALED_MAX, ReceiverCredits.UNSCALED_MAX);
        b.up(b.newTlp(1).setMemoryWrite(0x0100, 0x1_0000_0000L, 32).context(1));
        b.kernel.runUntilIdle();
        // 16 + 32 + 8 = 56 B at 2 ns / 4 lanes = 500 ps.
        assertThat(b.atRc.get(0).timePs()).isEqualTo(28_000);
        assertThat(b.atRc.get(0).what()).isEqualTo("MWr64#1");
    }

    @Test
    void pcieBenchAllowanceTakesItsShareOfTheLink() {
        LinkConfig cfg = new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.PCIE_BENCH, 0);
        LinkTestBench b = new LinkTestBench(cfg, ReceiverCredits.UNSCALED_MAX, ReceiverCredits.UNSCALED_MAX);
        int n = 2000;
        for (int i = 0; i < n; i++) {
            b.up(b.newTlp(i).setMemoryWrite(0x0100, 0x1_0000_0000L + 256L * i, 256).context(i));
        }
        b.kernel.runUntilIdle();
        LinkDirection up = b.link.upstream();
        double total = up.tlpWireBytes() + up.dllpBytes() + up.skpBytes();
        // Ack and UpdateFC: 8 B each per 203 B; SKP 4 B per 1538 B (Gen3 x8, MPS 256).
        assertThat(up.dllpBytes() / total).isCloseTo(16.0 / 203, org.assertj.core.data.Offset.offset(0.002));
        assertThat(up.skpBytes() / total).isCloseTo(4.0 / 1538, org.assertj.core.data.Offset.offset(0.0005));
        long lastPs = b.atRc.get(n - 1).timePs();
        assertThat(lastPs).isCloseTo((long) (total * 126.953125), org.assertj.core.data.Offset.offset(200L));
    }
}

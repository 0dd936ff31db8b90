package org.virtiosim.pcie.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.virtiosim.pcie.fc.ReceiverCredits;

/** Generations (§4.2), link configurations and the Ack/UpdateFC limit tables (Tables 3-7 to 3-9). */
class LinkParametersTest {
    @Test
    void generationsAreNumberedOneToSix() {
        for (LinkGeneration g : LinkGeneration.values()) {
            assertThat(LinkGeneration.of(g.number())).isSameAs(g);
        }
        assertThat(LinkGeneration.GEN1.number()).isEqualTo(1);
        assertThat(LinkGeneration.GEN6.number()).isEqualTo(6);
        for (int bad : new int[] {0, 7, -1}) {
            assertThatThrownBy(() -> LinkGeneration.of(bad)).as("%d", bad).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..6");
        }
    }

    @Test
    void signallingRatesAndEncodingsAreThoseOfSection4_2() {
        assertThat(LinkGeneration.GEN1.gigaTransfersPerSecond()).isEqualTo(2.5);
        assertThat(LinkGeneration.GEN3.gigaTransfersPerSecond()).isEqualTo(8.0);
        assertThat(LinkGeneration.GEN6.gigaTransfersPerSecond()).isEqualTo(64.0);
        assertThat(LinkGeneration.GEN2.encoding()).isEqualTo("8b/10b");
        assertThat(LinkGeneration.GEN5.encoding()).isEqualTo("128b/130b");
        assertThat(LinkGeneration.GEN6.encoding()).startsWith("flit");
        // 8b/10b: 8 data bits per 10; 128b/130b: 128 per 130.
        assertThat(LinkGeneration.GEN1.gigabitsPerSecond(1)).isEqualTo(2.0);
        assertThat(LinkGeneration.GEN2.gigabitsPerSecond(4)).isEqualTo(16.0);
        assertThat(LinkGeneration.GEN3.gigabitsPerSecond(1)).isCloseTo(8.0 * 128 / 130, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(LinkGeneration.GEN6.gigabitsPerSecond(1)).isCloseTo(64.0 * 236 / 256, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(LinkGeneration.GEN4.tlpFramingBytes()).isEqualTo(8);
        assertThat(LinkGeneration.GEN6.tlpFramingBytes()).isZero();
    }

    @Test
    void receiversAdvertiseScaledCreditsFrom16GtsOn() {
        assertThat(LinkGeneration.GEN1.defaultReceiverCredits()).isEqualTo(ReceiverCredits.UNSCALED_MAX);
        assertThat(LinkGeneration.GEN3.defaultReceiverCredits()).isEqualTo(ReceiverCredits.UNSCALED_MAX);
        assertThat(LinkGeneration.GEN4.defaultReceiverCredits()).isEqualTo(ReceiverCredits.SCALED_X4_MAX);
        assertThat(LinkGeneration.GEN6.defaultReceiverCredits()).isEqualTo(ReceiverCredits.SCALED_X4_MAX);
    }

    @Test
    void aLinkHasOneOfTheSpecsWidthsAndPayloadSizes() {
        for (int lanes : LinkConfig.VALID_LANES) {
            assertThat(new LinkConfig(LinkGeneration.GEN3, lanes, 256, DllpPolicy.NONE, 0).lanes()).isEqualTo(lanes);
        }
        for (int mps : LinkConfig.VALID_PAYLOAD_SIZES) {
            assertThat(LinkConfig.isPayloadSize(mps)).isTrue();
        }
        for (int bad : new int[] {0, 64, 100, 8192}) {
            assertThat(LinkConfig.isPayloadSize(bad)).as("%d", bad).isFalse();
            assertThatThrownBy(() -> new LinkConfig(LinkGeneration.GEN3, 8, bad, DllpPolicy.NONE, 0)).as("MPS %d", bad)
                .isInstanceOf(IllegalArgumentException.class);
        }
        for (int bad : new int[] {0, 3, 12, 32}) {
            assertThatThrownBy(() -> new LinkConfig(LinkGeneration.GEN3, bad, 256, DllpPolicy.NONE, 0)).as("lanes %d", bad)
                .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new LinkConfig(null, 8, 256, DllpPolicy.NONE, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LinkConfig(LinkGeneration.GEN3, 8, 256, null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.NONE, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLinksTimesAndRateFollowFromItsGenerationAndWidth() {
        LinkConfig c = new LinkConfig(LinkGeneration.GEN3, 8, 512, DllpPolicy.SPEC, 5);
        assertThat(c.symbolTimeFp()).isEqualTo(66_560_000L);
        assertThat(c.byteTimeFp()).isEqualTo(66_560_000L / 8);
        assertThat(c.gigabitsPerSecond()).isEqualTo(LinkGeneration.GEN3.gigabitsPerSecond(8));
        assertThat(c.toString()).isEqualTo("gen3x8 MPS 512 SPEC");
        assertThat(c.ackFcLimit()).isEqualTo(AckFcLimits.limit(LinkGeneration.GEN3, 8, 512));
    }

    @Test
    void ackAndUpdateFcLimitsAreTheSpecTables() {
        // Table 3-7 (2.5 GT/s), x1 and x16 at MPS 128 and 4096.
        assertThat(AckFcLimits.limit(LinkGeneration.GEN1, 1, 128)).isEqualTo(237);
        assertThat(AckFcLimits.limit(LinkGeneration.GEN1, 16, 4096)).isEqualTo(534);
        // Table 3-8 (5.0 GT/s).
        assertThat(AckFcLimits.limit(LinkGeneration.GEN2, 4, 512)).isEqualTo(205);
        // Table 3-9 (8.0 GT/s), which 16.0 and 32.0 GT/s use too.
        assertThat(AckFcLimits.limit(LinkGeneration.GEN3, 8, 256)).isEqualTo(203);
        assertThat(AckFcLimits.limit(LinkGeneration.GEN5, 8, 256)).isEqualTo(203);
        assertThat(AckFcLimits.limit(LinkGeneration.GEN3, 1, 4096)).isEqualTo(4239);
        assertThatThrownBy(() -> AckFcLimits.limit(LinkGeneration.GEN3, 32, 256)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("lanes 32");
        assertThatThrownBy(() -> AckFcLimits.limit(LinkGeneration.GEN3, 8, 8192)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("MPS 8192");
    }

    @Test
    void aLinkHasTwoDirectionsSharingItsConfiguration() {
        LinkConfig c = new LinkConfig(LinkGeneration.GEN2, 2, 128, DllpPolicy.NONE, 0);
        org.virtiosim.pcie.tlp.TlpPool pool = new org.virtiosim.pcie.tlp.TlpPool();
        Link l = new Link(new org.virtiosim.core.kernel.Kernel(), c, "rp0", pool, ReceiverCredits.UNSCALED_MAX,
                ReceiverCredits.SCALED_X4_MAX);
        assertThat(l.config()).isSameAs(c);
        assertThat(l.downstream().name()).isEqualTo("rp0.down");
        assertThat(l.upstream().name()).isEqualTo("rp0.up");
        assertThat(l.downstream().config()).isSameAs(c);
        assertThat(l.upstream().pool()).isSameAs(pool);
        // Each direction is limited by the receiver at its far end.
        assertThat(l.downstream().credits(org.virtiosim.pcie.fc.CreditType.PH).advertised()).isEqualTo(127 * 4);
        assertThat(l.upstream().credits(org.virtiosim.pcie.fc.CreditType.PH).advertised()).isEqualTo(127);
        assertThatThrownBy(() -> l.upstream().send(l.upstream().newTlp().setMemoryRead(0, 0, 0x1000, 4)))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("rp0.up");
    }
}

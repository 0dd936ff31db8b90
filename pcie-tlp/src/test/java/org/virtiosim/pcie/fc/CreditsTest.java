package org.virtiosim.pcie.fc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.virtiosim.pcie.tlp.TlpType;

/** Credit types (§2.6.1, Table 2-43) and the transmitter's credit accounting (§2.6.1.2). */
class CreditsTest {
    @Test
    void oneDataCreditPerFourDwOfPayloadRoundedUp() {
        assertThat(CreditType.dataCredits(0)).isZero();
        assertThat(CreditType.dataCredits(1)).isEqualTo(1);
        assertThat(CreditType.dataCredits(16)).isEqualTo(1);
        assertThat(CreditType.dataCredits(17)).isEqualTo(2);
        assertThat(CreditType.dataCredits(256)).isEqualTo(16);
        assertThat(CreditType.dataCredits(4096)).isEqualTo(256);
    }

    @Test
    void eachClassHasItsHeaderAndDataCredits() {
        assertThat(CreditType.header(TlpType.MWr64)).isEqualTo(CreditType.PH);
        assertThat(CreditType.data(TlpType.MWr32)).isEqualTo(CreditType.PD);
        assertThat(CreditType.header(TlpType.CfgWr0)).isEqualTo(CreditType.NPH);
        assertThat(CreditType.data(TlpType.IOWr)).isEqualTo(CreditType.NPD);
        assertThat(CreditType.header(TlpType.Cpl)).isEqualTo(CreditType.CplH);
        assertThat(CreditType.data(TlpType.CplD)).isEqualTo(CreditType.CplD);
    }

    @Test
    void aCounterAllowsWhatFitsBetweenLimitAndConsumed() {
        CreditCounter c = new CreditCounter(CreditType.PD, 10);
        assertThat(c.type()).isEqualTo(CreditType.PD);
        assertThat(c.isInfinite()).isFalse();
        assertThat(c.advertised()).isEqualTo(10);
        assertThat(c.canConsume(10)).isTrue();
        assertThat(c.canConsume(11)).isFalse();
        c.consume(4);
        assertThat(c.available()).isEqualTo(6);
        assertThat(c.outstanding()).isEqualTo(4);
        assertThat(c.canConsume(6)).isTrue();
        assertThat(c.canConsume(7)).isFalse();
        assertThatThrownBy(() -> c.consume(7)).isInstanceOf(IllegalStateException.class).hasMessageContaining("PD");
        c.returned(3);
        assertThat(c.available()).isEqualTo(9);
        assertThat(c.outstanding()).isEqualTo(1);
        c.returned(1);
        assertThat(c.outstanding()).isZero();
        assertThatThrownBy(() -> c.returned(1)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("more credits returned than were consumed");
    }

    @Test
    void zeroAdvertisedMeansInfinite() {
        CreditCounter c = new CreditCounter(CreditType.CplD, CreditCounter.INFINITE);
        assertThat(c.isInfinite()).isTrue();
        assertThat(c.canConsume(1_000_000)).isTrue();
        c.consume(1_000_000);
        c.returned(5);
        assertThat(c.available()).isEqualTo(Long.MAX_VALUE);
        assertThat(c.outstanding()).isZero();
        assertThatThrownBy(() -> new CreditCounter(CreditType.PH, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new CreditCounter(CreditType.PH, 1).isInfinite()).isFalse();
    }

    @Test
    void receiverCreditsAreNeverNegativeAndTheDefaultsAreTheFieldMaxima() {
        ReceiverCredits r = new ReceiverCredits(1, 2, 3, 4, 5, 6);
        assertThat(r.of(CreditType.PH)).isEqualTo(1);
        assertThat(r.of(CreditType.PD)).isEqualTo(2);
        assertThat(r.of(CreditType.NPH)).isEqualTo(3);
        assertThat(r.of(CreditType.NPD)).isEqualTo(4);
        assertThat(r.of(CreditType.CplH)).isEqualTo(5);
        assertThat(r.of(CreditType.CplD)).isEqualTo(6);
        assertThatThrownBy(() -> new ReceiverCredits(0, 0, 0, 0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ReceiverCredits.UNSCALED_MAX.ph()).isEqualTo(127);
        assertThat(ReceiverCredits.UNSCALED_MAX.pd()).isEqualTo(2047);
        assertThat(ReceiverCredits.SCALED_X4_MAX.npd()).isEqualTo(2047 * 4);
        assertThat(ReceiverCredits.SCALED_X4_MAX.cplh()).isZero();
    }
}

package org.virtiosim.core.param;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** ParamValues as its class comment states it: defaults unless set, immutable, default equals unset. */
class ParamValuesTest {
    private static final Param<Long> DEPTH = Param.integer("queue_depth", "entries", 64, 1, 256, "m", "s");
    private static final Param<Double> DELAY = Param.real("delay_ns", "ns", 2.5, 0, 1000, "m", "s");
    private static final Param<Boolean> SRIOV = Param.flag("sriov", true, "m", "s");

    @Test
    void everyParameterStartsAtItsDefault() {
        ParamValues d = ParamValues.defaults();
        assertThat(d.get(DEPTH)).isEqualTo(64L);
        assertThat(d.get(DELAY)).isEqualTo(2.5);
        assertThat(d.get(SRIOV)).isTrue();
        assertThat(d.isSet(DEPTH)).isFalse();
        assertThat(d.text(DEPTH)).isEqualTo("64");
        assertThat(ParamValues.defaults()).isSameAs(d);
    }

    @Test
    void withGivesANewSetAndLeavesTheOldOneAlone() {
        ParamValues d = ParamValues.defaults();
        ParamValues deep = d.with(DEPTH, 128L);
        assertThat(deep.get(DEPTH)).isEqualTo(128L);
        assertThat(deep.isSet(DEPTH)).isTrue();
        assertThat(deep.isSet(DELAY)).isFalse();
        assertThat(deep.get(DELAY)).isEqualTo(2.5);
        assertThat(d.get(DEPTH)).isEqualTo(64L);
        assertThat(d.isSet(DEPTH)).isFalse();

        ParamValues both = deep.with(SRIOV, false);
        assertThat(both.get(DEPTH)).isEqualTo(128L);
        assertThat(both.get(SRIOV)).isFalse();
        assertThat(deep.get(SRIOV)).isTrue();
        assertThat(both.with(DEPTH, 32L).get(DEPTH)).isEqualTo(32L);
        assertThat(both.get(DEPTH)).isEqualTo(128L);
    }

    @Test
    void aParameterSetToItsDefaultIsTheSameAsOneLeftAlone() {
        ParamValues d = ParamValues.defaults();
        ParamValues atDefault = d.with(DEPTH, 64L);
        assertThat(atDefault.isSet(DEPTH)).isFalse();
        assertThat(atDefault).isEqualTo(d);
        assertThat(atDefault.hashCode()).isEqualTo(d.hashCode());

        ParamValues back = d.with(DEPTH, 100L).with(DEPTH, 64L);
        assertThat(back.isSet(DEPTH)).isFalse();
        assertThat(back).isEqualTo(d);
        assertThat(back.get(DEPTH)).isEqualTo(64L);
        assertThat(d.withText(SRIOV, "true")).isEqualTo(d);
    }

    @Test
    void equalSetsAreEqualWhateverTheOrderTheyWereSetIn() {
        ParamValues a = ParamValues.defaults().with(DEPTH, 8L).with(DELAY, 7.0);
        ParamValues b = ParamValues.defaults().with(DELAY, 7.0).with(DEPTH, 8L);
        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a).isNotEqualTo(ParamValues.defaults().with(DEPTH, 8L));
        assertThat(a).isNotEqualTo(ParamValues.defaults().with(DEPTH, 9L).with(DELAY, 7.0));
        assertThat(a).isNotEqualTo(ParamValues.defaults());
        assertThat(a.equals(null)).isFalse();
        assertThat(a.equals("queue_depth=8")).isFalse();
    }

    @Test
    void aValueMayBeSetFromItsTextAndWrittenBack() {
        ParamValues v = ParamValues.defaults().withText(DEPTH, "2e2").withText(DELAY, "12.5").withText(SRIOV, "false");
        assertThat(v.get(DEPTH)).isEqualTo(200L);
        assertThat(v.get(DELAY)).isEqualTo(12.5);
        assertThat(v.get(SRIOV)).isFalse();
        assertThat(v.text(DEPTH)).isEqualTo("200");
        assertThat(v.text(DELAY)).isEqualTo("12.5");
        assertThat(v.text(SRIOV)).isEqualTo("false");
        assertThatThrownBy(() -> ParamValues.defaults().withText(DEPTH, "0")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("out of range");
    }

    @Test
    void aValueIsRequired() {
        assertThatThrownBy(() -> ParamValues.defaults().with(DEPTH, null)).isInstanceOf(NullPointerException.class);
    }
}

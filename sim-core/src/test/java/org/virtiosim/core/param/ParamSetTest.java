package org.virtiosim.core.param;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ParamSet as its class comment states it: unique names in the listed order, and the error texts. */
class ParamSetTest {
    private static final Param<Long> DEPTH = Param.integer("queue_depth", "entries", 64, 1, 256, "m", "s");
    private static final Param<Double> DELAY = Param.real("delay_ns", "ns", 2.5, 0, 1000, "m", "s");
    private static final Param<Boolean> SRIOV = Param.flag("sriov", true, "m", "s");
    private final ParamSet set = new ParamSet(List.of(SRIOV, DEPTH, DELAY));

    @Test
    void parametersKeepTheOrderTheToolListsThem() {
        assertThat(set.all()).containsExactly(SRIOV, DEPTH, DELAY);
        assertThat(set.names()).containsExactly("sriov", "queue_depth", "delay_ns");
        assertThat(new ParamSet(List.of()).all()).isEmpty();
        assertThat(new ParamSet(List.of()).names()).isEmpty();
    }

    @Test
    void theListsCannotBeChangedFromOutside() {
        assertThatThrownBy(() -> set.all().add(DEPTH)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> set.names().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(set.all()).hasSize(3);
    }

    @Test
    void findLooksUpByName() {
        assertThat(set.find("queue_depth")).isSameAs(DEPTH);
        assertThat(set.find("sriov")).isSameAs(SRIOV);
        assertThat(set.find("depth")).isNull();
    }

    @Test
    void aNameDeclaredTwiceIsRejected() {
        Param<Long> again = Param.integer("queue_depth", "entries", 8, 1, 8, "other", "s");
        assertThatThrownBy(() -> new ParamSet(List.of(DEPTH, SRIOV, again)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("parameter declared twice: queue_depth");
    }

    @Test
    void setParsesTheTextIntoNewValues() {
        ParamValues d = ParamValues.defaults();
        ParamValues v = set.set(d, "queue_depth", "128");
        assertThat(v.get(DEPTH)).isEqualTo(128L);
        assertThat(d.get(DEPTH)).isEqualTo(64L);
        assertThat(set.set(v, "sriov", "false").get(SRIOV)).isFalse();
        assertThat(set.set(v, "sriov", "false").get(DEPTH)).isEqualTo(128L);
    }

    @Test
    void anUnknownNameListsTheKnownOnesInOrder() {
        assertThatThrownBy(() -> set.set(ParamValues.defaults(), "depth", "1"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("unknown parameter 'depth' (known: sriov, queue_depth, delay_ns)");
    }

    @Test
    void aBadValueNamesTheParameterTheTextAndWhatWasExpected() {
        assertThatThrownBy(() -> set.set(ParamValues.defaults(), "queue_depth", "many"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("queue_depth=many: expected a whole number");
        assertThatThrownBy(() -> set.set(ParamValues.defaults(), "sriov", "yes"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("sriov=yes: expected true or false");
    }
}

package org.virtiosim.core.param;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The study range declared with a parameter, as Param's class comment states it. */
class StudyRangeTest {
    private enum Mode { POLL, IRQ, HYBRID }

    private static final Param<Long> DEPTH = Param.integer("queue_depth", "entries", 64, 1, 256, "ring entries", "virtio 1.2 §2.7");
    private static final Param<Double> DELAY = Param.real("delay_ns", "ns", 2.5, 0.5, 1000, "one hop", "assumed");

    @Test
    void aNumberTakesASpanThatHoldsItsDefault() {
        Param<Long> d = DEPTH.studyRange(16L, 256L, "rings Linux allocates");
        assertThat(d.study()).isPresent();
        StudyRange<Long> r = d.study().orElseThrow();
        assertThat(r.low()).isEqualTo(16L);
        assertThat(r.high()).isEqualTo(256L);
        assertThat(r.span()).isTrue();
        assertThat(r.reason()).isEqualTo("rings Linux allocates");
        assertThat(d.isRange()).isTrue();
        assertThat(d.studyText()).isEqualTo("16..256");
        assertThat(d.isWhole()).isTrue();
        assertThat(DELAY.studyRange(0.5, 10.0, "r").studyText()).isEqualTo("0.5..10");
        assertThat(DELAY.isWhole()).isFalse();
    }

    @Test
    void declaringARangeLeavesTheOriginalAloneAndKeepsTheRest() {
        Param<Long> d = DEPTH.studyRange(16L, 256L, "r");
        assertThat(DEPTH.study()).isEmpty();
        assertThat(DEPTH.studyText()).isEmpty();
        assertThat(d.name()).isEqualTo(DEPTH.name());
        assertThat(d.range()).isEqualTo(DEPTH.range());
        assertThat(d.defaultValue()).isEqualTo(64L);
        assertThat(d.parse("42")).isEqualTo(42L);
    }

    @Test
    void aSpanMustRiseHoldTheDefaultAndBeAdmitted() {
        assertThatThrownBy(() -> DEPTH.studyRange(128L, 256L, "r")).hasMessageContaining("hold the default 64");
        assertThatThrownBy(() -> DEPTH.studyRange(256L, 16L, "r")).hasMessageContaining("must rise");
        assertThatThrownBy(() -> DEPTH.studyRange(16L, 512L, "r")).hasMessageContaining("study value 512 is not admitted");
        assertThatThrownBy(() -> DEPTH.studyRange(16L, 256L, " ")).hasMessageContaining("needs its reason");
        assertThatThrownBy(() -> DEPTH.studyRange(16L, 256L, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aChoiceOrAFlagTriesEveryValueInOrder() {
        Param<Mode> m = Param.choice("mode", Mode.IRQ, "m", "s").studyEveryValue("each driver");
        assertThat(m.study().orElseThrow().values()).containsExactly(Mode.POLL, Mode.IRQ, Mode.HYBRID);
        assertThat(m.study().orElseThrow().span()).isFalse();
        assertThat(m.isRange()).isFalse();
        assertThat(m.studyText()).isEqualTo("poll | irq | hybrid");
        Param<Boolean> f = Param.flag("on", true, "m", "s").studyEveryValue("both");
        assertThat(f.study().orElseThrow().low()).isFalse();
        assertThat(f.study().orElseThrow().high()).isTrue();
    }

    @Test
    void everyValueIsOnlyForChoicesAndASpanOnlyForNumbers() {
        assertThatThrownBy(() -> DEPTH.studyEveryValue("r")).hasMessageContaining("for choices and flags");
        assertThatThrownBy(() -> Param.flag("on", true, "m", "s").studyRange(false, true, "r")).hasMessageContaining("for numbers");
    }

    @Test
    void aSetOfValuesHoldsTheDefaultAndIsDistinct() {
        Param<Long> d = DEPTH.studyValues(List.of(32L, 64L, 128L), "powers of two");
        assertThat(d.study().orElseThrow().values()).containsExactly(32L, 64L, 128L);
        assertThat(d.isRange()).as("a set is tried as given, not bisected").isFalse();
        assertThat(d.studyText()).isEqualTo("32 | 64 | 128");
        assertThatThrownBy(() -> DEPTH.studyValues(List.of(32L, 128L), "r")).hasMessageContaining("holding the default 64");
        assertThatThrownBy(() -> DEPTH.studyValues(List.of(64L, 64L), "r")).hasMessageContaining("distinct");
        assertThatThrownBy(() -> DEPTH.studyValues(List.of(64L), "r")).hasMessageContaining("two or more");
    }

    @Test
    void aNumberMapsToTheRealLineAndBackRoundingWholeNumbers() {
        assertThat(DEPTH.toNumber(17L)).isEqualTo(17.0);
        assertThat(DEPTH.fromNumber(17.6)).isEqualTo(18L);
        assertThat(DELAY.fromNumber(17.6)).isEqualTo(17.6);
        Param<Mode> m = Param.choice("mode", Mode.IRQ, "m", "s");
        assertThatThrownBy(() -> m.toNumber(Mode.IRQ)).isInstanceOf(IllegalStateException.class).hasMessageContaining("not a number");
    }
}

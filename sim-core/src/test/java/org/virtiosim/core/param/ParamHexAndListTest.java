package org.virtiosim.core.param;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The two parameter kinds the device identity needs: a bit field printed in hex, and a list of whole numbers. */
class ParamHexAndListTest {
    private static final Param<Long> FEATURES = Param.hex("features", 0x30070020L, 0, 0xFFFF_FFFFL, "m", "s");
    private static final Param<List<Long>> SIZES = Param.wholeList("sizes", "", List.of(256L, 256L, 64L), 1, 32768, 4,
            v -> Long.bitCount(v) == 1, "a power of 2", "m", "s");

    @Test
    void hexReadsTheNumberGrammarAndPrintsHex() {
        assertThat(FEATURES.defaultText()).isEqualTo("0x30070020");
        assertThat(FEATURES.parse("0x79BF8064")).isEqualTo(0x79bf8064L);
        assertThat(FEATURES.parse("2042593380")).as("decimal, as YAML gives a hex literal back").isEqualTo(0x79bf8064L);
        assertThat(FEATURES.range()).isEqualTo("0x0..0xffffffff");
        assertThat(FEATURES.isList()).isFalse();
    }

    @Test
    void hexOutOfRangeOrNotANumberIsOneLineNamingTheHexRange() {
        assertThatThrownBy(() -> FEATURES.parse("0x100000000")).hasMessage("'0x100000000' is out of range 0x0..0xffffffff");
        assertThatThrownBy(() -> FEATURES.parse("-1")).hasMessageContaining("out of range 0x0..0xffffffff");
        assertThatThrownBy(() -> FEATURES.parse("0x1.8")).hasMessageContaining("expected a whole number");
        assertThatThrownBy(() -> Param.hex("n", 0, -1, 1, "m", "s")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aListReadsEachEntryInTheNumberGrammarAndPrintsCommaSeparated() {
        assertThat(SIZES.defaultText()).isEqualTo("256,256,64");
        assertThat(SIZES.parse(" 0x100 , 256 ,64")).isEqualTo(List.of(256L, 256L, 64L));
        assertThat(SIZES.parse("1")).isEqualTo(List.of(1L));
        assertThat(SIZES.format(SIZES.parse("8,16"))).isEqualTo("8,16");
        assertThat(SIZES.isList()).isTrue();
        assertThat(SIZES.range()).isEqualTo("1..4 entries, each 1..32768 and a power of 2");
    }

    @Test
    void aBadEntryIsNamedByItsPlace() {
        assertThatThrownBy(() -> SIZES.parse("256,2e2,64")).hasMessage("entry 2 of 3: '2e2' is not a power of 2");
        assertThatThrownBy(() -> SIZES.parse("256,,64")).hasMessage("entry 2 of 3: empty; expected a whole number from 1 to 32768");
        assertThatThrownBy(() -> SIZES.parse("256,65536")).hasMessage("entry 2 of 2: '65536' is out of range 1..32768");
        assertThatThrownBy(() -> SIZES.parse("256,x")).hasMessageStartingWith("entry 2 of 2: expected a whole number");
        assertThatThrownBy(() -> SIZES.parse("1,1,1,1,1")).hasMessage("expected at most 4 comma-separated entries, got 5");
        assertThatThrownBy(() -> SIZES.parse("")).hasMessageStartingWith("entry 1 of 1: empty");
    }

    @Test
    void aListWhoseDefaultItRefusesIsNotDeclared() {
        assertThatThrownBy(() -> Param.wholeList("n", "", List.of(3L), 1, 8, 2, v -> Long.bitCount(v) == 1, "a power of 2", "m", "s"))
                .hasMessageContaining("is not a power of 2");
        assertThatThrownBy(() -> Param.wholeList("n", "", List.of(1L), 1, 8, 0, null, "", "m", "s"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aListStudiesItsValues() {
        Param<List<Long>> p = SIZES.studyValues(List.of(List.of(256L, 256L, 64L), List.of(256L, 256L, 256L)), "r");
        assertThat(p.studyText()).isEqualTo("256,256,64 | 256,256,256");
        assertThat(p.isList()).as("kept by the study declaration").isTrue();
    }
}

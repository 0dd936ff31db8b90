package org.virtiosim.core.param;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Param's declarations as its class comment states them: parsing, ranges, choice ids, flags. */
class ParamTest {
    private enum Mode { HARDWARE, IRQ_PARALLEL, FIRMWARE }

    private static final Param<Long> DEPTH = Param.integer("queue_depth", "entries", 64, 1, 256, "ring entries", "virtio 1.2 §2.7");
    private static final Param<Double> DELAY = Param.real("delay_ns", "ns", 2.5, 0.5, 1000, "one hop", "assumed");
    private static final Param<Boolean> SRIOV = Param.flag("sriov", true, "SR-IOV on", "spec");
    private static final Param<Mode> MODE = Param.choice("mode", Mode.HARDWARE, "who resets", "paper");

    @Test
    void aDeclarationKeepsWhatItWasGiven() {
        assertThat(DEPTH.name()).isEqualTo("queue_depth");
        assertThat(DEPTH.unit()).isEqualTo("entries");
        assertThat(DEPTH.meaning()).isEqualTo("ring entries");
        assertThat(DEPTH.source()).isEqualTo("virtio 1.2 §2.7");
        assertThat(DEPTH.defaultValue()).isEqualTo(64L);
        assertThat(DEPTH.toString()).isEqualTo("queue_depth");
    }

    @Test
    void namesMustBeLowerSnakeCase() {
        assertThat(Param.flag("a1_b2", false, "m", "s").name()).isEqualTo("a1_b2");
        for (String bad : new String[] {"Depth", "1depth", "queue-depth", "_depth", "", "queue depth"}) {
            assertThatThrownBy(() -> Param.flag(bad, false, "m", "s"))
                .as(bad)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower_snake_case");
        }
    }

    @Test
    void theTextualPartsAndTheDefaultAreRequired() {
        assertThatThrownBy(() -> Param.integer("n", null, 1, 0, 2, "m", "s")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Param.integer("n", "u", 1, 0, 2, null, "s")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Param.integer("n", "u", 1, 0, 2, "m", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Param.of("n", "u", null, "any", t -> t, t -> t, "m", "s")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Param.of("n", "u", "x", null, t -> t, t -> t, "m", "s")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anIntegerIsAWholeNumberInItsInclusiveRange() {
        assertThat(DEPTH.range()).isEqualTo("1..256");
        assertThat(DEPTH.parse("42")).isEqualTo(42L);
        assertThat(DEPTH.parse("1")).isEqualTo(1L);
        assertThat(DEPTH.parse("256")).isEqualTo(256L);
        assertThat(DEPTH.parse(" 17 ")).isEqualTo(17L);
        for (String out : new String[] {"0", "257", "-1", "1e12"}) {
            assertThatThrownBy(() -> DEPTH.parse(out))
                .as(out)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of range 1..256");
        }
        for (String frac : new String[] {"0.999", "256.01", "2.5"}) {
            assertThatThrownBy(() -> DEPTH.parse(frac)).as(frac).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a whole number from 1 to 256");
        }
        for (String bad : new String[] {"lots", "", "NaN", "Infinity", "-Infinity", "50d", "15f", "0x1p3", "1_0", "#10", "0x"}) {
            assertThatThrownBy(() -> DEPTH.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expected a whole number (decimal or 0x-hex");
        }
    }

    @Test
    void anIntegerMayBeWrittenAsAWholeDecimalOrHexButIsNeverTruncated() {
        Param<Long> cycles = Param.integer("cycles", "cycles", 10, 0, 100_000, "m", "s");
        assertThat(cycles.parse("2e4")).isEqualTo(20_000L);
        assertThat(cycles.parse("99.0")).isEqualTo(99L);
        assertThat(cycles.parse("0x10")).isEqualTo(16L);
        assertThat(cycles.parse("100000")).isEqualTo(100_000L);
        assertThat(cycles.parse("500 cycles")).isEqualTo(500L);
        assertThat(cycles.parse("500cycles")).isEqualTo(500L);
        assertThatThrownBy(() -> cycles.parse("99.9")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number");
        assertThatThrownBy(() -> cycles.parse("500 ns")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cycles.parse("100000.5")).isInstanceOf(IllegalArgumentException.class);
        assertThat(cycles.format(20_000L)).isEqualTo("20000");
        assertThat(cycles.parse(cycles.format(12_345L))).isEqualTo(12_345L);
    }

    @Test
    void aNegativeIntegerRangeIsWrittenWithItsSigns() {
        Param<Long> offset = Param.integer("offset", "ps", 0, -5, 5, "m", "s");
        assertThat(offset.range()).isEqualTo("-5..5");
        assertThat(offset.parse("-5")).isEqualTo(-5L);
        assertThat(offset.parse("-0x4")).isEqualTo(-4L);
        assertThatThrownBy(() -> offset.parse("-4.5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> offset.parse("-5.5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRealIsAnyNumberInItsInclusiveRange() {
        assertThat(DELAY.range()).isEqualTo("0.5..1000");
        assertThat(DELAY.parse("0.5")).isEqualTo(0.5);
        assertThat(DELAY.parse("1000")).isEqualTo(1000.0);
        assertThat(DELAY.parse("12.75")).isEqualTo(12.75);
        assertThat(DELAY.parse("1e2")).isEqualTo(100.0);
        for (String out : new String[] {"0.49", "1000.001", "1e999"}) {
            assertThatThrownBy(() -> DELAY.parse(out)).as(out).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of range 0.5..1000");
        }
        for (String bad : new String[] {"fast", "NaN", "Infinity", "50d", "1500f", "0x1p3", "1e", "."}) {
            assertThatThrownBy(() -> DELAY.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expected a number (decimal");
        }
    }

    @Test
    void aRealIsWrittenPlainWholeNumbersWithoutAFraction() {
        assertThat(DELAY.format(2.5)).isEqualTo("2.5");
        assertThat(DELAY.format(3.0)).isEqualTo("3");
        assertThat(DELAY.format(-2.0)).isEqualTo("-2");
        assertThat(DELAY.format(0.001)).isEqualTo("0.001");
        assertThat(DELAY.format(1e7)).isEqualTo("10000000");
        assertThat(DELAY.format(1e20)).isEqualTo("100000000000000000000");
        assertThat(Param.real("t", "µs", 1, 0.001, 1e7, "m", "s").range()).isEqualTo("0.001..10000000");
        assertThat(Param.real("f", "", 0.5, 0, 1, "m", "s").range()).isEqualTo("0..1");
        for (double v : new double[] {2.5, 3.0, 0.75, 999.999}) {
            assertThat(DELAY.parse(DELAY.format(v))).isEqualTo(v);
        }
    }

    @Test
    void aFlagIsExactlyTrueOrFalse() {
        assertThat(SRIOV.range()).isEqualTo("true | false");
        assertThat(SRIOV.unit()).isEmpty();
        assertThat(SRIOV.parse("true")).isTrue();
        assertThat(SRIOV.parse("false")).isFalse();
        assertThat(SRIOV.parse(" false ")).isFalse();
        for (String bad : new String[] {"yes", "1", "0", "", "truee"}) {
            assertThatThrownBy(() -> SRIOV.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected true or false");
        }
        assertThat(SRIOV.format(true)).isEqualTo("true");
        assertThat(SRIOV.format(false)).isEqualTo("false");
        assertThat(Param.flag("off", false, "m", "s").defaultValue()).isFalse();
    }

    @Test
    void aChoiceIsWrittenInLowerCaseWithDashes() {
        Param<Mode> made = Param.choice("reset_mode", Mode.FIRMWARE, "m", "s"); // built here, not in a static initializer
        assertThat(made.range()).isEqualTo("hardware | irq-parallel | firmware");
        assertThat(made.parse("Irq_Parallel")).isEqualTo(Mode.IRQ_PARALLEL);
        assertThat(made.defaultValue()).isEqualTo(Mode.FIRMWARE);
        assertThat(Param.id(Mode.IRQ_PARALLEL)).isEqualTo("irq-parallel");
        assertThat(Param.id(Mode.HARDWARE)).isEqualTo("hardware");
        assertThat(MODE.range()).isEqualTo("hardware | irq-parallel | firmware");
        assertThat(MODE.unit()).isEmpty();
        assertThat(MODE.defaultValue()).isEqualTo(Mode.HARDWARE);
        assertThat(MODE.format(Mode.IRQ_PARALLEL)).isEqualTo("irq-parallel");
        for (Mode m : Mode.values()) {
            assertThat(MODE.parse(MODE.format(m))).isEqualTo(m);
        }
    }

    @Test
    void aChoiceIsMatchedWithoutRegardToCase() {
        assertThat(MODE.parse("irq-parallel")).isEqualTo(Mode.IRQ_PARALLEL);
        assertThat(MODE.parse("IRQ-PARALLEL")).isEqualTo(Mode.IRQ_PARALLEL);
        assertThat(MODE.parse("IRQ_PARALLEL")).isEqualTo(Mode.IRQ_PARALLEL);
        assertThat(MODE.parse("Firmware")).isEqualTo(Mode.FIRMWARE);
        for (String bad : new String[] {"irq", "hardware2", "", "irqparallel"}) {
            assertThatThrownBy(() -> MODE.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected hardware, irq-parallel, firmware");
        }
    }

    @Test
    void anyOtherKindUsesTheGivenParserAndPrinter() {
        Param<int[]> pair = Param.of("pair", "", new int[] {1, 2}, "a,b", text -> {
            String[] s = text.split(",");
            if (s.length != 2) {
                throw new IllegalArgumentException("expected a,b");
            }
            return new int[] {Integer.parseInt(s[0]), Integer.parseInt(s[1])};
        }, v -> v[0] + "," + v[1], "two numbers", "assumed");
        assertThat(pair.range()).isEqualTo("a,b");
        assertThat(pair.parse(" 3,4 ")).containsExactly(3, 4);
        assertThat(pair.format(new int[] {5, 6})).isEqualTo("5,6");
        assertThatThrownBy(() -> pair.parse("3")).hasMessage("expected a,b");
    }
}

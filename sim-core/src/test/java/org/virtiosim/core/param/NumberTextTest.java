package org.virtiosim.core.param;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one number grammar: what it admits, what it refuses, and that an error names the range and echoes little. */
class NumberTextTest {
    @Test
    void wholeNumbersAreDecimalHexOrWholeDecimals() {
        assertThat(NumberText.whole("42", 0, 100, "")).isEqualTo(42);
        assertThat(NumberText.whole(" 7 ", 0, 100, "")).isEqualTo(7);
        assertThat(NumberText.whole("0x1F", 0, 100, "")).isEqualTo(31);
        assertThat(NumberText.whole("0X1f", 0, 100, "")).isEqualTo(31);
        assertThat(NumberText.whole("-0x10", -100, 100, "")).isEqualTo(-16);
        assertThat(NumberText.whole("2e1", 0, 100, "")).isEqualTo(20);
        assertThat(NumberText.whole("1.50e1", 0, 100, "")).isEqualTo(15);
        assertThat(NumberText.whole(String.valueOf(Long.MAX_VALUE), Long.MIN_VALUE, Long.MAX_VALUE, "")).isEqualTo(Long.MAX_VALUE);
        assertThat(NumberText.whole(String.valueOf(Long.MIN_VALUE), Long.MIN_VALUE, Long.MAX_VALUE, "")).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aFractionIsNeverTruncatedAndARangeNeverClamped() {
        assertThatThrownBy(() -> NumberText.whole("2.5", 1, 256, "")).hasMessage("expected a whole number from 1 to 256, got '2.5'");
        assertThatThrownBy(() -> NumberText.whole("1e12", 1, 65535, "")).hasMessage("'1e12' is out of range 1..65535");
        assertThatThrownBy(() -> NumberText.whole("9223372036854775808", Long.MIN_VALUE, Long.MAX_VALUE, ""))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> NumberText.decimal("1e7", 0, 1e6, "ns")).hasMessage("'1e7' is out of range 0..1000000 ns");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "NaN", "nan", "Infinity", "-Infinity", "50d", "1500f", "10L", "0x1p3", "0x1.8p1", "1_000", "#10",
        "0x", "+1", "1e", "e5", ".", "--1", "1,5", "1 000", "٣", "0x-1", "1e99999"})
    void javaAndOtherSyntaxIsRefused(String text) {
        assertThatThrownBy(() -> NumberText.decimal(text, -1e300, 1e300, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expected a number");
        assertThatThrownBy(() -> NumberText.whole(text, Long.MIN_VALUE, Long.MAX_VALUE, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expected a whole number");
        assertThat(NumberText.isNumber(text)).isFalse();
    }

    @Test
    void decimalsTakeFractionsExponentsAndTheParametersOwnUnit() {
        assertThat(NumberText.decimal("12.75", 0, 100, "ns")).isEqualTo(12.75);
        assertThat(NumberText.decimal(".5", 0, 100, "ns")).isEqualTo(0.5);
        assertThat(NumberText.decimal("5.", 0, 100, "ns")).isEqualTo(5.0);
        assertThat(NumberText.decimal("1.5E-3", 0, 100, "ns")).isEqualTo(0.0015);
        assertThat(NumberText.decimal("1500ns", 0, 1e4, "ns")).isEqualTo(1500.0);
        assertThat(NumberText.decimal("1500 ns", 0, 1e4, "ns")).isEqualTo(1500.0);
        assertThat(NumberText.decimal("20 µs", 0, 1e4, "µs")).isEqualTo(20.0);
        assertThat(NumberText.decimal("20us", 0, 1e4, "µs")).isEqualTo(20.0);
        assertThatThrownBy(() -> NumberText.decimal("20 ms", 0, 1e4, "µs")).hasMessageContaining("optionally with its unit µs");
        assertThatThrownBy(() -> NumberText.decimal("20ns", 0, 1e4, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NumberText.decimal("ns", 0, 1e4, "ns")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEchoIsShortPrintableAndSaysItWasCut() {
        String big = "9".repeat(1_000_000);
        assertThatThrownBy(() -> NumberText.whole(big, 0, 10, "")).hasMessageStartingWith("'" + "9".repeat(60) + "…' is too long");
        assertThatThrownBy(() -> NumberText.whole("9".repeat(100), 0, 10, "")).hasMessage("'" + "9".repeat(60) + "…' is out of range 0..10");
        assertThat(NumberText.echo("a\tb\u0001")).isEqualTo("a\\u0009b\\u0001");
        assertThat(NumberText.echo("x".repeat(60))).isEqualTo("x".repeat(60));
        assertThat(NumberText.echo(null)).isEmpty();
    }

    /** The edges: the printable range is 0x20..0x7E exactly, and a number may be 400 characters long but not 401. */
    @Test
    void theEdgesOfWhatIsEchoedAndWhatIsReadAreExact() {
        assertThat(NumberText.echo("\u001f \u007e\u007f")).isEqualTo("\\u001f \u007e\\u007f");
        assertThat(NumberText.echo("x".repeat(61))).isEqualTo("x".repeat(60) + "…");
        assertThat(NumberText.whole("0".repeat(399) + "7", 0, 10, "")).isEqualTo(7);
        assertThatThrownBy(() -> NumberText.whole("0".repeat(400) + "7", 0, 10, "")).hasMessageContaining("too long to be a number");
    }
}

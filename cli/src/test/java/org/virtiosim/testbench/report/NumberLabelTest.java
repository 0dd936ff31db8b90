package org.virtiosim.testbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Chart numbers: compact, exact at ticks, three digits for values, the same under every locale. */
class NumberLabelTest {
    @Test
    void ticksAreCompactAndExact() {
        assertThat(NumberLabel.tick(0)).isEqualTo("0");
        assertThat(NumberLabel.tick(1000)).isEqualTo("1k");
        assertThat(NumberLabel.tick(2500)).isEqualTo("2.5k");
        assertThat(NumberLabel.tick(12500)).isEqualTo("12.5k");
        assertThat(NumberLabel.tick(1e7)).isEqualTo("10M");
        assertThat(NumberLabel.tick(1e9)).isEqualTo("1G");
        assertThat(NumberLabel.tick(500)).isEqualTo("500");
        assertThat(NumberLabel.tick(0.25)).isEqualTo("0.25");
        assertThat(NumberLabel.tick(0.1 + 0.2)).as("floating-point noise is not a digit").isEqualTo("0.3");
        assertThat(NumberLabel.tick(-5000)).isEqualTo("-5k");
        assertThat(NumberLabel.tick(100000)).as("the PNG's cut-off 100,00 was a grouped 100,000").isEqualTo("100k");
    }

    @Test
    void valuesHaveThreeSignificantDigits() {
        assertThat(NumberLabel.value(5623)).isEqualTo("5.62k");
        assertThat(NumberLabel.value(0.2109)).isEqualTo("0.211");
        assertThat(NumberLabel.value(1)).isEqualTo("1");
        assertThat(NumberLabel.value(42.63)).isEqualTo("42.6");
        assertThat(NumberLabel.value(999.6)).as("rounded up into the next group").isEqualTo("1k");
        assertThat(NumberLabel.value(31.6e9)).isEqualTo("31.6G");
        assertThat(NumberLabel.value(-1234)).isEqualTo("-1.23k");
    }

    @Test
    void noLocaleChangesANumber() {
        Locale saved = Locale.getDefault();
        try {
            for (Locale l : new Locale[] {Locale.GERMANY, Locale.FRANCE, Locale.forLanguageTag("ar-EG"), Locale.forLanguageTag("hi-IN")}) {
                Locale.setDefault(l);
                assertThat(NumberLabel.tick(2500)).isEqualTo("2.5k");
                assertThat(NumberLabel.tick(0.25)).isEqualTo("0.25");
                assertThat(NumberLabel.value(1234567)).isEqualTo("1.23M");
                assertThat(NumberLabel.value(0.000123)).isEqualTo("1.23e-04");
            }
        } finally {
            Locale.setDefault(saved);
        }
    }
}

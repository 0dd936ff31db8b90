package org.virtiosim.testbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Round ticks that cover the data: 1-2-5 (or whole decades) on log axes, 1/2/2.5/5 × 10^n steps on linear ones. */
class TicksTest {
    private static final long SEED = 17;

    /** The mantissa of v (v = m × 10^e, 1 ≤ m < 10), exact for tick values. */
    private static BigDecimal mantissa(double v) {
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        return d.movePointLeft(d.precision() - d.scale() - 1).stripTrailingZeros();
    }

    @Test
    void aLogAxisOverAFewDecadesTicksAtOneTwoFive() {
        Axis a = Ticks.log(1000, 10000, 10);
        assertThat(a.ticks()).containsExactly(1000, 2000, 5000, 10000);
        assertThat(a.labels()).containsExactly("1k", "2k", "5k", "10k");
        // The sweep's mean latency (1.27k .. 510k, the old axis ticked 1,585 2,512 3,981 6,310): 1k .. 1M.
        assertThat(Ticks.log(1265, 510000, 10).labels()).containsExactly("1k", "2k", "5k", "10k", "20k", "50k", "100k", "200k", "500k", "1M");
    }

    @Test
    void aLogAxisOverManyDecadesTicksAtPowersOfTen() {
        assertThat(Ticks.log(1, 1e9, 10).labels()).containsExactly("1", "10", "100", "1k", "10k", "100k", "1M", "10M", "100M", "1G");
        assertThat(Ticks.log(3, 2e17, 10).ticks()).as("every 2nd decade once every one is too many")
                .containsExactly(1, 1e2, 1e4, 1e6, 1e8, 1e10, 1e12, 1e14, 1e16, 1e18);
    }

    @Test
    void logTicksAreOneTwoFiveCoverTheDataAndAreNotTooMany() {
        SplittableRandom r = new SplittableRandom(SEED);
        for (int n = 0; n < 2000; n++) {
            double min = Math.pow(10, r.nextDouble(-3, 9));
            double max = min * Math.pow(10, r.nextDouble(0.4, 8));
            int maxTicks = r.nextInt(4, 16);
            Axis a = Ticks.log(min, max, maxTicks);
            double[] t = a.ticks();
            String what = min + ".." + max + " in " + maxTicks + ": " + Arrays.toString(t);
            assertThat(t.length).as(what).isBetween(3, maxTicks);
            assertThat(a.lo()).as(what).isEqualTo(t[0]).isLessThanOrEqualTo(min * (1 + 1e-9));
            assertThat(a.hi()).as(what).isEqualTo(t[t.length - 1]).isGreaterThanOrEqualTo(max * (1 - 1e-9));
            boolean decades = Arrays.stream(t).allMatch(v -> mantissa(v).compareTo(BigDecimal.ONE) == 0);
            for (int i = 0; i < t.length; i++) {
                assertThat(mantissa(t[i])).as(what).isIn(BigDecimal.ONE, BigDecimal.valueOf(2), BigDecimal.valueOf(5));
                if (i > 0) {
                    double ratio = t[i] / t[i - 1];
                    // 1-2-5 steps by 2 or 2.5; decades by a constant power of ten.
                    assertThat(decades ? Math.abs(ratio - t[1] / t[0]) / ratio : Math.min(Math.abs(ratio - 2), Math.abs(ratio - 2.5))).as(what)
                            .isLessThan(1e-9);
                }
            }
        }
    }

    @Test
    void aNarrowLogRangeGetsRoundLinearStepsOnTheLogScale() {
        Axis a = Ticks.log(1200, 1650, 8);
        assertThat(a.log()).isTrue();
        assertThat(a.labels()).containsExactly("1.2k", "1.3k", "1.4k", "1.5k", "1.6k", "1.7k");
    }

    @Test
    void aLinearAxisStepsByOneTwoTwoAndAHalfOrFiveTimesAPowerOfTen() {
        // The old linear axes ticked at thirds of the maximum: 1.17 2.33 3.50.
        assertThat(Ticks.linear(0, 3.5, 6).ticks()).containsExactly(0, 1, 2, 3, 4);
        assertThat(Ticks.linear(0, 1, 11).labels()).containsExactly("0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1");
        assertThat(Ticks.linear(0, 17000, 9).labels()).containsExactly("0", "2.5k", "5k", "7.5k", "10k", "12.5k", "15k", "17.5k");
        assertThat(Ticks.linear(-21800, 21800, 11).labels()).as("a tornado's axis, symmetric through 0")
                .containsExactly("-25k", "-20k", "-15k", "-10k", "-5k", "0", "5k", "10k", "15k", "20k", "25k");
    }

    @Test
    void linearTicksAreRoundCoverTheDataAndAreAsManyAsFit() {
        SplittableRandom r = new SplittableRandom(SEED);
        for (int n = 0; n < 2000; n++) {
            double min = r.nextBoolean() ? 0 : r.nextDouble(-1e6, 1e6);
            double max = min + Math.pow(10, r.nextDouble(-3, 7));
            int maxTicks = r.nextInt(3, 16);
            Axis a = Ticks.linear(min, max, maxTicks);
            double[] t = a.ticks();
            String what = min + ".." + max + " in " + maxTicks + ": " + Arrays.toString(t);
            assertThat(t.length).as(what).isBetween(2, maxTicks);
            assertThat(a.lo()).as(what).isLessThanOrEqualTo(min + Math.abs(min) * 1e-9);
            assertThat(a.hi()).as(what).isGreaterThanOrEqualTo(max - Math.abs(max) * 1e-9);
            double step = new BigDecimal(Double.toString(t[1])).subtract(new BigDecimal(Double.toString(t[0]))).doubleValue();
            assertThat(mantissa(step).doubleValue()).as(what).isCloseTo(nearestRound(step), org.assertj.core.data.Offset.offset(1e-6));
            for (int i = 1; i < t.length; i++) {
                assertThat(new BigDecimal(Double.toString(t[i])).subtract(new BigDecimal(Double.toString(t[i - 1]))).doubleValue()).as(what)
                        .isEqualTo(step);
            }
            // As many as fit: the next finer round step would need more than maxTicks (steps are at most 2.5 times apart).
            assertThat((max - min) / (step / 2.5) + 1).as(what).isGreaterThan(maxTicks - 1);
        }
    }

    private static double nearestRound(double step) {
        double m = mantissa(step).doubleValue();
        double best = 1;
        for (double c : new double[] {1, 2, 2.5, 5}) {
            if (Math.abs(c - m) < Math.abs(best - m)) {
                best = c;
            }
        }
        return best;
    }

    @Test
    void oneValueGetsASpanAroundIt() {
        Axis flat = Ticks.linear(1, 1, 6);
        assertThat(flat.lo()).isLessThan(1);
        assertThat(flat.hi()).isGreaterThan(1);
        assertThat(Ticks.linear(0, 0, 6).labels()).first().isEqualTo("0");
        Axis one = Ticks.log(1550, 1550, 10);
        assertThat(one.lo()).isLessThanOrEqualTo(1550);
        assertThat(one.hi()).isGreaterThanOrEqualTo(1550).isGreaterThan(one.lo());
    }

    @Test
    void impossibleAxesAreRefused() {
        assertThatThrownBy(() -> Ticks.log(0, 10, 5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above 0");
        assertThatThrownBy(() -> Ticks.linear(2, 1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ticks.linear(0, 1, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 ticks");
        assertThatThrownBy(() -> Ticks.linear(0, Double.NaN, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aValueSitsAlongTheAxisAsItsScaleSays() {
        Axis log = Ticks.log(10, 1000, 10);
        assertThat(log.fraction(10)).isEqualTo(0);
        assertThat(log.fraction(1000)).isEqualTo(1);
        assertThat(log.fraction(100)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(log.fraction(0)).as("0 cannot be shown on a log axis: at its low end").isEqualTo(0);
        Axis lin = Ticks.linear(0, 10, 6);
        assertThat(lin.fraction(5)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
    }
}

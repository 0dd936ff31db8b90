package org.virtiosim.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.random.SplitMix64;

class LatencyStatsTest {

    /** The exact percentile of a sorted list: the smallest value with at least p% at or below it. */
    private static long exact(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    @Test
    void percentilesMatchASortedListWithinThePrecision() {
        SplitMix64 rnd = new SplitMix64(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + (int) rnd.nextLong(5000);
            long[] values = new long[n];
            LatencyStats s = new LatencyStats("lat");
            for (int i = 0; i < n; i++) {
                // Heavy tail: cycles of a register access with a few resets in it.
                values[i] = rnd.nextLong(8) == 0 ? 100_000 + rnd.nextLong(1_000_000) : 500 + rnd.nextLong(2000);
                s.record(values[i]);
            }
            Arrays.sort(values);
            for (double p : new double[] {1, 25, 50, 90, 99, 99.9, 100}) {
                long want = exact(values, p);
                long got = s.percentile(p);
                assertThat(s.equivalent(got, want)).as("p%s: got %d, exact %d (n=%d)", p, got, want, n).isTrue();
                assertThat(Math.abs(got - want)).isLessThanOrEqualTo(Math.max(1, want / 1000));
            }
            assertThat(s.max()).isEqualTo(values[n - 1]);
            assertThat(s.min()).isEqualTo(values[0]);
            assertThat(s.count()).isEqualTo(n);
            double mean = Arrays.stream(values).average().orElseThrow();
            assertThat(s.mean()).isCloseTo(mean, org.assertj.core.data.Percentage.withPercentage(0.1));
        }
    }

    @Test
    void smallExactCase() {
        LatencyStats s = new LatencyStats("lat");
        for (long v : new long[] {5, 1, 4, 2, 3, 10, 9, 8, 7, 6}) {
            s.record(v);
        }
        assertThat(s.p50()).isEqualTo(5);
        assertThat(s.p99()).isEqualTo(10);
        assertThat(s.percentile(10)).isEqualTo(1);
        assertThat(s.percentile(11)).isEqualTo(2);
        assertThat(s.mean()).isEqualTo(5.5);
    }

    @Test
    void countersCount() {
        Counter c = new Counter("tlps");
        c.increment();
        c.add(41);
        assertThat(c.value()).isEqualTo(42);
    }

    @Test
    void aPercentileNeverLiesOutsideTheExactMinAndMax() {
        // 44209 shares a bucket whose top is 44223: unclamped, p99 would exceed the max.
        LatencyStats s = new LatencyStats("lat");
        for (int i = 0; i < 10; i++) {
            s.record(1550);
        }
        s.record(44_209);
        assertThat(s.percentile(99)).isEqualTo(44_209);
        assertThat(s.percentile(100)).isEqualTo(s.max());
        assertThat(s.percentile(1)).isEqualTo(1550);
    }

    @Test
    void anEmptyDistributionReadsZeroAndNoMean() {
        LatencyStats s = new LatencyStats("tb.vf0.reset");
        assertThat(s.name()).isEqualTo("tb.vf0.reset");
        assertThat(s.count()).isZero();
        assertThat(s.mean()).isNaN();
        assertThat(s.min()).isZero();
        assertThat(s.max()).isZero();
        assertThat(s.p50()).isZero();
        assertThat(s.percentile(100)).isZero();
    }

    @Test
    void zeroIsALatencyANegativeValueIsNot() {
        LatencyStats s = new LatencyStats("lat");
        s.record(0);
        assertThat(s.count()).isEqualTo(1);
        assertThat(s.max()).isZero();
        assertThatThrownBy(() -> s.record(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lat");
        assertThat(s.count()).isEqualTo(1);
    }

    @Test
    void percentilesAreDefinedOnZeroExclusiveToHundredInclusive() {
        LatencyStats s = new LatencyStats("lat");
        s.record(3);
        assertThat(s.percentile(100)).isEqualTo(3);
        assertThat(s.percentile(Double.MIN_VALUE)).isEqualTo(3);
        for (double bad : new double[] {0, -1, 100.0001, Double.NaN}) {
            assertThatThrownBy(() -> s.percentile(bad)).as("p%s", bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void equivalenceIsEqualityAtThreeSignificantDigits() {
        LatencyStats s = new LatencyStats("lat");
        assertThat(s.equivalent(1234, 1234)).isTrue();
        assertThat(s.equivalent(1000, 1001)).isFalse();
        assertThat(s.equivalent(1_000_000, 2_000_000)).isFalse();
        // Within 0.1%: 1 000 000 and 1 000 100 share a bucket at this precision.
        assertThat(s.equivalent(1_000_000, 1_000_100)).isTrue();
    }

    @Test
    void addingDistributionsGivesTheirUnion() {
        LatencyStats a = new LatencyStats("a");
        LatencyStats b = new LatencyStats("b");
        LatencyStats all = new LatencyStats("all");
        for (long v = 1; v <= 10; v++) {
            a.record(v * 100);
            all.record(v * 100);
        }
        for (long v = 20; v <= 30; v++) {
            b.record(v * 100);
            all.record(v * 100);
        }
        a.add(b);
        assertThat(a.count()).isEqualTo(21);
        assertThat(a.min()).isEqualTo(100);
        assertThat(a.max()).isEqualTo(3000);
        assertThat(a.mean()).isEqualTo(all.mean());
        for (double p : new double[] {1, 40, 50, 60, 99, 100}) {
            assertThat(a.percentile(p)).as("p%s", p).isEqualTo(all.percentile(p));
        }
        LatencyStats low = new LatencyStats("low");
        low.record(5);
        low.add(new LatencyStats("empty"));
        assertThat(low.count()).isEqualTo(1);
        assertThat(low.min()).isEqualTo(5);
        assertThat(low.max()).isEqualTo(5);
        assertThat(low.mean()).isEqualTo(5.0);
    }

    @Test
    void resetForgetsEverything() {
        LatencyStats s = new LatencyStats("lat");
        for (long v : new long[] {7, 70, 700}) {
            s.record(v);
        }
        s.reset();
        assertThat(s.count()).isZero();
        assertThat(s.mean()).isNaN();
        assertThat(s.max()).isZero();
        s.record(40);
        s.record(50);
        assertThat(s.min()).isEqualTo(40);
        assertThat(s.max()).isEqualTo(50);
        assertThat(s.mean()).isEqualTo(45.0);
        assertThat(s.percentile(100)).isEqualTo(50);
        assertThat(s.percentile(50)).isEqualTo(40);
    }

    @Test
    void aCounterHasANameAValueAndAReset() {
        Counter c = new Counter("tb.tlps");
        assertThat(c.name()).isEqualTo("tb.tlps");
        assertThat(c.toString()).isEqualTo("tb.tlps=0");
        c.add(5);
        c.increment();
        assertThat(c.toString()).isEqualTo("tb.tlps=6");
        c.reset();
        assertThat(c.value()).isZero();
    }
}

package org.virtiosim.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

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
}

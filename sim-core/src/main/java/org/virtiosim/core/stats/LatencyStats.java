package org.virtiosim.core.stats;

import org.HdrHistogram.Histogram;

/**
 * A latency distribution (ps, cycles, any non-negative integer unit) with percentiles, on
 * HdrHistogram: 3 significant digits, so a reported percentile is within 0.1% of the exact one,
 * and recording allocates nothing once the range seen has been reached. Count, mean, min and max
 * are kept exactly beside it.
 */
public final class LatencyStats {
    /** Significant decimal digits kept: the relative error of a percentile is below 10^-3. */
    public static final int SIGNIFICANT_DIGITS = 3;

    private final String name;
    private final Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);
    private long count;
    private long sum;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    public LatencyStats(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void record(long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + ": negative latency " + value);
        }
        histogram.recordValue(value);
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    public long count() {
        return count;
    }

    public double mean() {
        return count == 0 ? Double.NaN : (double) sum / count;
    }

    /** The value at percentile p (0 to 100]: the smallest recorded value with at least p% at or below it. */
    public long percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        if (count == 0) {
            return 0;
        }
        // HdrHistogram answers with the top of the bucket, which can exceed the exact max
        // (a p99 above the max reads as a bug in a report); the exact extremes bound it.
        return Math.max(min, Math.min(max, histogram.getValueAtPercentile(p)));
    }

    public long p50() {
        return percentile(50);
    }

    public long p99() {
        return percentile(99);
    }

    /** Exact smallest value recorded; 0 when empty. */
    public long min() {
        return count == 0 ? 0 : min;
    }

    /** Exact largest value recorded; 0 when empty. */
    public long max() {
        return count == 0 ? 0 : max;
    }

    /** Whether two values fall in the same histogram bucket, i.e. are equal at this precision. */
    public boolean equivalent(long a, long b) {
        return histogram.valuesAreEquivalent(a, b);
    }

    /** Adds another distribution into this one (sweep shards, per-VF to per-scheme). */
    public void add(LatencyStats other) {
        histogram.add(other.histogram);
        count += other.count;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    public void reset() {
        histogram.reset();
        count = 0;
        sum = 0;
        min = Long.MAX_VALUE;
        max = Long.MIN_VALUE;
    }
}

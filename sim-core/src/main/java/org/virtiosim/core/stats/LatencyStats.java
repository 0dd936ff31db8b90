package org.virtiosim.core.stats;

import org.HdrHistogram.Histogram;

/**
 * A latency distribution (ps, cycles, any non-negative integer unit) with percentiles, on
 * HdrHistogram: 3 significant digits, so a reported percentile is within 0.1% of the exact one,
 * and recording allocates nothing once the range seen has been reached.
 */
public final class LatencyStats {
    /** Significant decimal digits kept: the relative error of a percentile is below 10^-3. */
    public static final int SIGNIFICANT_DIGITS = 3;

    private final String name;
    private final Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);

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
    }

    public long count() {
        return histogram.getTotalCount();
    }

    public double mean() {
        return histogram.getMean();
    }

    /** The value at percentile p (0 to 100]: the smallest recorded value with at least p% at or below it. */
    public long percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        return histogram.getValueAtPercentile(p);
    }

    public long p50() {
        return percentile(50);
    }

    public long p99() {
        return percentile(99);
    }

    public long min() {
        return histogram.getMinValue();
    }

    public long max() {
        return histogram.getMaxValue();
    }

    /** Whether two values fall in the same histogram bucket, i.e. are equal at this precision. */
    public boolean equivalent(long a, long b) {
        return histogram.valuesAreEquivalent(a, b);
    }

    /** Adds another distribution into this one (sweep shards, per-VF to per-scheme). */
    public void add(LatencyStats other) {
        histogram.add(other.histogram);
    }

    public void reset() {
        histogram.reset();
    }
}

package org.virtiosim.testbench.sensitivity;

/**
 * What one scheme's run gave, as a sensitivity study compares it: access latency in device cycles.
 *
 * @param mean mean access latency ({@code RunResult.accessCycles().mean()})
 * @param p99 99th percentile access latency
 * @param failed accesses that did not complete normally plus reads that returned other than the
 *        scenario expected: a point where this is not 0 is shown as such
 */
public record Figures(double mean, long p99, long failed) {
    /** A clean run's figures. */
    public Figures(double mean, long p99) {
        this(mean, p99, 0);
    }
}

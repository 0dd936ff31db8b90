package org.virtiosim.pcie.bench;

/**
 * A simulated latency next to the public measurement it is calibrated against.
 *
 * @param name what was measured
 * @param simulatedNs the simulation's figure
 * @param targetLowNs low end of the published figure (the figure itself when it is a single value)
 * @param targetHighNs high end
 * @param source where the published figure comes from
 */
public record LatencyAnchor(String name, double simulatedNs, double targetLowNs, double targetHighNs, String source) {
    /** Within the published range, or within 10% of a single published value. */
    public boolean agrees() {
        if (targetLowNs == targetHighNs) {
            return Math.abs(simulatedNs / targetLowNs - 1) <= 0.10;
        }
        return simulatedNs >= targetLowNs && simulatedNs <= targetHighNs;
    }
}

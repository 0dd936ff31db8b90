package org.virtiosim.pcie.host;

/**
 * The CPU side of an MMIO access, ps: from the core's load or store to the root port's transmit
 * queue ({@code issuePs}), and from the root port receiving the completion to the load retiring
 * ({@code returnPs}). Calibrated (docs/parameters.md) so that an uncached 4-byte MMIO read of a
 * device register that answers in 100 ns takes about 1 µs round trip, the anchor issue #4 sets;
 * the split between issue and return is an assumption (even).
 */
public record CpuTiming(long issuePs, long returnPs) {
    public static final CpuTiming DEFAULT = new CpuTiming(395_000, 395_000);

    public CpuTiming {
        if (issuePs < 0 || returnPs < 0) {
            throw new IllegalArgumentException("CPU latencies must be >= 0 ps");
        }
    }
}

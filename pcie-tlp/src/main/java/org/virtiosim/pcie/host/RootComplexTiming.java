package org.virtiosim.pcie.host;

/**
 * Root complex latencies, ps. Defaults ({@link #DEFAULT}) are calibrated, together with the link
 * flight latency, to public measurements (see the parameter table in docs/parameters.md): a
 * 64-byte DMA read round trip of about 550 ns on Gen3 x8 (pcie-bench data set, Neugebauer et al.
 * SIGCOMM 2018) and a posted write arriving at the root complex 250-300 ns after the device
 * issues it.
 *
 * @param ingressPs root port receive to the memory controller
 * @param memoryReadPs DRAM read access
 * @param egressPs read data to the root port's transmit queue
 */
public record RootComplexTiming(long ingressPs, long memoryReadPs, long egressPs) {
    public static final RootComplexTiming DEFAULT = new RootComplexTiming(214_000, 130_000, 92_000);

    public RootComplexTiming {
        if (ingressPs < 0 || memoryReadPs < 0 || egressPs < 0) {
            throw new IllegalArgumentException("root complex latencies must be >= 0 ps");
        }
    }
}

package org.virtiosim.pcie.link;

/**
 * One link's parameters. Flight latency covers everything between the last byte leaving the
 * transmitter's Data Link Layer and the TLP being available at the receiver's Transaction Layer:
 * PHY pipelines on both sides, SerDes, the channel. Its default is set by calibration (see
 * {@code PcieDefaults}), not by the spec.
 */
public record LinkConfig(LinkGeneration generation, int lanes, int maxPayloadSize, DllpPolicy dllpPolicy,
                         long flightLatencyPs) {
    public static final int[] VALID_LANES = {1, 2, 4, 8, 16};
    public static final int[] VALID_PAYLOAD_SIZES = {128, 256, 512, 1024, 2048, 4096};

    public LinkConfig {
        if (generation == null || dllpPolicy == null) {
            throw new IllegalArgumentException("generation and DLLP policy are required");
        }
        if (!contains(VALID_LANES, lanes)) {
            throw new IllegalArgumentException("lanes must be one of 1, 2, 4, 8, 16, got " + lanes);
        }
        if (!isPayloadSize(maxPayloadSize)) {
            throw new IllegalArgumentException("MPS must be one of 128, 256, 512, 1024, 2048, 4096, got " + maxPayloadSize);
        }
        if (flightLatencyPs < 0) {
            throw new IllegalArgumentException("flight latency must be >= 0 ps, got " + flightLatencyPs);
        }
    }

    /** One of the sizes Max_Payload_Size and Max_Read_Request_Size can take: 128 to 4096, powers of two. */
    public static boolean isPayloadSize(int v) {
        return contains(VALID_PAYLOAD_SIZES, v);
    }

    static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /** Time for one byte of link traffic striped over all lanes, ps × 2^16. */
    public long byteTimeFp() {
        return generation.laneByteTimeFp() / lanes;
    }

    /** One symbol time (one byte on each lane), ps × 2^16. */
    public long symbolTimeFp() {
        return generation.laneByteTimeFp();
    }

    public double gigabitsPerSecond() {
        return generation.gigabitsPerSecond(lanes);
    }

    /** Ack/UpdateFC limit for this link (symbol times; pcie-bench reads it as bytes). */
    public int ackFcLimit() {
        return AckFcLimits.limit(generation, lanes, maxPayloadSize);
    }

    @Override
    public String toString() {
        return "gen" + generation.number() + "x" + lanes + " MPS " + maxPayloadSize + " " + dllpPolicy;
    }
}

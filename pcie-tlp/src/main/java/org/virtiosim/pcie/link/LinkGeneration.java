package org.virtiosim.pcie.link;

import org.virtiosim.pcie.fc.ReceiverCredits;

/**
 * PCIe generations: signalling rate per lane and line encoding.
 *
 * <p>PCI Express Base Specification Rev. 6.0 §4.2 (8b/10b for 2.5 and 5.0 GT/s, 128b/130b for 8.0,
 * 16.0 and 32.0 GT/s, Flit Mode with PAM4 at 64.0 GT/s). Times are kept in fixed point with 16
 * fractional bits of a picosecond ({@link #FP_SHIFT}): every lane byte time here is then an exact
 * integer, e.g. Gen3 130 bits per 128 bits at 8 GT/s is 1015.625 ps = 66 560 000 / 2^16 ps.
 *
 * <p>Gen6 approximation (stated, not modelled bit by bit): Flit Mode carries TLP bytes in 256-byte
 * flits of which 236 bytes are TLP space (6 bytes DLP, 8 bytes CRC, 6 bytes FEC, §4.2.3.4.1);
 * the model stretches the byte time by 256/236 and charges no per-TLP framing, sequence number or
 * LCRC, and no separate Ack/UpdateFC DLLPs (they ride in the DLP bytes of each flit).
 */
public enum LinkGeneration {
    GEN1(2.5, "8b/10b", 4000L << LinkGeneration.FP_SHIFT, 8),
    GEN2(5.0, "8b/10b", 2000L << LinkGeneration.FP_SHIFT, 8),
    GEN3(8.0, "128b/130b", 66_560_000L, 8),
    GEN4(16.0, "128b/130b", 33_280_000L, 8),
    GEN5(32.0, "128b/130b", 16_640_000L, 8),
    /** 64 GT/s PAM4: 125 ps per raw byte per lane, times 256/236 for the flit's non-TLP bytes. */
    GEN6(64.0, "flit (236 TLP bytes per 256-byte flit)", 125L * 256 * (1L << LinkGeneration.FP_SHIFT) / 236, 0);

    /** Fixed-point fraction bits of link times: value / 2^16 = picoseconds. */
    public static final int FP_SHIFT = 16;

    private final double gigaTransfersPerSecond;
    private final String encoding;
    private final long laneByteTimeFp;
    private final int tlpFramingBytes;

    LinkGeneration(double gt, String encoding, long laneByteTimeFp, int tlpFramingBytes) {
        this.gigaTransfersPerSecond = gt;
        this.encoding = encoding;
        this.laneByteTimeFp = laneByteTimeFp;
        this.tlpFramingBytes = tlpFramingBytes;
    }

    public double gigaTransfersPerSecond() {
        return gigaTransfersPerSecond;
    }

    public String encoding() {
        return encoding;
    }

    /** Time one lane takes for one byte of link traffic (encoding included), in ps × 2^16. */
    public long laneByteTimeFp() {
        return laneByteTimeFp;
    }

    /**
     * Bytes the Physical and Data Link Layers add to each TLP. 8b/10b: STP symbol, 2-byte sequence
     * number, 4-byte LCRC, END symbol = 8 (§4.2.1.1, §3.6.2). 128b/130b: 4-byte STP token holding
     * the sequence number, 4-byte LCRC = 8 (§4.2.2.3.1). Flit Mode: 0 (see the class comment).
     */
    public int tlpFramingBytes() {
        return tlpFramingBytes;
    }

    /** Usable bit rate of a link of this many lanes after line encoding, Gb/s. */
    public double gigabitsPerSecond(int lanes) {
        return 8.0 * lanes * 1000.0 * (1 << FP_SHIFT) / laneByteTimeFp;
    }

    /**
     * The credits a receiver advertises by default on a link of this generation: the most it can,
     * scaled from 16.0 GT/s where Scaled Flow Control exists (§2.6.1.1). It lives here, not in
     * the fc package, because the choice depends on the generation and fc must not depend on link.
     */
    public ReceiverCredits defaultReceiverCredits() {
        return ordinal() >= GEN4.ordinal() ? ReceiverCredits.SCALED_X4_MAX : ReceiverCredits.UNSCALED_MAX;
    }

    /** 1 for GEN1 .. 6 for GEN6. */
    public int number() {
        return ordinal() + 1;
    }

    public static LinkGeneration of(int n) {
        if (n < 1 || n > values().length) {
            throw new IllegalArgumentException("PCIe generation must be 1.." + values().length + ", got " + n);
        }
        return values()[n - 1];
    }
}

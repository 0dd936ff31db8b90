package org.virtiosim.pcie.bench;

import org.virtiosim.pcie.link.LinkConfig;

/**
 * The analytic PCIe bandwidth model of pcie-bench (R. Neugebauer et al., "Understanding PCIe
 * performance for end host networking", SIGCOMM 2018; github.com/pcie-bench/pcie-model,
 * model/pcie.py and model/mem_bw.py), re-derived here only to check the simulation against it.
 * Nothing the simulator reports comes from this class.
 *
 * <p>Its assumptions: 64-bit addresses; per TLP 8 bytes of framing, sequence number and LCRC plus
 * the header (24 bytes for MWr/MRd, 20 for CplD); completions in MPS-sized pieces; usable TLP
 * bandwidth = raw × (1 − 8/AckLimit − 8/FcLimit − 4/1538), charged to each direction.
 */
public final class PcieBenchModel {
    private static final int MWR64_OVERHEAD = 8 + 4 + 12;
    private static final int MRD64_OVERHEAD = 8 + 4 + 12;
    private static final int CPLD_OVERHEAD = 8 + 4 + 8;

    private PcieBenchModel() {
    }

    /** Usable TLP-layer bandwidth of one direction, Gb/s. */
    public static double tlpGbps(LinkConfig c) {
        double limit = c.ackFcLimit();
        double overhead = 8.0 / limit + 8.0 / limit + 4.0 / 1538.0;
        return c.gigabitsPerSecond() * (1 - overhead);
    }

    public static double writeGbps(LinkConfig c, int size) {
        long tlps = ceilDiv(size, c.maxPayloadSize());
        return size * tlpGbps(c) / (tlps * MWR64_OVERHEAD + size);
    }

    /** Read bandwidth: completions limit it (requests need far less of the other direction). */
    public static double readGbps(LinkConfig c, int mrrs, int size) {
        long cpls = ceilDiv(size, c.maxPayloadSize());
        double rx = cpls * CPLD_OVERHEAD + size;
        double tx = ceilDiv(size, mrrs) * MRD64_OVERHEAD;
        return size * tlpGbps(c) / Math.max(rx, tx);
    }

    /** Equal numbers of reads and writes of {@code size}: the write bandwidth (pcie-model's read_write). */
    public static double bidirGbps(LinkConfig c, int mrrs, int size) {
        double tx = ceilDiv(size, c.maxPayloadSize()) * (double) MWR64_OVERHEAD + size + ceilDiv(size, mrrs) * MRD64_OVERHEAD;
        double rx = ceilDiv(size, c.maxPayloadSize()) * (double) CPLD_OVERHEAD + size;
        return size * tlpGbps(c) / Math.max(tx, rx);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}

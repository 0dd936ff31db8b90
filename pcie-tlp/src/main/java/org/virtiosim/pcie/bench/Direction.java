package org.virtiosim.pcie.bench;

/** What a bandwidth stream does, from the device's side. */
public enum Direction {
    /** Device writes host memory (MWr). */
    WRITE,
    /** Device reads host memory (MRd, CplD back). */
    READ,
    /** Equal numbers of writes and reads, interleaved; the write bandwidth is reported. */
    BIDIR
}

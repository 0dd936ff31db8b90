package org.virtiosim.pcie.host;

import org.virtiosim.pcie.tlp.CompletionStatus;

/** Hears how a CPU-issued MMIO read ended. */
public interface MmioListener {
    /** The load retired with {@code value} (little-endian bytes of the register). */
    void mmioReadDone(long context, long value, CompletionStatus status);

    /** No completion came within the root port's Completion Timeout. */
    void mmioReadTimedOut(long context);
}

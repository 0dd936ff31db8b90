package org.virtiosim.pcie.fc;

import org.virtiosim.pcie.tlp.TlpType;

/**
 * Flow-control credit types (PCI Express Base Specification Rev. 6.0 §2.6.1, Table 2-43): header
 * and data credits for Posted, Non-Posted and Completion traffic. One header credit per TLP; one
 * data credit per 4 DW (16 bytes) of payload.
 */
public enum CreditType {
    PH, PD, NPH, NPD, CplH, CplD;

    /** Bytes of payload per data credit. */
    public static final int DATA_CREDIT_BYTES = 16;

    public static CreditType header(TlpType t) {
        return switch (t.category()) {
            case POSTED -> PH;
            case NON_POSTED -> NPH;
            case COMPLETION -> CplH;
        };
    }

    public static CreditType data(TlpType t) {
        return switch (t.category()) {
            case POSTED -> PD;
            case NON_POSTED -> NPD;
            case COMPLETION -> CplD;
        };
    }

    /** Data credits for a payload: ceil(bytes / 16). */
    public static int dataCredits(int payloadBytes) {
        return (payloadBytes + DATA_CREDIT_BYTES - 1) / DATA_CREDIT_BYTES;
    }
}

package org.virtiosim.pcie.tlp;

/**
 * Completion Status[2:0]. PCI Express Base Specification Rev. 6.0, §2.2.9.1, Table 2-40
 * "Completion Status Field Values": 000 SC (Successful Completion), 001 UR (Unsupported Request),
 * 010 CRS (Configuration Request Retry Status; RRS in Rev. 6.0), 100 CA (Completer Abort).
 */
public enum CompletionStatus {
    SC(0b000),
    UR(0b001),
    CRS(0b010),
    CA(0b100);

    private final int code;

    CompletionStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    private static final CompletionStatus[] BY_CODE = new CompletionStatus[8];

    static {
        for (CompletionStatus s : values()) {
            BY_CODE[s.code] = s;
        }
    }

    /** The status with this code, or null for a reserved value. Allocates nothing. */
    public static CompletionStatus decode(int code) {
        return code >= 0 && code < 8 ? BY_CODE[code] : null;
    }
}

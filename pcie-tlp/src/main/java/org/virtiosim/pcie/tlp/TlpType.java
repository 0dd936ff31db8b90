package org.virtiosim.pcie.tlp;

/**
 * The TLP types the model uses, with their Fmt and Type field encodings.
 *
 * <p>PCI Express Base Specification Rev. 6.0, §2.2.1 "Common Packet Header Fields", Table 2-5
 * "Fmt[2:0] Field Values" and Table 2-6 "Fmt[2:0] and Type[4:0] Field Encodings" (non-Flit Mode).
 * Fmt: 000 = 3 DW header, no data; 001 = 4 DW, no data; 010 = 3 DW, with data; 011 = 4 DW,
 * with data. Memory requests to addresses below 4 GB must use the 3 DW (32-bit) format (§2.2.4.1).
 */
public enum TlpType {
    MRd32(0b000, 0b0_0000, Category.NON_POSTED),
    MRd64(0b001, 0b0_0000, Category.NON_POSTED),
    MWr32(0b010, 0b0_0000, Category.POSTED),
    MWr64(0b011, 0b0_0000, Category.POSTED),
    IORd(0b000, 0b0_0010, Category.NON_POSTED),
    IOWr(0b010, 0b0_0010, Category.NON_POSTED),
    CfgRd0(0b000, 0b0_0100, Category.NON_POSTED),
    CfgWr0(0b010, 0b0_0100, Category.NON_POSTED),
    Cpl(0b000, 0b0_1010, Category.COMPLETION),
    CplD(0b010, 0b0_1010, Category.COMPLETION);

    /** The three flow-control and ordering classes of §2.4 and §2.6: posted, non-posted, completion. */
    public enum Category {
        POSTED, NON_POSTED, COMPLETION
    }

    private static final TlpType[] BY_FMT_TYPE = new TlpType[8 * 32];

    static {
        for (TlpType t : values()) {
            BY_FMT_TYPE[t.fmt << 5 | t.type] = t;
        }
    }

    private final int fmt;
    private final int type;
    private final Category category;

    TlpType(int fmt, int type, Category category) {
        this.fmt = fmt;
        this.type = type;
        this.category = category;
    }

    /** Fmt[2:0]. */
    public int fmt() {
        return fmt;
    }

    /** Type[4:0]. */
    public int type() {
        return type;
    }

    public Category category() {
        return category;
    }

    /** Header length in DW: 3 or 4 (Fmt[0]). */
    public int headerDw() {
        return (fmt & 0b001) != 0 ? 4 : 3;
    }

    public int headerBytes() {
        return headerDw() * 4;
    }

    /** A data payload follows the header (Fmt[1]). */
    public boolean hasData() {
        return (fmt & 0b010) != 0;
    }

    public boolean isPosted() {
        return category == Category.POSTED;
    }

    public boolean isNonPosted() {
        return category == Category.NON_POSTED;
    }

    public boolean isCompletion() {
        return category == Category.COMPLETION;
    }

    public boolean isMemory() {
        return this == MRd32 || this == MRd64 || this == MWr32 || this == MWr64;
    }

    public boolean isRead() {
        return this == MRd32 || this == MRd64 || this == IORd || this == CfgRd0;
    }

    /** The type with these Fmt and Type fields, or null if the model does not know it. */
    public static TlpType decode(int fmt, int type) {
        if (fmt < 0 || fmt > 7 || type < 0 || type > 31) {
            return null;
        }
        return BY_FMT_TYPE[fmt << 5 | type];
    }
}

package org.virtiosim.pcie.tlp;

import java.util.Objects;

/**
 * Byte encoding of {@link Tlp}s: header, data payload and TLP Digest, in the order they go on the
 * wire (byte 0 first, multi-byte fields most significant byte first, as the specification draws
 * them).
 *
 * <p>PCI Express Base Specification Rev. 6.0, non-Flit Mode: §2.2.1.1 (DW0 fields), §2.2.4.1
 * (32- and 64-bit address formats), §2.2.6.2 (10-bit Tags: T9 and T8 in DW0), §2.2.7.1 (memory,
 * I/O and configuration request headers), §2.2.9.1 (completion header), §2.2.3 and §2.7.1 (TLP
 * Digest / ECRC).
 *
 * <p>Hot path: {@link #encode} and {@link #decode} write into caller-supplied buffers and TLPs and
 * allocate nothing; only the error paths build exceptions. Decoding reuses the TLP's payload
 * buffer, so it allocates only when that buffer is smaller than the payload.
 *
 * <p>ECRC: when TD is set, {@link #encode} appends a real ECRC computed as §2.7.1 describes:
 * CRC-32 with polynomial 04C1 1DB7h and seed FFFF FFFFh over header and payload, bits taken
 * bit 0 to bit 7 of each byte from byte 0, the Variant bits (Type[0], byte 0 bit 0; EP, byte 2
 * bit 6) treated as 1, the result complemented and its bits mapped into the Digest by Table 2-55.
 * That mapping puts the complemented remainder's x^31..x^24 coefficients into Digest byte 0
 * (bit 7 = x^31), and so on: the same value and byte order as an Ethernet FCS, i.e. the
 * {@link java.util.zip.CRC32} value of the bytes (Variant bits set) stored least significant
 * byte first. {@link #decode} skips the Digest without checking it, because an ECRC mismatch is
 * an ECRC Error, not a Malformed TLP, and only Functions with ECRC checking enabled look
 * (§2.7.1, §6.2); such a receiver calls {@link #ecrcMatches}.
 *
 * <p>Only the fields a type's header has are encoded; the rest of the {@link Tlp} (an address on
 * a completion, PH on an I/O request) is ignored, and {@link #decode} leaves them at their
 * cleared defaults. Reserved bits are written as 0 and ignored when read (§2.2).
 */
public final class TlpCodec {
    /** Size of the TLP Digest that follows the payload when TD is set (§2.2.3). */
    public static final int DIGEST_BYTES = 4;

    /** Smallest header: DW0 to DW2. Fmt and Type must be read before the real size is known. */
    private static final int MIN_HEADER_BYTES = 12;

    /** Byte-wise table for the bit-reflected CRC-32 (04C1 1DB7h reversed is EDB8 8320h). */
    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0xEDB8_8320 : c >>> 1;
            }
            CRC_TABLE[n] = c;
        }
    }

    /**
     * Completion Status by code, null where Reserved. CompletionStatus.decode walks values(),
     * which clones the array on every call: this keeps decode allocation-free.
     */
    private static final CompletionStatus[] STATUS_BY_CODE = new CompletionStatus[8];

    static {
        for (CompletionStatus s : CompletionStatus.values()) {
            STATUS_BY_CODE[s.code()] = s;
        }
    }

    private TlpCodec() {
    }

    /** Bytes {@link #encode} writes for this TLP: header, payload (Length × 4) and Digest if TD. */
    public static int wireBytes(Tlp tlp) {
        return tlp.transactionLayerBytes();
    }

    /**
     * Writes the TLP at {@code buf[off..]} and returns the bytes written ({@link #wireBytes}).
     *
     * @throws IllegalArgumentException if the TLP is one a Receiver would call malformed or the
     *         format cannot carry (I/O or configuration request with Length ≠ 1, TC ≠ 0, Attr ≠ 0
     *         or Last DW BE ≠ 0; a 64-bit memory request below 4 GB or a 32-bit one above; a Cpl
     *         with a Length; a payload buffer shorter than Length; Byte Count 0)
     * @throws IndexOutOfBoundsException if the TLP does not fit in {@code buf} at {@code off};
     *         nothing is written then
     */
    public static int encode(Tlp t, byte[] buf, int off) {
        checkEncodable(t);
        TlpType type = t.type();
        int hdr = type.headerBytes();
        int payload = t.payloadBytes();
        int total = hdr + payload + (t.td() ? DIGEST_BYTES : 0);
        Objects.checkFromIndexSize(off, total, buf.length);

        int tag = t.tag();
        int attr = t.attr();
        // Length 1024 is sent as 0 (Table 2-4); for Cpl the field is Reserved and lengthDw is 0.
        int len = t.lengthDw() & 0x3FF;
        buf[off] = (byte) (type.fmt() << 5 | type.type());
        buf[off + 1] = (byte) ((tag >>> 9 & 1) << 7 | t.tc() << 4 | (tag >>> 8 & 1) << 3
                | (attr >>> 2) << 2 | (t.th() ? 1 : 0));
        buf[off + 2] = (byte) ((t.td() ? 0x80 : 0) | (t.ep() ? 0x40 : 0) | (attr & 3) << 4 | t.at() << 2
                | len >>> 8);
        buf[off + 3] = (byte) len;

        if (type.isCompletion()) {
            put16(buf, off + 4, t.completerId());
            int bc = t.byteCount() & 0xFFF; // 4096 is sent as 0
            buf[off + 6] = (byte) (t.status().code() << 5 | (t.bcm() ? 0x10 : 0) | bc >>> 8);
            buf[off + 7] = (byte) bc;
            put16(buf, off + 8, t.requesterId());
            buf[off + 10] = (byte) tag;
            buf[off + 11] = (byte) t.lowerAddress(); // bit 7 Reserved
        } else {
            put16(buf, off + 4, t.requesterId());
            buf[off + 6] = (byte) tag;
            buf[off + 7] = (byte) (t.lastDwBe() << 4 | t.firstDwBe());
            long a = t.address();
            switch (type) {
                case CfgRd0, CfgWr0 -> {
                    int reg = t.registerOffset();
                    put16(buf, off + 8, t.targetId());
                    buf[off + 10] = (byte) (reg >>> 8);   // Extended Register Number; bits 7:4 Reserved
                    buf[off + 11] = (byte) (reg & 0xFC);  // Register Number; bits 1:0 Reserved
                }
                case MRd64, MWr64 -> {
                    put32(buf, off + 8, (int) (a >>> 32));
                    put32(buf, off + 12, (int) a | t.ph());
                }
                case MRd32, MWr32 -> put32(buf, off + 8, (int) a | t.ph());
                default -> put32(buf, off + 8, (int) a); // I/O: PH bits are Reserved
            }
        }
        if (payload > 0) {
            System.arraycopy(t.data(), 0, buf, off + hdr, payload);
        }
        if (t.td()) {
            putLe32(buf, off + hdr + payload, crc(buf, off, hdr + payload));
        }
        return total;
    }

    /**
     * Reads one TLP from {@code buf[off .. off+len)} into {@code out}, which is cleared first, and
     * returns the bytes it occupies (header, payload, Digest). Bytes after it are left alone, so a
     * caller can walk a stream; {@link #decodeFramed} also checks that the TLP fills its frame.
     *
     * @throws MalformedTlpException naming the field, for an unknown Fmt/Type, a buffer shorter
     *         than the TLP its header describes, a Reserved Completion Status, or what §2.2.7.1 makes
     *         malformed (I/O and configuration requests with Length ≠ 1, TC ≠ 0, Attr ≠ 0, Last DW
     *         BE ≠ 0) or §2.2.4.1 forbids (a 64-bit address below 4 GB). {@code out} is unchanged.
     * @throws IndexOutOfBoundsException if {@code off}/{@code len} lie outside {@code buf}
     */
    public static int decode(byte[] buf, int off, int len, Tlp out) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < 1) {
            throw new MalformedTlpException("Fmt/Type", "truncated: no bytes");
        }
        int b0 = buf[off] & 0xFF;
        TlpType type = TlpType.decode(b0 >>> 5, b0 & 0x1F);
        if (type == null) {
            throw new MalformedTlpException("Fmt/Type", "Fmt " + bin(b0 >>> 5, 3) + " Type " + bin(b0 & 0x1F, 5)
                    + " is not a TLP type the model knows");
        }
        int hdr = type.headerBytes();
        if (len < hdr) {
            throw new MalformedTlpException("header", "truncated: " + type + " has a " + hdr + "-byte header, only "
                    + len + " bytes given");
        }
        int b1 = buf[off + 1] & 0xFF;
        int b2 = buf[off + 2] & 0xFF;
        int lengthField = (b2 & 3) << 8 | buf[off + 3] & 0xFF;
        // Length is Reserved for Cpl (§2.2.1.1): ignore whatever is there.
        int lengthDw = type == TlpType.Cpl ? 0 : lengthField == 0 ? 1024 : lengthField;
        int payload = type.hasData() ? lengthDw * 4 : 0;
        boolean td = (b2 & 0x80) != 0;
        if (len < hdr + payload) {
            throw new MalformedTlpException("Length", "truncated: Length " + lengthDw + " DW needs " + payload
                    + " payload bytes after the " + hdr + "-byte header, only " + (len - hdr) + " given");
        }
        int total = hdr + payload + (td ? DIGEST_BYTES : 0);
        if (len < total) {
            throw new MalformedTlpException("TD", "truncated: TD is set but the 4-byte TLP Digest is missing ("
                    + (len - hdr - payload) + " bytes after the payload)");
        }
        int tc = b1 >>> 4 & 7;
        int attr = (b1 >>> 2 & 1) << 2 | (b2 >>> 4 & 3);
        int tagHigh = (b1 >>> 7 & 1) << 9 | (b1 >>> 3 & 1) << 8;

        if (type.isCompletion()) {
            int b6 = buf[off + 6] & 0xFF;
            CompletionStatus status = STATUS_BY_CODE[b6 >>> 5];
            if (status == null) {
                // §2.3.2 has receivers handle a Reserved status as UR; in the model it can only be a bug.
                throw new MalformedTlpException("Completion Status", "Reserved value " + bin(b6 >>> 5, 3));
            }
            int bc = (b6 & 0xF) << 8 | buf[off + 7] & 0xFF;
            fillDw0(out, type, tc, attr, b1, b2, lengthDw, tagHigh | buf[off + 10] & 0xFF);
            out.completerId(get16(buf, off + 4))
                    .status(status)
                    .bcm((b6 & 0x10) != 0)
                    .byteCount(bc == 0 ? 4096 : bc)
                    .requesterId(get16(buf, off + 8))
                    .lowerAddress(buf[off + 11] & 0x7F);
        } else {
            int be = buf[off + 7] & 0xFF;
            int lastBe = be >>> 4;
            boolean ioOrCfg = !type.isMemory();
            if (ioOrCfg) {
                // §2.2.7.1: I/O and configuration requests are one DW, TC0, no attributes.
                if (lengthDw != 1) {
                    throw new MalformedTlpException("Length", type + " must have Length 1, not " + lengthDw);
                }
                if (tc != 0) {
                    throw new MalformedTlpException("TC", type + " must use TC0, not TC" + tc);
                }
                if (attr != 0) {
                    throw new MalformedTlpException("Attr", type + " must have Attr 000b, not " + bin(attr, 3));
                }
                if (lastBe != 0) {
                    throw new MalformedTlpException("Last DW BE", type + " must have Last DW BE 0000b, not "
                            + bin(lastBe, 4));
                }
            }
            long address = 0;
            int ph = 0;
            int targetId = 0;
            int reg = 0;
            switch (type) {
                case CfgRd0, CfgWr0 -> {
                    targetId = get16(buf, off + 8);
                    reg = (buf[off + 10] & 0xF) << 8 | buf[off + 11] & 0xFC;
                }
                case MRd64, MWr64 -> {
                    long hi = get32(buf, off + 8) & 0xFFFF_FFFFL;
                    if (hi == 0) {
                        // §2.2.4.1: below 4 GB the 32-bit format is required. The spec leaves the
                        // receiver's behaviour unspecified; the model rejects it as malformed.
                        throw new MalformedTlpException("Address", type + " with a 64-bit address below 4 GB (0x"
                                + Integer.toHexString(get32(buf, off + 12) & ~3) + ") must use the 32-bit format");
                    }
                    int lo = get32(buf, off + 12);
                    address = hi << 32 | lo & 0xFFFF_FFFCL;
                    ph = lo & 3;
                }
                case MRd32, MWr32 -> {
                    int lo = get32(buf, off + 8);
                    address = lo & 0xFFFF_FFFCL;
                    ph = lo & 3;
                }
                default -> address = get32(buf, off + 8) & 0xFFFF_FFFCL; // I/O: PH bits Reserved
            }
            fillDw0(out, type, tc, attr, b1, b2, lengthDw, tagHigh | buf[off + 6] & 0xFF);
            out.requesterId(get16(buf, off + 4))
                    .firstDwBe(be & 0xF)
                    .lastDwBe(lastBe)
                    .address(address)
                    .ph(ph)
                    .targetId(targetId)
                    .registerOffset(reg);
        }
        if (payload > 0) {
            System.arraycopy(buf, off + hdr, out.ensureData(payload), 0, payload);
        }
        return total;
    }

    /**
     * {@link #decode} for a TLP the Data Link Layer hands over whole ({@code len} is exactly the
     * TLP's size, e.g. between STP and END framing): a size other than the header's Fmt, Length
     * and TD imply is Malformed (§2.2.2: the payload size must match Length; §2.2.3: TD).
     * {@code out} is unspecified after an exception.
     */
    public static int decodeFramed(byte[] buf, int off, int len, Tlp out) {
        int n = decode(buf, off, len, out);
        if (n != len) {
            throw new MalformedTlpException("Length", "header (Fmt, Length, TD) gives a " + n + "-byte "
                    + out.type() + " but the frame holds " + len + " bytes");
        }
        return n;
    }

    /**
     * Whether the TLP of {@code tlpBytes} bytes at {@code buf[off..]} (TD set, Digest included)
     * carries the ECRC that §2.7.1 computes for it. Allocates nothing.
     */
    public static boolean ecrcMatches(byte[] buf, int off, int tlpBytes) {
        Objects.checkFromIndexSize(off, tlpBytes, buf.length);
        if (tlpBytes < MIN_HEADER_BYTES + DIGEST_BYTES) {
            return false;
        }
        int end = off + tlpBytes - DIGEST_BYTES;
        return crc(buf, off, tlpBytes - DIGEST_BYTES) == getLe32(buf, end);
    }

    /**
     * ECRC of {@code n} bytes (§2.7.1): reflected CRC-32, seed FFFF FFFFh, Variant bits Type[0]
     * (byte 0 bit 0) and EP (byte 2 bit 6) taken as 1, complemented. Returned as the value whose
     * little-endian bytes are the TLP Digest (Table 2-55).
     */
    private static int crc(byte[] buf, int off, int n) {
        int c = 0xFFFF_FFFF;
        c = CRC_TABLE[(c ^ (buf[off] | 0x01)) & 0xFF] ^ c >>> 8;
        c = CRC_TABLE[(c ^ buf[off + 1]) & 0xFF] ^ c >>> 8;
        c = CRC_TABLE[(c ^ (buf[off + 2] | 0x40)) & 0xFF] ^ c >>> 8;
        for (int i = 3; i < n; i++) {
            c = CRC_TABLE[(c ^ buf[off + i]) & 0xFF] ^ c >>> 8;
        }
        return ~c;
    }

    private static void fillDw0(Tlp out, TlpType type, int tc, int attr, int b1, int b2, int lengthDw, int tag) {
        out.clear();
        out.type(type)
                .tc(tc)
                .attr(attr)
                .th((b1 & 0x01) != 0) // byte 1 bit 1 (formerly LN) is Reserved: ignored
                .td((b2 & 0x80) != 0)
                .ep((b2 & 0x40) != 0)
                .at(b2 >>> 2 & 3)
                .lengthDw(lengthDw)
                .tag(tag);
    }

    private static void checkEncodable(Tlp t) {
        TlpType type = t.type();
        int len = t.lengthDw();
        if (type == TlpType.Cpl) {
            if (len != 0) {
                throw new IllegalArgumentException("Cpl carries no data; its Length is Reserved and must be 0, not " + len);
            }
        } else if (len < 1) {
            throw new IllegalArgumentException(type + " needs Length 1..1024 DW, not " + len);
        }
        if (type.hasData()) {
            int n = len * 4;
            if (t.data() == null || t.data().length < n) {
                throw new IllegalArgumentException(type + " with Length " + len + " needs " + n
                        + " payload bytes; the data buffer holds " + (t.data() == null ? 0 : t.data().length));
            }
        }
        switch (type) {
            case IORd, IOWr, CfgRd0, CfgWr0 -> {
                if (len != 1 || t.tc() != 0 || t.attr() != 0 || t.lastDwBe() != 0) {
                    throw new IllegalArgumentException(type + " must have Length 1, TC0, Attr 000b and Last DW BE 0000b"
                            + " (§2.2.7.1): Length " + len + ", TC" + t.tc() + ", Attr " + bin(t.attr(), 3)
                            + ", Last DW BE " + bin(t.lastDwBe(), 4));
                }
                if ((type == TlpType.IORd || type == TlpType.IOWr) && t.address() >>> 32 != 0) {
                    throw new IllegalArgumentException("I/O addresses are 32-bit: 0x" + Long.toHexString(t.address()));
                }
            }
            case MRd32, MWr32 -> {
                if (t.address() >>> 32 != 0) {
                    throw new IllegalArgumentException(type + " cannot carry address 0x" + Long.toHexString(t.address())
                            + " (at or above 4 GB); use the 64-bit format");
                }
            }
            case MRd64, MWr64 -> {
                if (t.address() >>> 32 == 0) {
                    throw new IllegalArgumentException(type + " with address 0x" + Long.toHexString(t.address())
                            + " below 4 GB: the 32-bit format is required (§2.2.4.1)");
                }
            }
            case Cpl, CplD -> {
                if (t.status() == null) {
                    throw new IllegalArgumentException("completion without a Completion Status");
                }
                if (t.byteCount() == 0) {
                    throw new IllegalArgumentException("Byte Count 0 cannot be encoded: 0 on the wire means 4096");
                }
            }
            default -> throw new AssertionError(type);
        }
    }

    private static String bin(int v, int width) {
        StringBuilder b = new StringBuilder(width + 1);
        for (int i = width - 1; i >= 0; i--) {
            b.append((v >>> i & 1) != 0 ? '1' : '0');
        }
        return b.append('b').toString();
    }

    private static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    private static void put32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    private static void putLe32(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }

    private static int get16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }

    private static int get32(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
    }

    private static int getLe32(byte[] b, int i) {
        return b[i] & 0xFF | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }
}

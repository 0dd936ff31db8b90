package org.virtiosim.pcie.tlp;

/**
 * One Transaction Layer Packet: the header fields as the PCI Express Base Specification Rev. 6.0
 * §2.2 names them (non-Flit Mode header formats, Figures 2-5 to 2-15 and 2-38), an optional data
 * payload, and simulation bookkeeping that never goes on the wire.
 *
 * <p>Mutable and reused: the transport keeps TLPs in a pool and fills them in place, so moving a
 * TLP through the model allocates nothing. {@code set*} methods for whole requests and
 * completions fill every field the format has and reset the others, so a recycled TLP carries
 * nothing over. Byte encoding is {@link TlpCodec}'s job.
 */
public final class Tlp {
    /** Largest payload a TLP may carry: 1024 DW (Length = 0 encodes 1024, §2.2.2). */
    public static final int MAX_PAYLOAD_BYTES = 4096;

    // DW0
    private TlpType type = TlpType.MRd32;
    /** TC[2:0]: traffic class. */
    private int tc;
    /** Attr[2:0]: Attr[2] ID-Based Ordering, Attr[1] Relaxed Ordering, Attr[0] No Snoop. */
    private int attr;
    /** TH: TLP processing hints present. */
    private boolean th;
    /** TD: a TLP digest (ECRC) follows. */
    private boolean td;
    /** EP: poisoned data. */
    private boolean ep;
    /** AT[1:0]: address type (00 untranslated). */
    private int at;
    /** Length in DW, 1..1024 (0 on the wire means 1024). */
    private int lengthDw = 1;

    // Requests
    private int requesterId;
    /** Tag[9:0]; 10-bit tags put Tag[9] and Tag[8] in DW0 (§2.2.6.2). */
    private int tag;
    private int firstDwBe;
    private int lastDwBe;
    private long address;
    /** PH[1:0], processing hint, meaningful when TH is set. */
    private int ph;

    // Configuration requests: the target's Bus/Device/Function and the register (DW-aligned byte offset).
    private int targetId;
    private int registerOffset;

    // Completions
    private int completerId;
    private CompletionStatus status = CompletionStatus.SC;
    /** BCM: byte count modified (PCI-X only; always 0 from PCIe completers). */
    private boolean bcm;
    /** Byte Count, 1..4096 (0 on the wire means 4096). */
    private int byteCount;
    /** Lower Address[6:0]. */
    private int lowerAddress;

    // Payload: valid bytes are data[0 .. lengthDw*4) when the type has data and data is attached.
    private byte[] data;
    /** The payload buffer holds this TLP's data (a recycled TLP keeps its buffer, not its data). */
    private boolean dataValid;

    // Simulation bookkeeping, not on the wire.
    private long createdPs;
    private long context;
    private int onBehalfOf;

    /** Fills a memory read: MRd32 below 4 GB, MRd64 at or above (§2.2.4.1). */
    public Tlp setMemoryRead(int requesterId, int tag, long address, int lengthBytes) {
        clear();
        this.type = address >>> 32 == 0 ? TlpType.MRd32 : TlpType.MRd64;
        setRequest(requesterId, tag, address, lengthBytes);
        return this;
    }

    /** Fills a memory write (MWr32 below 4 GB, MWr64 at or above); the payload is attached separately. */
    public Tlp setMemoryWrite(int requesterId, long address, int lengthBytes) {
        clear();
        this.type = address >>> 32 == 0 ? TlpType.MWr32 : TlpType.MWr64;
        setRequest(requesterId, 0, address, lengthBytes);
        return this;
    }

    /** Fills an I/O read or write of 1 to 4 bytes within one DW (§2.2.5: Length 1, TC0, Attr 0). */
    public Tlp setIo(boolean write, int requesterId, int tag, long address, int lengthBytes) {
        if (address >>> 32 != 0) {
            throw new IllegalArgumentException("I/O addresses are 32-bit: 0x" + Long.toHexString(address));
        }
        if ((address & 3) + lengthBytes > 4) {
            throw new IllegalArgumentException("I/O request must stay within one DW: address 0x"
                    + Long.toHexString(address) + ", " + lengthBytes + " bytes");
        }
        clear();
        this.type = write ? TlpType.IOWr : TlpType.IORd;
        setRequest(requesterId, tag, address, lengthBytes);
        return this;
    }

    /** Fills a Type 0 configuration read or write of 1 to 4 bytes within one DW (§2.2.7). */
    public Tlp setConfig(boolean write, int requesterId, int tag, int targetId, int offset, int lengthBytes) {
        if (offset < 0 || offset > 4095 || (offset & 3) + lengthBytes > 4 || lengthBytes < 1) {
            throw new IllegalArgumentException("configuration access must stay within one DW of 4 KB: offset "
                    + offset + ", " + lengthBytes + " bytes");
        }
        clear();
        this.type = write ? TlpType.CfgWr0 : TlpType.CfgRd0;
        this.requesterId = requesterId & 0xFFFF;
        this.tag = checkTag(tag);
        this.targetId = targetId & 0xFFFF;
        this.registerOffset = offset & ~3;
        this.lengthDw = 1;
        this.firstDwBe = byteEnables(offset & 3, lengthBytes);
        this.lastDwBe = 0;
        return this;
    }

    /**
     * Fills a completion for a request: Cpl when {@code payloadBytes} is 0, CplD otherwise.
     * {@code byteCount} is the bytes remaining including this completion's (§2.3.1.1);
     * {@code lowerAddress} the low 7 bits of the byte address of the first byte returned.
     */
    public Tlp setCompletion(int completerId, CompletionStatus status, int requesterId, int tag,
                             int byteCount, int lowerAddress, int payloadBytes) {
        if (payloadBytes < 0 || dwSpan(lowerAddress & 3, payloadBytes) > 1024) {
            throw new IllegalArgumentException("completion data must fit in 1024 DW: " + payloadBytes
                    + " bytes from Lower Address 0x" + Integer.toHexString(lowerAddress & 0x7F));
        }
        clear();
        this.type = payloadBytes == 0 ? TlpType.Cpl : TlpType.CplD;
        this.completerId = completerId & 0xFFFF;
        this.status = status;
        this.requesterId = requesterId & 0xFFFF;
        this.tag = checkTag(tag);
        if (byteCount < 0 || byteCount > 4096) {
            throw new IllegalArgumentException("Byte Count must be 0..4096: " + byteCount);
        }
        this.byteCount = byteCount;
        this.lowerAddress = lowerAddress & 0x7F;
        // Cpl has no Length (reserved, 0); CplD counts the DWs its bytes touch from the Lower Address.
        this.lengthDw = payloadBytes == 0 ? 0 : dwSpan(lowerAddress & 3, payloadBytes);
        return this;
    }

    private void setRequest(int rid, int t, long addr, int lengthBytes) {
        if (lengthBytes < 1 || lengthBytes > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("request length must be 1..4096 bytes: " + lengthBytes);
        }
        // §2.2.7.1: a memory request must not cross a 4 KB boundary (the Requester splits it).
        // Below 4 GB this also keeps a 32-bit request from running past 4 GB.
        if ((addr & 0xFFF) + lengthBytes > 4096) {
            throw new IllegalArgumentException("request crosses a 4 KB boundary: " + lengthBytes + " bytes at 0x"
                    + Long.toHexString(addr));
        }
        int first = (int) (addr & 3);
        int dws = dwSpan(first, lengthBytes);
        if (dws > 1024) {
            throw new IllegalArgumentException("request spans more than 1024 DW: " + lengthBytes + " bytes at 0x"
                    + Long.toHexString(addr));
        }
        this.requesterId = rid & 0xFFFF;
        this.tag = checkTag(t);
        this.address = addr & ~3L;
        this.lengthDw = dws;
        int last = (int) ((addr + lengthBytes - 1) & 3);
        if (dws == 1) {
            this.firstDwBe = byteEnables(first, lengthBytes);
            this.lastDwBe = 0;
        } else {
            this.firstDwBe = (0xF << first) & 0xF;
            this.lastDwBe = 0xF >>> (3 - last);
        }
    }

    /** DWs touched by n bytes starting at byte offset first (0..3) within a DW. */
    public static int dwSpan(int first, int n) {
        return (first + n + 3) >>> 2;
    }

    private static int byteEnables(int first, int n) {
        return ((1 << n) - 1) << first & 0xF;
    }

    private static int checkTag(int t) {
        if (t < 0 || t > 1023) {
            throw new IllegalArgumentException("Tag must be 0..1023: " + t);
        }
        return t;
    }

    /** Resets every field to its default (keeps the payload buffer for reuse). */
    public void clear() {
        type = TlpType.MRd32;
        tc = 0;
        attr = 0;
        th = false;
        td = false;
        ep = false;
        at = 0;
        lengthDw = 1;
        requesterId = 0;
        tag = 0;
        firstDwBe = 0;
        lastDwBe = 0;
        address = 0;
        ph = 0;
        targetId = 0;
        registerOffset = 0;
        completerId = 0;
        status = CompletionStatus.SC;
        bcm = false;
        byteCount = 0;
        lowerAddress = 0;
        createdPs = 0;
        context = 0;
        onBehalfOf = 0;
        dataValid = false;
    }

    /** Copies every field and the payload bytes of another TLP. */
    public void copyFrom(Tlp o) {
        type = o.type;
        tc = o.tc;
        attr = o.attr;
        th = o.th;
        td = o.td;
        ep = o.ep;
        at = o.at;
        lengthDw = o.lengthDw;
        requesterId = o.requesterId;
        tag = o.tag;
        firstDwBe = o.firstDwBe;
        lastDwBe = o.lastDwBe;
        address = o.address;
        ph = o.ph;
        targetId = o.targetId;
        registerOffset = o.registerOffset;
        completerId = o.completerId;
        status = o.status;
        bcm = o.bcm;
        byteCount = o.byteCount;
        lowerAddress = o.lowerAddress;
        createdPs = o.createdPs;
        context = o.context;
        onBehalfOf = o.onBehalfOf;
        if (o.dataValid) {
            int n = o.payloadBytes();
            ensureData(n);
            System.arraycopy(o.data, 0, data, 0, n);
        } else {
            dataValid = false;
        }
    }

    /** Data payload bytes on the wire: Length × 4 for types with data, else 0. */
    public int payloadBytes() {
        return type.hasData() ? lengthDw * 4 : 0;
    }

    /** Header plus payload plus digest: the bytes the Transaction Layer hands to the Data Link Layer. */
    public int transactionLayerBytes() {
        return type.headerBytes() + payloadBytes() + (td ? 4 : 0);
    }

    /** Payload buffer of at least n bytes, reused when large enough. */
    public byte[] ensureData(int n) {
        if (data == null || data.length < n) {
            data = new byte[Math.max(n, 64)];
        }
        dataValid = true;
        return data;
    }

    /** The payload buffer, or null if this TLP carries no data bytes (only lengths, as a bandwidth stream does). */
    public byte[] data() {
        return dataValid ? data : null;
    }

    /** True once {@link #ensureData} has attached a payload buffer since the last {@link #clear}. */
    public boolean hasDataBuffer() {
        return dataValid;
    }

    // Plain accessors. Setters check ranges: a field that does not fit its bits is a model bug.

    public TlpType type() {
        return type;
    }

    public Tlp type(TlpType t) {
        this.type = t;
        return this;
    }

    public int tc() {
        return tc;
    }

    public Tlp tc(int v) {
        this.tc = bits(v, 3, "TC");
        return this;
    }

    public int attr() {
        return attr;
    }

    public Tlp attr(int v) {
        this.attr = bits(v, 3, "Attr");
        return this;
    }

    public boolean relaxedOrdering() {
        return (attr & 0b010) != 0;
    }

    public boolean idBasedOrdering() {
        return (attr & 0b100) != 0;
    }

    public boolean noSnoop() {
        return (attr & 0b001) != 0;
    }

    public boolean th() {
        return th;
    }

    public Tlp th(boolean v) {
        this.th = v;
        return this;
    }

    public boolean td() {
        return td;
    }

    public Tlp td(boolean v) {
        this.td = v;
        return this;
    }

    public boolean ep() {
        return ep;
    }

    public Tlp ep(boolean v) {
        this.ep = v;
        return this;
    }

    public int at() {
        return at;
    }

    public Tlp at(int v) {
        this.at = bits(v, 2, "AT");
        return this;
    }

    public int lengthDw() {
        return lengthDw;
    }

    public Tlp lengthDw(int v) {
        if (v < 0 || v > 1024) {
            throw new IllegalArgumentException("Length must be 0..1024 DW: " + v);
        }
        this.lengthDw = v;
        return this;
    }

    public int requesterId() {
        return requesterId;
    }

    public Tlp requesterId(int v) {
        this.requesterId = bits(v, 16, "Requester ID");
        return this;
    }

    public int tag() {
        return tag;
    }

    public Tlp tag(int v) {
        this.tag = checkTag(v);
        return this;
    }

    public int firstDwBe() {
        return firstDwBe;
    }

    public Tlp firstDwBe(int v) {
        this.firstDwBe = bits(v, 4, "First DW BE");
        return this;
    }

    public int lastDwBe() {
        return lastDwBe;
    }

    public Tlp lastDwBe(int v) {
        this.lastDwBe = bits(v, 4, "Last DW BE");
        return this;
    }

    /** The DW-aligned address (Address[63:2] or [31:2], low two bits zero). */
    public long address() {
        return address;
    }

    public Tlp address(long v) {
        if ((v & 3) != 0) {
            throw new IllegalArgumentException("TLP addresses are DW-aligned; use the byte enables: 0x" + Long.toHexString(v));
        }
        this.address = v;
        return this;
    }

    /** Byte address of the first enabled byte. */
    public long firstByteAddress() {
        return address + Integer.numberOfTrailingZeros(firstDwBe | 0x10);
    }

    /** Bytes the request asks for or carries, from the byte enables (§2.2.5). */
    public int requestBytes() {
        if (lengthDw == 1) {
            if (firstDwBe == 0) {
                return 1; // zero-length read/write: one DW, no bytes enabled
            }
            return 32 - Integer.numberOfLeadingZeros(firstDwBe) - Integer.numberOfTrailingZeros(firstDwBe);
        }
        int lead = Integer.numberOfTrailingZeros(firstDwBe | 0x10);
        int trail = 3 - (31 - Integer.numberOfLeadingZeros(lastDwBe | 1));
        return lengthDw * 4 - lead - trail;
    }

    public int ph() {
        return ph;
    }

    public Tlp ph(int v) {
        this.ph = bits(v, 2, "PH");
        return this;
    }

    public int targetId() {
        return targetId;
    }

    public Tlp targetId(int v) {
        this.targetId = bits(v, 16, "target Bus/Device/Function");
        return this;
    }

    /** Configuration register byte offset: Extended Register Number[3:0] and Register Number[5:0] × 4. */
    public int registerOffset() {
        return registerOffset;
    }

    public Tlp registerOffset(int v) {
        if (v < 0 || v > 4092 || (v & 3) != 0) {
            throw new IllegalArgumentException("register offset must be a DW offset 0..4092: " + v);
        }
        this.registerOffset = v;
        return this;
    }

    public int completerId() {
        return completerId;
    }

    public Tlp completerId(int v) {
        this.completerId = bits(v, 16, "Completer ID");
        return this;
    }

    public CompletionStatus status() {
        return status;
    }

    public Tlp status(CompletionStatus v) {
        this.status = v;
        return this;
    }

    public boolean bcm() {
        return bcm;
    }

    public Tlp bcm(boolean v) {
        this.bcm = v;
        return this;
    }

    public int byteCount() {
        return byteCount;
    }

    public Tlp byteCount(int v) {
        if (v < 0 || v > 4096) {
            throw new IllegalArgumentException("Byte Count must be 0..4096: " + v);
        }
        this.byteCount = v;
        return this;
    }

    public int lowerAddress() {
        return lowerAddress;
    }

    public Tlp lowerAddress(int v) {
        this.lowerAddress = bits(v, 7, "Lower Address");
        return this;
    }

    public long createdPs() {
        return createdPs;
    }

    public Tlp createdPs(long v) {
        this.createdPs = v;
        return this;
    }

    /** A value the sender attaches for its own use (a request slot, a stream number); never encoded. */
    public long context() {
        return context;
    }

    public Tlp context(long v) {
        this.context = v;
        return this;
    }

    /**
     * The function a host request was issued on behalf of (a VF number; 0 for none or the PF),
     * stamped by the root complex ({@link org.virtiosim.pcie.host.RootComplex#actFor}); never
     * encoded: the device's isolation check compares it with the function it decoded.
     */
    public int onBehalfOf() {
        return onBehalfOf;
    }

    public Tlp onBehalfOf(int function) {
        this.onBehalfOf = function;
        return this;
    }

    private static int bits(int v, int width, String field) {
        if (v < 0 || v >>> width != 0) {
            throw new IllegalArgumentException(field + " must fit in " + width + " bits: " + v);
        }
        return v;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(type.name());
        switch (type.category()) {
            case COMPLETION -> b.append(" cpl=").append(RoutingId.toString(completerId)).append(' ').append(status)
                    .append(" req=").append(RoutingId.toString(requesterId)).append(" tag=").append(tag)
                    .append(" bc=").append(byteCount).append(" la=0x").append(Integer.toHexString(lowerAddress));
            default -> {
                b.append(" req=").append(RoutingId.toString(requesterId)).append(" tag=").append(tag);
                if (type == TlpType.CfgRd0 || type == TlpType.CfgWr0) {
                    b.append(" target=").append(RoutingId.toString(targetId)).append(" reg=0x")
                            .append(Integer.toHexString(registerOffset));
                } else {
                    b.append(" addr=0x").append(Long.toHexString(address));
                }
                b.append(" be=").append(Integer.toHexString(lastDwBe)).append(Integer.toHexString(firstDwBe));
            }
        }
        b.append(" len=").append(lengthDw);
        return b.toString();
    }
}

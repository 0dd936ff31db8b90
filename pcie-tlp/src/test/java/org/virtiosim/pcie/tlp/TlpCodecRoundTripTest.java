package org.virtiosim.pcie.tlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.virtiosim.pcie.tlp.TlpWire.bytes;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property-style checks without a property library: thousands of TLPs drawn from a fixed seed
 * over every type and every field's legal range must encode to header + payload (+ Digest) bytes
 * and decode to the same TLP; and every kind of malformed input must be rejected naming its field.
 * A failing case prints its type and seed; {@code random(type, new SplittableRandom(seed))}
 * rebuilds it.
 */
class TlpCodecRoundTripTest {
    private static final long SEED = 0x5EED_7C0DECL;
    private static final int CASES = 4000;

    private static final Set<TlpType> WITH_DATA =
            EnumSet.of(TlpType.MWr32, TlpType.MWr64, TlpType.IOWr, TlpType.CfgWr0, TlpType.CplD);
    private static final Set<TlpType> IO_OR_CONFIG =
            EnumSet.of(TlpType.IORd, TlpType.IOWr, TlpType.CfgRd0, TlpType.CfgWr0);

    static Stream<Arguments> cases() {
        SplittableRandom r = new SplittableRandom(SEED);
        TlpType[] types = TlpType.values();
        return IntStream.range(0, CASES).mapToObj(i -> Arguments.of(types[i % types.length], r.nextLong()));
    }

    /** A TLP of this type with every field the type has drawn from its whole legal range. */
    static Tlp random(TlpType type, SplittableRandom r) {
        Tlp t = new Tlp();
        t.type(type)
                .th(r.nextBoolean())
                .td(r.nextBoolean())
                .ep(r.nextBoolean())
                .at(r.nextInt(4))
                .tag(pick(r, 0, 1023, r.nextInt(1024)))
                .requesterId(r.nextInt(0x1_0000));
        if (!IO_OR_CONFIG.contains(type)) {
            t.tc(r.nextInt(8)).attr(r.nextInt(8));
        }
        switch (type) {
            case Cpl, CplD -> t.completerId(r.nextInt(0x1_0000))
                    .status(CompletionStatus.values()[r.nextInt(CompletionStatus.values().length)])
                    .bcm(r.nextBoolean())
                    .byteCount(pick(r, 1, 4096, 1 + r.nextInt(4096)))
                    .lowerAddress(r.nextInt(128))
                    .lengthDw(type == TlpType.Cpl ? 0 : length(r));
            case IORd, IOWr -> t.lengthDw(1)
                    .firstDwBe(r.nextInt(16))
                    .address(pick(r, 0L, 0xFFFF_FFFCL, r.nextInt() & 0xFFFF_FFFCL));
            case CfgRd0, CfgWr0 -> t.lengthDw(1)
                    .firstDwBe(r.nextInt(16))
                    .targetId(r.nextInt(0x1_0000))
                    .registerOffset(pick(r, 0, 4092, r.nextInt(1024) << 2));
            case MRd32, MWr32, MRd64, MWr64 -> {
                int len = length(r);
                t.lengthDw(len).ph(r.nextInt(4));
                if (len == 1) {
                    t.firstDwBe(r.nextInt(16)).lastDwBe(0);
                } else {
                    t.firstDwBe(1 + r.nextInt(15)).lastDwBe(1 + r.nextInt(15));
                }
                long low = pick(r, 0L, 0xFFFF_FFFCL, r.nextInt() & 0xFFFF_FFFCL);
                if (type == TlpType.MRd32 || type == TlpType.MWr32) {
                    t.address(low);
                } else {
                    long high = pick(r, 1L, 0xFFFF_FFFFL, 1 + r.nextLong(0xFFFF_FFFFL));
                    t.address(high << 32 | low);
                }
            }
            default -> throw new AssertionError(type);
        }
        if (WITH_DATA.contains(type)) {
            byte[] d = t.ensureData(t.lengthDw() * 4);
            r.nextBytes(d);
        }
        return t;
    }

    /** Mostly the random value, now and then one end of the range. */
    private static int pick(SplittableRandom r, int lo, int hi, int random) {
        int k = r.nextInt(16);
        return k == 0 ? lo : k == 1 ? hi : random;
    }

    private static long pick(SplittableRandom r, long lo, long hi, long random) {
        int k = r.nextInt(16);
        return k == 0 ? lo : k == 1 ? hi : random;
    }

    /** 1, 1024 (sent as 0) and everything between, weighted to short so the run stays quick. */
    private static int length(SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0 -> 1;
            case 1 -> 1024;
            case 2 -> 1 + r.nextInt(1024);
            default -> 1 + r.nextInt(32);
        };
    }

    @ParameterizedTest(name = "[{index}] {0} seed={1}")
    @MethodSource("cases")
    void encodeThenDecodeGivesTheSameTlp(TlpType type, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tlp t = random(type, r);

        // Sizes from the header formats, not from TlpType: 4 DW for the 64-bit memory requests.
        int header = type == TlpType.MRd64 || type == TlpType.MWr64 ? 16 : 12;
        int payload = WITH_DATA.contains(type) ? t.lengthDw() * 4 : 0;
        int expected = header + payload + (t.td() ? 4 : 0);

        int off = r.nextInt(8);
        byte[] buf = new byte[off + expected + 8];
        Arrays.fill(buf, (byte) 0x5A);
        int n = TlpCodec.encode(t, buf, off);
        assertThat(n).isEqualTo(expected).isEqualTo(TlpCodec.wireBytes(t));
        for (int i = 0; i < buf.length; i++) {
            if (i < off || i >= off + n) {
                assertThat(buf[i]).as("byte %d outside the TLP", i).isEqualTo((byte) 0x5A);
            }
        }

        // Decode into a TLP left dirty by a different one: nothing may carry over.
        Tlp out = random(TlpType.values()[r.nextInt(TlpType.values().length)], r);
        out.context(99).createdPs(123);
        assertThat(TlpCodec.decodeFramed(buf, off, n, out)).isEqualTo(n);
        TlpWire.assertSameOnWire(out, t);
        assertThat(out.context()).isZero();

        // In a stream, decode stops at the TLP's end.
        assertThat(TlpCodec.decode(buf, off, buf.length - off, new Tlp())).isEqualTo(n);

        // Re-encoding the decoded TLP gives the same bytes.
        byte[] again = new byte[n];
        assertThat(TlpCodec.encode(out, again, 0)).isEqualTo(n);
        assertThat(again).isEqualTo(Arrays.copyOfRange(buf, off, off + n));

        if (t.td()) {
            assertThat(TlpCodec.ecrcMatches(buf, off, n)).isTrue();
            assertThat(Arrays.copyOfRange(buf, off + n - 4, off + n)).isEqualTo(independentEcrc(buf, off, n - 4));
        }
    }

    /** §2.7.1 via java.util.zip.CRC32: Variant bits set, the CRC's bytes low first. */
    private static byte[] independentEcrc(byte[] buf, int off, int len) {
        byte[] covered = Arrays.copyOfRange(buf, off, off + len);
        covered[0] |= 0x01;
        covered[2] |= 0x40;
        CRC32 crc = new CRC32();
        crc.update(covered);
        long v = crc.getValue();
        return bytes((int) (v & 0xFF), (int) (v >>> 8 & 0xFF), (int) (v >>> 16 & 0xFF), (int) (v >>> 24 & 0xFF));
    }

    @Test
    void everyTypeAndEdgeValueIsDrawn() {
        SplittableRandom r = new SplittableRandom(SEED);
        Set<TlpType> types = EnumSet.noneOf(TlpType.class);
        boolean tag1023 = false;
        boolean len1024 = false;
        boolean digest = false;
        boolean lowest64 = false;
        boolean bc4096 = false;
        for (int i = 0; i < CASES; i++) {
            TlpType type = TlpType.values()[i % TlpType.values().length];
            Tlp t = random(type, new SplittableRandom(r.nextLong()));
            types.add(type);
            tag1023 |= t.tag() == 1023;
            len1024 |= t.lengthDw() == 1024 && type.hasData();
            digest |= t.td() && type.hasData();
            lowest64 |= t.address() >>> 32 == 1 && type == TlpType.MWr64;
            bc4096 |= t.byteCount() == 4096 && type == TlpType.CplD;
        }
        assertThat(types).containsExactlyInAnyOrder(TlpType.values());
        assertThat(new boolean[] {tag1023, len1024, digest, lowest64, bc4096}).containsOnly(true);
    }

    // ---- Malformed input on decode ----

    /** Attaches a (zeroed) payload buffer of Length × 4 bytes. */
    private static Tlp withData(Tlp t) {
        t.ensureData(t.payloadBytes());
        return t;
    }

    private static byte[] encoded(Tlp t) {
        byte[] b = new byte[TlpCodec.wireBytes(t)];
        TlpCodec.encode(t, b, 0);
        return b;
    }

    private static void assertMalformed(byte[] v, String field) {
        assertThatExceptionOfType(MalformedTlpException.class)
                .isThrownBy(() -> TlpCodec.decodeFramed(v, 0, v.length, new Tlp()))
                .withMessageContaining(field)
                .matches(e -> e.field().equals(field), "field() is " + field);
        // When decode itself refuses, the target TLP is left as it was.
        Tlp out = new Tlp().setMemoryRead(0x0102, 7, 0x4000, 64);
        String before = TlpWire.fields(out);
        try {
            TlpCodec.decode(v, 0, v.length, out);
        } catch (MalformedTlpException e) {
            assertThat(TlpWire.fields(out)).isEqualTo(before);
        }
    }

    @ParameterizedTest(name = "byte 0 = {0}")
    @ValueSource(ints = {
        0x01,  // MRdLk
        0x05,  // CfgRd1
        0x45,  // CfgWr1
        0x24,  // Fmt 001 with the configuration Type: no 4 DW config header
        0x22,  // 4 DW I/O
        0x2A,  // 4 DW completion
        0x0B,  // CplLk
        0x4B,  // CplDLk
        0x30,  // Msg
        0x4C,  // FetchAdd
        0x5B,  // DMWr
        0x80,  // Fmt 100: TLP Prefix
        0xE0,  // Fmt 111
        0x1F})
    void unknownFmtAndTypeAreMalformed(int byte0) {
        byte[] v = new byte[20];
        v[0] = (byte) byte0;
        v[3] = 1;
        assertMalformed(v, "Fmt/Type");
    }

    @ParameterizedTest
    @EnumSource(TlpType.class)
    void everyTruncationIsRejected(TlpType type) {
        Tlp t = random(type, new SplittableRandom(SEED + type.ordinal())).td(true);
        if (t.type().hasData() && t.lengthDw() > 8) {
            t.lengthDw(8);
        }
        byte[] full = encoded(t);
        for (int len = 0; len < full.length; len++) {
            byte[] cut = Arrays.copyOf(full, len);
            int n = len;
            assertThatExceptionOfType(MalformedTlpException.class)
                    .as("%s cut to %d of %d bytes", type, len, full.length)
                    .isThrownBy(() -> TlpCodec.decode(cut, 0, n, new Tlp()))
                    .withMessageContaining("truncated")
                    .matches(e -> Set.of("Fmt/Type", "header", "Length", "TD").contains(e.field()));
            // Also when the bytes are there but the caller's window ends early.
            assertThatExceptionOfType(MalformedTlpException.class)
                    .isThrownBy(() -> TlpCodec.decode(full, 0, n, new Tlp()))
                    .withMessageContaining("truncated");
        }
        assertThat(TlpCodec.decodeFramed(full, 0, full.length, new Tlp())).isEqualTo(full.length);
    }

    @ParameterizedTest
    @ValueSource(ints = {0b011, 0b101, 0b110, 0b111})
    void reservedCompletionStatusIsMalformed(int code) {
        byte[] v = encoded(new Tlp().setCompletion(0x0100, CompletionStatus.SC, 0, 1, 4, 0, 0));
        v[6] = (byte) (code << 5 | v[6] & 0x1F);
        assertMalformed(v, "Completion Status");
    }

    @Test
    void lengthThatDoesNotMatchTheFormatIsMalformed() {
        // I/O and configuration requests are exactly one DW (§2.2.7.1).
        byte[] ioRd = encoded(new Tlp().setIo(false, 0x0100, 1, 0x60, 1));
        ioRd[3] = 2;
        assertMalformed(ioRd, "Length");
        byte[] cfgRd = encoded(new Tlp().setConfig(false, 0x0100, 1, 0x0200, 0x10, 4));
        cfgRd[3] = 0; // 1024 DW
        assertMalformed(cfgRd, "Length");
        Tlp cfgWr = new Tlp().setConfig(true, 0x0100, 1, 0x0200, 0x10, 4);
        cfgWr.ensureData(4);
        byte[] two = Arrays.copyOf(encoded(cfgWr), 20);
        two[3] = 2; // and the frame really holds two DWs of data
        assertMalformed(two, "Length");

        // A frame longer or shorter than Fmt, Length and TD say (§2.2.2, §2.2.3).
        Tlp wr = new Tlp().setMemoryWrite(0x0100, 0x1000, 16);
        wr.ensureData(16);
        byte[] extra = Arrays.copyOf(encoded(wr), 12 + 16 + 4); // Digest-sized tail with TD clear
        assertMalformed(extra, "Length");
        byte[] shortPayload = Arrays.copyOf(encoded(wr), 12 + 12);
        assertMalformed(shortPayload, "Length");
        byte[] noDigest = encoded(wr);
        noDigest[2] |= (byte) 0x80; // TD set, no Digest follows
        assertMalformed(noDigest, "TD");
        byte[] rdWithData = Arrays.copyOf(encoded(new Tlp().setMemoryRead(0x0100, 1, 0x1000, 16)), 12 + 16);
        assertMalformed(rdWithData, "Length"); // Fmt 000 says no data
    }

    @Test
    void ioAndConfigurationRequestsMustUseTc0NoAttributesAndNoLastByteEnables() {
        byte[] io = encoded(withData(new Tlp().setIo(true, 0x0100, 1, 0x60, 1)));
        byte[] tc = io.clone();
        tc[1] |= 0x10;
        assertMalformed(tc, "TC");
        byte[] cfg = encoded(new Tlp().setConfig(false, 0x0100, 1, 0x0200, 0x10, 4));
        byte[] attr2 = cfg.clone();
        attr2[1] |= 0x04;
        assertMalformed(attr2, "Attr");
        byte[] attr0 = cfg.clone();
        attr0[2] |= 0x10;
        assertMalformed(attr0, "Attr");
        byte[] lastBe = cfg.clone();
        lastBe[7] |= (byte) 0x30;
        assertMalformed(lastBe, "Last DW BE");
        byte[] ioRd = encoded(new Tlp().setIo(false, 0x0100, 1, 0x60, 1));
        ioRd[7] |= (byte) 0x80;
        assertMalformed(ioRd, "Last DW BE");
    }

    @Test
    void sixtyFourBitAddressBelow4GbIsMalformed() {
        byte[] rd = encoded(new Tlp().setMemoryRead(0x0100, 1, 0x1_0000_1000L, 4));
        rd[11] = 0; // Address[63:32] = 0
        assertMalformed(rd, "Address");
        Tlp wr = new Tlp().setMemoryWrite(0x0100, 0x2_0000_0000L, 4);
        wr.ensureData(4);
        byte[] w = encoded(wr);
        w[11] = 0;
        assertMalformed(w, "Address");
    }

    // ---- What encode refuses ----

    static Stream<Arguments> unencodable() {
        return Stream.<Object[]>of(
                new Object[] {"IORd Length 2", (Supplier<Tlp>) () -> new Tlp().setIo(false, 1, 1, 0x60, 4).lengthDw(2), "Length 1"},
                new Object[] {"IOWr TC1", (Supplier<Tlp>) () -> withData(new Tlp().setIo(true, 1, 1, 0x60, 4)).tc(1), "TC0"},
                new Object[] {"CfgRd0 Attr", (Supplier<Tlp>) () -> new Tlp().setConfig(false, 1, 1, 2, 0, 4).attr(0b010), "Attr"},
                new Object[] {"CfgWr0 Last BE", (Supplier<Tlp>) () -> withData(new Tlp().setConfig(true, 1, 1, 2, 0, 4)).lastDwBe(1), "Last DW BE"},
                new Object[] {"MRd64 below 4 GB", (Supplier<Tlp>) () -> new Tlp().setMemoryRead(1, 1, 0x1000, 4).type(TlpType.MRd64), "below 4 GB"},
                new Object[] {"MWr32 above 4 GB", (Supplier<Tlp>) () -> withData(new Tlp().setMemoryWrite(1, 0x1_0000_0000L, 4)).type(TlpType.MWr32), "64-bit format"},
                new Object[] {"Cpl with a Length", (Supplier<Tlp>) () -> new Tlp().setCompletion(1, CompletionStatus.SC, 2, 3, 4, 0, 0).lengthDw(1), "Length"},
                new Object[] {"MRd Length 0", (Supplier<Tlp>) () -> new Tlp().setMemoryRead(1, 1, 0x1000, 4).lengthDw(0), "Length"},
                new Object[] {"MWr without payload", (Supplier<Tlp>) () -> new Tlp().setMemoryWrite(1, 0x1000, 64), "payload"},
                new Object[] {"Byte Count 0", (Supplier<Tlp>) () -> new Tlp().setCompletion(1, CompletionStatus.SC, 2, 3, 0, 0, 0), "Byte Count"})
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unencodable")
    void encodeRefusesWhatAReceiverWouldCallMalformed(String name, Supplier<Tlp> tlp, String message) {
        byte[] buf = new byte[64];
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> TlpCodec.encode(tlp.get(), buf, 0))
                .withMessageContaining(message);
        assertThat(buf).containsOnly(0);
    }

    @Test
    void encodeIntoATooSmallBufferWritesNothing() {
        Tlp t = new Tlp().setMemoryWrite(1, 0x1000, 16).td(true);
        t.ensureData(16);
        byte[] buf = new byte[12 + 16 + 4 + 2];
        assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> TlpCodec.encode(t, buf, 3));
        assertThat(buf).containsOnly(0);
        assertThat(TlpCodec.encode(t, buf, 2)).isEqualTo(32);
    }
}

package org.virtiosim.pcie.tlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.virtiosim.pcie.tlp.TlpWire.bytes;
import static org.virtiosim.pcie.tlp.TlpWire.concat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hand-assembled byte vectors, one byte at a time from the header figures of the PCI Express Base
 * Specification Rev. 6.0 (§2.2.1.1 Figure 2-5, §2.2.7.1 Figures 2-15 to 2-18, §2.2.9.1 Figure
 * 2-38), not produced by the codec: encoding the TLP must give exactly these bytes and decoding
 * them must give back the fields. The comment on each line says which fields its bytes hold.
 */
class TlpCodecVectorsTest {

    /** Encodes at an odd offset into a sentinel-filled buffer: exact bytes, nothing else touched. */
    private static void assertEncodesTo(Tlp t, byte[] expected) {
        int off = 5;
        byte[] buf = new byte[off + expected.length + 7];
        Arrays.fill(buf, (byte) 0xA5);
        int n = TlpCodec.encode(t, buf, off);
        assertThat(n).isEqualTo(expected.length).isEqualTo(TlpCodec.wireBytes(t));
        assertThat(Arrays.copyOfRange(buf, off, off + n)).isEqualTo(expected);
        for (int i = 0; i < buf.length; i++) {
            if (i < off || i >= off + n) {
                assertThat(buf[i]).as("byte %d outside the TLP", i).isEqualTo((byte) 0xA5);
            }
        }
    }

    /** Decodes the vector, framed exactly, from an offset, into a TLP left dirty by earlier use. */
    private static Tlp decode(byte[] vector) {
        byte[] buf = new byte[3 + vector.length];
        System.arraycopy(vector, 0, buf, 3, vector.length);
        Tlp out = new Tlp().setCompletion(0xBEEF, CompletionStatus.CA, 0x1234, 999, 77, 0x55, 12);
        out.address(0xABC0).ph(3).targetId(0x4321).registerOffset(0x124).context(42).createdPs(7);
        assertThat(TlpCodec.decodeFramed(buf, 3, vector.length, out)).isEqualTo(vector.length);
        assertThat(out.context()).as("decode clears bookkeeping").isZero();
        return out;
    }

    private static void assertRoundTrips(Tlp built, byte[] vector) {
        assertEncodesTo(built, vector);
        TlpWire.assertSameOnWire(decode(vector), built);
    }

    @Test
    void memoryRead32OneDwordFullByteEnables() {
        Tlp t = new Tlp().setMemoryRead(0x0100, 0x2A, 0xFEDC_BA98L, 4);
        byte[] v = bytes(
                0x00, 0x00, 0x00, 0x01,  // Fmt 000 Type 00000 | T9 0 TC 0 T8 0 A2 0 TH 0 | TD EP Attr AT 0, Length[9:8] 0 | Length 1
                0x01, 0x00, 0x2A, 0x0F,  // Requester ID 01:00.0 | Tag 2Ah | Last BE 0000 First BE 1111
                0xFE, 0xDC, 0xBA, 0x98); // Address[31:2], PH 00
        assertRoundTrips(t, v);
        Tlp d = decode(v);
        assertThat(d.type()).isEqualTo(TlpType.MRd32);
        assertThat(d.lengthDw()).isEqualTo(1);
        assertThat(d.requesterId()).isEqualTo(RoutingId.of(1, 0, 0));
        assertThat(d.tag()).isEqualTo(0x2A);
        assertThat(d.firstDwBe()).isEqualTo(0xF);
        assertThat(d.lastDwBe()).isZero();
        assertThat(d.address()).isEqualTo(0xFEDC_BA98L);
        assertThat(d.requestBytes()).isEqualTo(4);
    }

    @Test
    void memoryRead32LengthUsesTheHighBitsInByte2() {
        // 2052 bytes = 513 DW = 10_0000_0001b: Length[9:8] = 10b in byte 2, Length[7:0] = 01h.
        Tlp t = new Tlp().setMemoryRead(0x0100, 0x01, 0x8000_0000L, 2052);
        byte[] v = bytes(
                0x00, 0x00, 0x02, 0x01,
                0x01, 0x00, 0x01, 0xFF,  // Last BE 1111 First BE 1111
                0x80, 0x00, 0x00, 0x00);
        assertRoundTrips(t, v);
        assertThat(decode(v).lengthDw()).isEqualTo(513);
    }

    @Test
    void memoryRead64TenBitTagPartialByteEnablesAndHints() {
        // 10 bytes from 12_3456_7001h: DWs 7000h..7008h, First BE 1110b, Last BE 0111b.
        Tlp t = new Tlp().setMemoryRead(RoutingId.of(3, 1, 0), 0x3A5, 0x12_3456_7001L, 10)
                .tc(3).attr(0b101).th(true).ph(0b10);
        byte[] v = bytes(
                0x20,                    // Fmt 001 (4 DW, no data) Type 00000
                0xBD,                    // T9 1 | TC 011 | T8 1 | Attr[2] (IDO) 1 | LN 0 | TH 1
                0x10,                    // TD 0 EP 0 | Attr[1:0] 01 (No Snoop) | AT 00 | Length[9:8] 00
                0x03,                    // Length 3
                0x03, 0x08,              // Requester ID 03:01.0
                0xA5,                    // Tag[7:0]; Tag = 11_1010_0101b = 3A5h
                0x7E,                    // Last BE 0111 First BE 1110
                0x00, 0x00, 0x00, 0x12,  // Address[63:32]
                0x34, 0x56, 0x70, 0x02); // Address[31:2] | PH 10
        assertRoundTrips(t, v);
        Tlp d = decode(v);
        assertThat(d.type()).isEqualTo(TlpType.MRd64);
        assertThat(d.tag()).isEqualTo(0x3A5);
        assertThat(d.tc()).isEqualTo(3);
        assertThat(d.idBasedOrdering()).isTrue();
        assertThat(d.noSnoop()).isTrue();
        assertThat(d.relaxedOrdering()).isFalse();
        assertThat(d.th()).isTrue();
        assertThat(d.ph()).isEqualTo(0b10);
        assertThat(d.address()).isEqualTo(0x12_3456_7000L);
        assertThat(d.lengthDw()).isEqualTo(3);
        assertThat(d.firstDwBe()).isEqualTo(0b1110);
        assertThat(d.lastDwBe()).isEqualTo(0b0111);
        assertThat(d.firstByteAddress()).isEqualTo(0x12_3456_7001L);
        assertThat(d.requestBytes()).isEqualTo(10);
    }

    @Test
    void memoryWrite32WithPayload() {
        Tlp t = new Tlp().setMemoryWrite(RoutingId.of(0, 2, 0), 0xF000_0104L, 8).attr(0b010).ep(true);
        byte[] data = bytes(0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88);
        System.arraycopy(data, 0, t.ensureData(8), 0, 8);
        byte[] v = concat(bytes(
                0x40, 0x00,              // Fmt 010 (3 DW, data) Type 00000 | byte 1 all 0
                0x60, 0x02,              // TD 0 EP 1 Attr[1:0] 10 (Relaxed Ordering) AT 00 | Length 2
                0x00, 0x10, 0x00, 0xFF,  // Requester ID 00:02.0 | Tag 0 | Last BE 1111 First BE 1111
                0xF0, 0x00, 0x01, 0x04), // Address[31:2]
                data);                   // payload, lowest address first
        assertRoundTrips(t, v);
        Tlp d = decode(v);
        assertThat(d.type()).isEqualTo(TlpType.MWr32);
        assertThat(d.ep()).isTrue();
        assertThat(d.relaxedOrdering()).isTrue();
        assertThat(Arrays.copyOf(d.data(), 8)).isEqualTo(data);
    }

    @Test
    void memoryWrite64OfMaximumLengthSendsLengthZero() {
        Tlp t = new Tlp().setMemoryWrite(0x0200, 0x1_0000_0000L, 4096).at(0b10);
        byte[] data = new byte[4096];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + 3);
        }
        System.arraycopy(data, 0, t.ensureData(4096), 0, 4096);
        byte[] v = concat(bytes(
                0x60, 0x00,              // Fmt 011 (4 DW, data) Type 00000 | byte 1 all 0
                0x08, 0x00,              // AT 10 (Translated), Length[9:8] 00 | Length[7:0] 00: 1024 DW
                0x02, 0x00, 0x00, 0xFF,  // Requester ID 02:00.0 | Tag 0 | BEs 1111 1111
                0x00, 0x00, 0x00, 0x01,  // Address[63:32]: exactly 4 GB
                0x00, 0x00, 0x00, 0x00), // Address[31:2]
                data);
        assertThat(v).hasSize(16 + 4096);
        assertRoundTrips(t, v);
        Tlp d = decode(v);
        assertThat(d.lengthDw()).isEqualTo(1024);
        assertThat(d.at()).isEqualTo(0b10);
        assertThat(d.address()).isEqualTo(0x1_0000_0000L);
        assertThat(Arrays.copyOf(d.data(), 4096)).isEqualTo(data);
    }

    @Test
    void ioRead() {
        Tlp t = new Tlp().setIo(false, 0x0100, 0x05, 0xCFA, 2);
        byte[] v = bytes(
                0x02, 0x00, 0x00, 0x01,  // Fmt 000 Type 00010 | TC 0 | Attr 0 | Length 1
                0x01, 0x00, 0x05, 0x0C,  // Requester ID | Tag 5 | Last BE 0000 First BE 1100
                0x00, 0x00, 0x0C, 0xF8); // Address[31:2], bits 1:0 Reserved
        assertRoundTrips(t, v);
        Tlp d = decode(v);
        assertThat(d.type()).isEqualTo(TlpType.IORd);
        assertThat(d.address()).isEqualTo(0xCF8);
        assertThat(d.firstByteAddress()).isEqualTo(0xCFA);
        assertThat(d.requestBytes()).isEqualTo(2);
    }

    @Test
    void ioWrite() {
        Tlp t = new Tlp().setIo(true, 0x0100, 0x06, 0x3F8, 1);
        System.arraycopy(bytes(0x41, 0, 0, 0), 0, t.ensureData(4), 0, 4);
        byte[] v = bytes(
                0x42, 0x00, 0x00, 0x01,  // Fmt 010 Type 00010 | Length 1
                0x01, 0x00, 0x06, 0x01,  // Requester ID | Tag 6 | First BE 0001
                0x00, 0x00, 0x03, 0xF8,  // Address
                0x41, 0x00, 0x00, 0x00); // one DW of data, byte 0 enabled
        assertRoundTrips(t, v);
        Tlp d = decode(v);
        assertThat(d.type()).isEqualTo(TlpType.IOWr);
        assertThat(d.data()[0]).isEqualTo((byte) 0x41);
    }

    @Test
    void configRead0OfAnExtendedRegister() {
        // Offset 9A4h: Extended Register Number 9h, Register Number 29h (A4h >> 2).
        Tlp t = new Tlp().setConfig(false, 0x0000, 0x110, RoutingId.of(3, 1, 0), 0x9A4, 4);
        byte[] v = bytes(
                0x04, 0x08, 0x00, 0x01,  // Fmt 000 Type 00100 | T9 0 T8 1 | Length 1
                0x00, 0x00, 0x10, 0x0F,  // Requester ID 00:00.0 | Tag[7:0] 10h: Tag 110h | First BE 1111
                0x03, 0x08,              // Bus 3 | Device 1, Function 0
                0x09,                    // Reserved 0000 | Extended Register Number 1001
                0xA4);                   // Register Number 101001 | Reserved 00
        assertRoundTrips(t, v);
        Tlp d = decode(v);
        assertThat(d.type()).isEqualTo(TlpType.CfgRd0);
        assertThat(d.tag()).isEqualTo(0x110);
        assertThat(RoutingId.bus(d.targetId())).isEqualTo(3);
        assertThat(RoutingId.device(d.targetId())).isEqualTo(1);
        assertThat(RoutingId.function(d.targetId())).isEqualTo(0);
        assertThat(d.registerOffset()).isEqualTo(0x9A4);
    }

    @Test
    void configWrite0OfTwoBytes() {
        // 2 bytes at offset 6 (Status register): DW 4, First BE 1100.
        Tlp t = new Tlp().setConfig(true, 0x0000, 0x11, RoutingId.of(1, 0, 0), 0x06, 2);
        System.arraycopy(bytes(0, 0, 0x34, 0x12), 0, t.ensureData(4), 0, 4);
        byte[] v = bytes(
                0x44, 0x00, 0x00, 0x01,  // Fmt 010 Type 00100 | Length 1
                0x00, 0x00, 0x11, 0x0C,  // Requester ID | Tag 11h | First BE 1100
                0x01, 0x00, 0x00, 0x04,  // target 01:00.0 | Ext Reg 0 | Register Number 1
                0x00, 0x00, 0x34, 0x12); // data: bytes 2 and 3 of the DW
        assertRoundTrips(t, v);
        Tlp d = decode(v);
        assertThat(d.type()).isEqualTo(TlpType.CfgWr0);
        assertThat(d.registerOffset()).isEqualTo(4);
        assertThat(d.firstDwBe()).isEqualTo(0b1100);
    }

    @Test
    void completionWithoutDataUnsupportedRequest() {
        Tlp t = new Tlp().setCompletion(0x0100, CompletionStatus.UR, 0x0000, 0x10, 4, 0, 0);
        byte[] v = bytes(
                0x0A, 0x00, 0x00, 0x00,  // Fmt 000 Type 01010 | Length Reserved: 0
                0x01, 0x00,              // Completer ID 01:00.0
                0x20, 0x04,              // Status 001 (UR) BCM 0 Byte Count[11:8] 0 | Byte Count 4
                0x00, 0x00, 0x10, 0x00); // Requester ID | Tag 10h | R, Lower Address 0
        assertRoundTrips(t, v);
        Tlp d = decode(v);
        assertThat(d.type()).isEqualTo(TlpType.Cpl);
        assertThat(d.status()).isEqualTo(CompletionStatus.UR);
        assertThat(d.lengthDw()).isZero();
        assertThat(d.byteCount()).isEqualTo(4);
        assertThat(d.completerId()).isEqualTo(0x0100);
        assertThat(d.tag()).isEqualTo(0x10);
    }

    @Test
    void completionLengthIsReservedAndIgnoredWhenDecoding() {
        byte[] v = bytes(0x0A, 0x00, 0x03, 0xFF, 0x01, 0x00, 0x20, 0x04, 0x00, 0x00, 0x10, 0x00);
        assertThat(decode(v).lengthDw()).isZero();
    }

    @Test
    void completionWithDataByteCount4096AndLowerAddress() {
        Tlp t = new Tlp().setCompletion(0x0000, CompletionStatus.SC, RoutingId.of(3, 1, 0), 0x2A5, 4096, 0x40, 128);
        byte[] data = new byte[128];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (0xFF - i);
        }
        System.arraycopy(data, 0, t.ensureData(128), 0, 128);
        byte[] v = concat(bytes(
                0x4A,                    // Fmt 010 Type 01010
                0x80,                    // T9 1 | TC 0 | T8 0 | Attr[2] 0 | TH 0: Tag = 10_1010_0101b
                0x00, 0x20,              // Length 32 DW
                0x00, 0x00,              // Completer ID 00:00.0
                0x00, 0x00,              // Status 000 (SC) BCM 0 | Byte Count 0 = 4096
                0x03, 0x08, 0xA5,        // Requester ID 03:01.0 | Tag[7:0]
                0x40),                   // R 0 | Lower Address 40h
                data);
        assertRoundTrips(t, v);
        Tlp d = decode(v);
        assertThat(d.type()).isEqualTo(TlpType.CplD);
        assertThat(d.byteCount()).isEqualTo(4096);
        assertThat(d.lowerAddress()).isEqualTo(0x40);
        assertThat(d.tag()).isEqualTo(0x2A5);
        assertThat(d.lengthDw()).isEqualTo(32);
        assertThat(d.requesterId()).isEqualTo(RoutingId.of(3, 1, 0));
    }

    @Test
    void completionWithDataByteCountHighBitsAndBcm() {
        Tlp t = new Tlp().setCompletion(0x0100, CompletionStatus.SC, 0x0000, 0x2B, 0xA84, 0x7C, 4).bcm(true);
        System.arraycopy(bytes(0xCA, 0xFE, 0xBA, 0xBE), 0, t.ensureData(4), 0, 4);
        byte[] v = bytes(
                0x4A, 0x00, 0x00, 0x01,  // CplD, Length 1
                0x01, 0x00,              // Completer ID
                0x1A, 0x84,              // Status 000 BCM 1 Byte Count[11:8] 1010 | Byte Count[7:0] 84h
                0x00, 0x00, 0x2B, 0x7C,  // Requester ID | Tag | Lower Address 7Ch
                0xCA, 0xFE, 0xBA, 0xBE);
        assertRoundTrips(t, v);
        Tlp d = decode(v);
        assertThat(d.bcm()).isTrue();
        assertThat(d.byteCount()).isEqualTo(0xA84);
        assertThat(d.lowerAddress()).isEqualTo(0x7C);
    }

    @Test
    void configurationRequestRetryStatus() {
        Tlp t = new Tlp().setCompletion(RoutingId.of(3, 1, 0), CompletionStatus.CRS, 0x0000, 0x10, 4, 0, 0);
        byte[] v = bytes(
                0x0A, 0x00, 0x00, 0x00,
                0x03, 0x08,              // Completer ID 03:01.0
                0x40, 0x04,              // Status 010 (CRS) | Byte Count 4
                0x00, 0x00, 0x10, 0x00);
        assertRoundTrips(t, v);
        assertThat(decode(v).status()).isEqualTo(CompletionStatus.CRS);
    }

    @ParameterizedTest
    @EnumSource(CompletionStatus.class)
    void completionStatusSitsInBits7To5OfByte6(CompletionStatus s) {
        Tlp t = new Tlp().setCompletion(0x0100, s, 0x0000, 0x10, 4, 0, 0);
        int byte6 = switch (s) {
            case SC -> 0x00;
            case UR -> 0x20;
            case CRS -> 0x40;
            case CA -> 0x80;
        };
        byte[] v = bytes(0x0A, 0x00, 0x00, 0x00, 0x01, 0x00, byte6, 0x04, 0x00, 0x00, 0x10, 0x00);
        assertRoundTrips(t, v);
    }

    @Test
    void reservedBitsAreIgnoredWhenDecoding() {
        // CfgRd0 with byte 1 bit 1 (formerly LN), byte 10 bits 7:4 and byte 11 bits 1:0 all set.
        byte[] v = bytes(0x04, 0x02, 0x00, 0x01, 0x00, 0x00, 0x10, 0x0F, 0x03, 0x08, 0xF9, 0xA7);
        Tlp d = decode(v);
        assertThat(d.registerOffset()).isEqualTo(0x9A4);
        assertThat(d.th()).isFalse();
        // Completion byte 11 bit 7 and I/O address bits 1:0.
        assertThat(decode(bytes(0x0A, 0, 0, 0, 1, 0, 0x20, 4, 0, 0, 0x10, 0xFF)).lowerAddress()).isEqualTo(0x7F);
        Tlp io = decode(bytes(0x02, 0, 0, 1, 1, 0, 5, 0x0C, 0, 0, 0x0C, 0xFB));
        assertThat(io.address()).isEqualTo(0xCF8);
        assertThat(io.ph()).isZero();
    }

    @Test
    void ecrcDigestIsTheComplementedCrc32StoredLowByteFirst() {
        // Digest from an independent CRC-32 (Python zlib.crc32) of the TLP with the Variant bits
        // Type[0] and EP set: 40 00 C0 01 01 00 00 0F F0 00 00 00 DE AD BE EF, with byte 0
        // becoming 41h, gives 955E061Ah, sent as 1A 06 5E 95 (§2.7.1, Table 2-55).
        byte[] header = bytes(
                0x40, 0x00,
                0xC0, 0x01,              // TD 1 EP 1 | Length 1
                0x01, 0x00, 0x00, 0x0F,
                0xF0, 0x00, 0x00, 0x00);
        byte[] v = concat(concat(header, bytes(0xDE, 0xAD, 0xBE, 0xEF)), bytes(0x1A, 0x06, 0x5E, 0x95));
        Tlp t = new Tlp().setMemoryWrite(0x0100, 0xF000_0000L, 4).td(true).ep(true);
        System.arraycopy(bytes(0xDE, 0xAD, 0xBE, 0xEF), 0, t.ensureData(4), 0, 4);
        assertRoundTrips(t, v);
        assertThat(TlpCodec.ecrcMatches(v, 0, v.length)).isTrue();

        // EP is Variant: clearing it changes byte 2 but not the Digest.
        byte[] notPoisoned = v.clone();
        notPoisoned[2] = (byte) 0x80;
        assertEncodesTo(t.ep(false), notPoisoned);
        assertThat(TlpCodec.ecrcMatches(notPoisoned, 0, v.length)).isTrue();

        // Type[0] is Variant too (it flips when a switch turns CfgWr1 into CfgWr0).
        byte[] typeFlipped = v.clone();
        typeFlipped[0] ^= 0x01;
        assertThat(TlpCodec.ecrcMatches(typeFlipped, 0, v.length)).isTrue();

        // Any invariant bit is covered.
        for (int i = 0; i < v.length - 4; i++) {
            for (int bit = 0; bit < 8; bit++) {
                if ((i == 0 && bit == 0) || (i == 2 && bit == 6)) {
                    continue;
                }
                byte[] corrupt = v.clone();
                corrupt[i] ^= (byte) (1 << bit);
                assertThat(TlpCodec.ecrcMatches(corrupt, 0, v.length)).as("byte %d bit %d", i, bit).isFalse();
            }
        }
    }
}

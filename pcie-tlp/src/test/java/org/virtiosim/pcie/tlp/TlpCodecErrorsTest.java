package org.virtiosim.pcie.tlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What decode reports as malformed or truncated, naming the field (§2.3, §2.2.7.1, §2.2.4.1), and what encode refuses. */
class TlpCodecErrorsTest {
    private static byte[] encoded(Tlp t) {
        byte[] b = new byte[TlpCodec.wireBytes(t)];
        TlpCodec.encode(t, b, 0);
        return b;
    }

    private static MalformedTlpException decodeError(byte[] b, int len) {
        try {
            TlpCodec.decode(b, 0, len, new Tlp());
        } catch (MalformedTlpException e) {
            return e;
        }
        throw new AssertionError("decoded without error");
    }

    @Test
    void emptyAndHeaderlessBuffersAreTruncated() {
        byte[] rd = encoded(new Tlp().setMemoryRead(0x0100, 1, 0x1000, 4));
        MalformedTlpException none = decodeError(rd, 0);
        assertThat(none.field()).isEqualTo("Fmt/Type");
        assertThat(none.getMessage()).isEqualTo("Fmt/Type: truncated: no bytes");
        MalformedTlpException one = decodeError(rd, 1);
        assertThat(one.field()).isEqualTo("header");
        assertThat(one.getMessage()).contains("12-byte header, only 1 bytes given");
    }

    @Test
    void anUnknownTypeIsNamedByItsFmtAndTypeBits() {
        byte[] b = new byte[16];
        b[0] = (byte) 0b000_00001; // MRdLk: not modelled
        MalformedTlpException e = decodeError(b, 16);
        assertThat(e.getMessage()).isEqualTo("Fmt/Type: Fmt 000b Type 00001b is not a TLP type the model knows");
        b[0] = (byte) 0b011_10100;
        assertThat(decodeError(b, 16).getMessage()).contains("Fmt 011b Type 10100b");
    }

    @Test
    void aPayloadOrDigestShorterThanTheHeaderSaysIsTruncated() {
        Tlp w = new Tlp().setMemoryWrite(0x0100, 0x1000, 16);
        w.ensureData(16);
        byte[] b = encoded(w);
        MalformedTlpException payload = decodeError(b, 12 + 8);
        assertThat(payload.field()).isEqualTo("Length");
        assertThat(payload.getMessage()).contains("Length 4 DW needs 16 payload bytes after the 12-byte header, only 8 given");
        w.td(true);
        byte[] withDigest = encoded(w);
        MalformedTlpException digest = decodeError(withDigest, 12 + 16 + 2);
        assertThat(digest.field()).isEqualTo("TD");
        assertThat(digest.getMessage()).contains("(2 bytes after the payload)");
        assertThat(TlpCodec.decode(withDigest, 0, withDigest.length, new Tlp())).isEqualTo(12 + 16 + 4);
    }

    @Test
    void aReservedCompletionStatusIsMalformed() {
        byte[] b = encoded(new Tlp().setCompletion(0x0100, CompletionStatus.SC, 0, 1, 4, 0, 0));
        b[6] = (byte) (b[6] & 0x1F | 0b011 << 5);
        MalformedTlpException e = decodeError(b, b.length);
        assertThat(e.field()).isEqualTo("Completion Status");
        assertThat(e.getMessage()).endsWith("Reserved value 011b");
    }

    @Test
    void aSixtyFourBitAddressBelow4GbIsNamed() {
        byte[] b = encoded(new Tlp().setMemoryRead(0x0100, 1, 0x1_0000_2000L, 4));
        b[8] = b[9] = b[10] = b[11] = 0; // upper address DW 0
        MalformedTlpException e = decodeError(b, b.length);
        assertThat(e.field()).isEqualTo("Address");
        assertThat(e.getMessage()).contains("(0x2000)");
    }

    @Test
    void ioAndConfigurationAttributesAreNamedInBinary() {
        byte[] b = encoded(new Tlp().setConfig(false, 0, 1, 0x0100, 0x10, 4));
        b[2] |= 0b01 << 4; // Attr[0]: No Snoop
        assertThat(decodeError(b, b.length).getMessage()).isEqualTo("Attr: CfgRd0 must have Attr 000b, not 001b");
        byte[] c = encoded(new Tlp().setConfig(false, 0, 1, 0x0100, 0x10, 4));
        c[7] |= (byte) 0xA0; // Last DW BE 1010b
        assertThat(decodeError(c, c.length).getMessage()).isEqualTo("Last DW BE: CfgRd0 must have Last DW BE 0000b, not 1010b");
    }

    @Test
    void decodingATlpWithoutDataAttachesNoBuffer() {
        Tlp out = new Tlp();
        TlpCodec.decode(encoded(new Tlp().setMemoryRead(0x0100, 1, 0x1000, 4)), 0, 12, out);
        assertThat(out.hasDataBuffer()).isFalse();
        assertThat(out.data()).isNull();
    }

    @Test
    void encodeRefusesWhatTheFormatCannotCarry() {
        Tlp w = new Tlp().setMemoryWrite(0x0100, 0x1000, 64);
        w.ensureData(64);
        w.lengthDw(17);
        assertThatThrownBy(() -> encoded(w)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("needs 68 payload bytes; the data buffer holds 64");
        Tlp io = new Tlp().setIo(false, 0x0100, 1, 0xC000, 4).address(0x1_0000_C000L);
        assertThatThrownBy(() -> encoded(io)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("I/O addresses are 32-bit");
        Tlp ioWrite = new Tlp().setIo(true, 0x0100, 1, 0xC000, 4).address(0x1_0000_C000L);
        ioWrite.ensureData(4);
        assertThatThrownBy(() -> encoded(ioWrite)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("I/O addresses are 32-bit");
        Tlp cfg = new Tlp().setConfig(true, 0, 1, 0x0100, 0x10, 4).tc(1);
        cfg.ensureData(4);
        assertThatThrownBy(() -> encoded(cfg)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("Length 1, TC1, Attr 000b, Last DW BE 0000b");
        Tlp cfgAttr = new Tlp().setConfig(false, 0, 1, 0x0100, 0x10, 4).attr(0b110);
        assertThatThrownBy(() -> encoded(cfgAttr)).hasMessageContaining("Attr 110b");
    }

    @Test
    void aBufferTooShortForHeaderAndDigestHasNoMatchingEcrc() {
        assertThat(TlpCodec.ecrcMatches(new byte[15], 0, 15)).isFalse();
        Tlp t = new Tlp().setMemoryRead(0x0100, 1, 0x1000, 4).td(true);
        byte[] b = encoded(t);
        assertThat(TlpCodec.ecrcMatches(b, 0, b.length)).isTrue();
        b[5] ^= 1;
        assertThat(TlpCodec.ecrcMatches(b, 0, b.length)).isFalse();
    }
}

package org.virtiosim.pcie.tlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The request and completion builders against §2.2.5 (First/Last DW Byte Enables), §2.2.7
 * (requests must not cross a 4 KB boundary), §2.3.1.1 Table 2-41 (bytes from Length and byte
 * enables) and §2.2.9.1 (a CplD's Length covers the DWs its bytes touch from the Lower Address).
 */
class TlpBuildersTest {

    @ParameterizedTest(name = "{1} bytes at 0x{0}: Length {2}, First BE {3}, Last BE {4}")
    @CsvSource({
        // address, bytes, Length, First DW BE, Last DW BE
        "1000, 4,    1,    1111, 0000",
        "1001, 1,    1,    0010, 0000",
        "1001, 2,    1,    0110, 0000",
        "1001, 3,    1,    1110, 0000",
        "1003, 1,    1,    1000, 0000",
        "1002, 2,    1,    1100, 0000",
        "1001, 6,    2,    1110, 0111",
        "1002, 4,    2,    1100, 0011",
        "1003, 2,    2,    1000, 0001",
        "1000, 8,    2,    1111, 1111",
        "1003, 5,    2,    1000, 1111",
        "1001, 11,   3,    1110, 1111",
        "1001, 10,   3,    1110, 0111",
        "1000, 4096, 1024, 1111, 1111",
        "1004, 4092, 1023, 1111, 1111",
        "1FFF, 1,    1,    1000, 0000",
        "123456001, 6,  2, 1110, 0111",
        "FFFFFFFC, 4,   1, 1111, 0000",
    })
    void byteEnablesForUnalignedStartsAndEnds(String hexAddress, int bytes, int length, String first, String last) {
        long address = Long.parseLong(hexAddress, 16);
        int firstBe = Integer.parseInt(first, 2);
        int lastBe = Integer.parseInt(last, 2);
        boolean high = address >>> 32 != 0;

        Tlp rd = new Tlp().setMemoryRead(0x0100, 5, address, bytes);
        assertThat(rd.type()).isEqualTo(high ? TlpType.MRd64 : TlpType.MRd32);
        assertThat(rd.address()).isEqualTo(address & ~3L);
        assertThat(rd.lengthDw()).isEqualTo(length);
        assertThat(rd.firstDwBe()).as("First DW BE").isEqualTo(firstBe);
        assertThat(rd.lastDwBe()).as("Last DW BE").isEqualTo(lastBe);
        assertThat(rd.requestBytes()).isEqualTo(bytes);
        assertThat(rd.firstByteAddress()).isEqualTo(address);

        Tlp wr = new Tlp().setMemoryWrite(0x0100, address, bytes);
        assertThat(wr.type()).isEqualTo(high ? TlpType.MWr64 : TlpType.MWr32);
        assertThat(wr.lengthDw()).isEqualTo(length);
        assertThat(wr.firstDwBe()).isEqualTo(firstBe);
        assertThat(wr.lastDwBe()).isEqualTo(lastBe);
        assertThat(wr.requestBytes()).isEqualTo(bytes);
        assertThat(wr.payloadBytes()).isEqualTo(length * 4);
    }

    @Test
    void sixBytesAt1001() {
        Tlp t = new Tlp().setMemoryRead(0x0100, 1, 0x1001, 6);
        assertThat(t.lengthDw()).isEqualTo(2);
        assertThat(t.firstDwBe()).isEqualTo(0b1110);
        assertThat(t.lastDwBe()).isEqualTo(0b0111);
        assertThat(t.requestBytes()).isEqualTo(6);
    }

    @ParameterizedTest(name = "First BE {0}: {1} bytes")
    @CsvSource({
        // §2.3.1.1 Table 2-41 for a 1 DW request: from the first to the last enabled byte.
        "1001, 4", "1011, 4", "1101, 4", "1111, 4", "0101, 3", "0111, 3", "1010, 3", "1110, 3",
        "0011, 2", "0110, 2", "1100, 2", "0001, 1", "0010, 1", "0100, 1", "1000, 1",
        "0000, 1", // a zero-length read still returns one byte's worth (Byte Count 1)
    })
    void requestBytesOfOneDword(String firstBe, int bytes) {
        Tlp t = new Tlp().setMemoryRead(0x0100, 1, 0x2000, 4).firstDwBe(Integer.parseInt(firstBe, 2));
        assertThat(t.requestBytes()).isEqualTo(bytes);
    }

    @Test
    void memoryRequestsMustNotCrossA4KbBoundary() {
        // §2.2.7.1: the Requester splits such a transfer; a builder that silently made one would
        // produce TLPs a checking Receiver calls malformed.
        assertThatIllegalArgumentException().isThrownBy(() -> new Tlp().setMemoryRead(1, 1, 0x0FFE, 4))
                .withMessageContaining("4 KB");
        assertThatIllegalArgumentException().isThrownBy(() -> new Tlp().setMemoryWrite(1, 0x1_0000_0800L, 4096))
                .withMessageContaining("4 KB");
        // Below 4 GB running past it would also have wrapped the 32-bit address.
        assertThatIllegalArgumentException().isThrownBy(() -> new Tlp().setMemoryRead(1, 1, 0xFFFF_FFFCL, 8))
                .withMessageContaining("4 KB");
        // Ending exactly on the boundary is fine.
        assertThat(new Tlp().setMemoryRead(1, 1, 0x0FFC, 4).lengthDw()).isEqualTo(1);
        assertThat(new Tlp().setMemoryWrite(1, 0x3000, 4096).lengthDw()).isEqualTo(1024);
    }

    @Test
    void requestLengthsOutOfRangeAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Tlp().setMemoryRead(1, 1, 0x1000, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new Tlp().setMemoryRead(1, 1, 0x1000, 4097));
        assertThatIllegalArgumentException().isThrownBy(() -> new Tlp().setMemoryRead(1, 1024, 0x1000, 4));
        assertThatIllegalArgumentException().isThrownBy(() -> new Tlp().setIo(false, 1, 1, 0x63, 2));
        assertThatIllegalArgumentException().isThrownBy(() -> new Tlp().setIo(false, 1, 1, 0x1_0000_0000L, 4));
        assertThatIllegalArgumentException().isThrownBy(() -> new Tlp().setConfig(false, 1, 1, 2, 0x102, 3));
        assertThatIllegalArgumentException().isThrownBy(() -> new Tlp().setConfig(false, 1, 1, 2, 4096, 1));
    }

    @ParameterizedTest(name = "{1} bytes at 0x{0}: First BE {2}")
    @CsvSource({"CFA, 2, 1100", "3F9, 3, 1110", "3F8, 1, 0001", "60, 4, 1111"})
    void ioRequestsAreOneDword(String hexAddress, int bytes, String first) {
        long address = Long.parseLong(hexAddress, 16);
        for (boolean write : new boolean[] {false, true}) {
            Tlp t = new Tlp().setIo(write, 0x0100, 3, address, bytes);
            assertThat(t.type()).isEqualTo(write ? TlpType.IOWr : TlpType.IORd);
            assertThat(t.lengthDw()).isEqualTo(1);
            assertThat(t.firstDwBe()).isEqualTo(Integer.parseInt(first, 2));
            assertThat(t.lastDwBe()).isZero();
            assertThat(t.address()).isEqualTo(address & ~3L);
            assertThat(t.requestBytes()).isEqualTo(bytes);
        }
    }

    @ParameterizedTest(name = "{1} bytes at offset 0x{0}: register 0x{2}, First BE {3}")
    @CsvSource({"0, 4, 0, 1111", "6, 2, 4, 1100", "9A5, 1, 9A4, 0010", "FFF, 1, FFC, 1000", "100, 4, 100, 1111"})
    void configurationRequestsAreOneDword(String hexOffset, int bytes, String hexRegister, String first) {
        Tlp t = new Tlp().setConfig(false, 0x0000, 1, RoutingId.of(3, 0, 1), Integer.parseInt(hexOffset, 16), bytes);
        assertThat(t.type()).isEqualTo(TlpType.CfgRd0);
        assertThat(t.registerOffset()).isEqualTo(Integer.parseInt(hexRegister, 16));
        assertThat(t.lengthDw()).isEqualTo(1);
        assertThat(t.firstDwBe()).isEqualTo(Integer.parseInt(first, 2));
        assertThat(t.lastDwBe()).isZero();
        assertThat(t.requestBytes()).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "{1} bytes from Lower Address 0x{0}: Length {2}")
    @CsvSource({
        "0,  4,    1",
        "2,  2,    1",
        "2,  8,    3",  // bytes 2..9: DWs 0, 1, 2
        "3,  1,    1",
        "3,  2,    2",
        "40, 128,  32",
        "7F, 1,    1",
        "7C, 4,    1",
        "0,  4096, 1024",
        "4,  4092, 1023",
        "1,  4092, 1024",
    })
    void completionLengthCountsTheDwordsTheDataTouches(String hexLowerAddress, int bytes, int length) {
        int la = Integer.parseInt(hexLowerAddress, 16);
        Tlp t = new Tlp().setCompletion(0x0100, CompletionStatus.SC, 0x0000, 9, 4096, la, bytes);
        assertThat(t.type()).isEqualTo(TlpType.CplD);
        assertThat(t.lengthDw()).isEqualTo(length);
        assertThat(t.lowerAddress()).isEqualTo(la);
        assertThat(t.payloadBytes()).isEqualTo(length * 4);
    }

    @Test
    void completionWithoutDataHasNoLength() {
        Tlp t = new Tlp().setCompletion(0x0100, CompletionStatus.UR, 0x0000, 9, 4, 0, 0);
        assertThat(t.type()).isEqualTo(TlpType.Cpl);
        assertThat(t.lengthDw()).isZero();
        assertThat(t.payloadBytes()).isZero();
        assertThat(t.transactionLayerBytes()).isEqualTo(12);
    }

    @Test
    void completionDataMustFitIn1024Dwords() {
        // 4096 bytes starting at byte 1 of a DW touch 1025 DWs: no Length can say that.
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Tlp().setCompletion(0x0100, CompletionStatus.SC, 0, 9, 4096, 0x01, 4096));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Tlp().setCompletion(0x0100, CompletionStatus.SC, 0, 9, 4096, 0x00, 4097));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Tlp().setCompletion(0x0100, CompletionStatus.SC, 0, 9, 4096, 0x00, -4));
    }

    @Test
    void aRecycledTlpCarriesNothingOver() {
        Tlp t = new Tlp().setCompletion(0x0100, CompletionStatus.CA, 0x0200, 700, 12, 0x33, 12)
                .tc(5).attr(7).ep(true).td(true).th(true).at(2).bcm(true).context(5);
        t.setMemoryRead(0x0300, 4, 0x2000, 8);
        Tlp fresh = new Tlp().setMemoryRead(0x0300, 4, 0x2000, 8);
        assertThat(TlpWire.fields(t)).isEqualTo(TlpWire.fields(fresh));
        assertThat(t.completerId()).isZero();
        assertThat(t.status()).isEqualTo(CompletionStatus.SC);
        assertThat(t.byteCount()).isZero();
        assertThat(t.context()).isZero();
    }
}

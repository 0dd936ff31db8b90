package org.virtiosim.pcie.tlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Routing IDs (§2.2.6.2, ARI §6.13), Completion Status codes (Table 2-40) and the Fmt/Type
 * encodings and classes of the TLP types (Tables 2-5 and 2-6, §2.4).
 */
class TlpFieldsTest {
    @Test
    void aRoutingIdIsBusDeviceFunction() {
        assertThat(RoutingId.of(0, 0, 0)).isZero();
        assertThat(RoutingId.of(255, 31, 7)).isEqualTo(0xFFFF);
        assertThat(RoutingId.of(3, 1, 2)).isEqualTo(0x030A);
        int rid = RoutingId.of(0x5A, 0x13, 5);
        assertThat(RoutingId.bus(rid)).isEqualTo(0x5A);
        assertThat(RoutingId.device(rid)).isEqualTo(0x13);
        assertThat(RoutingId.function(rid)).isEqualTo(5);
        assertThat(RoutingId.toString(rid)).isEqualTo("5a:13.5");
        assertThat(RoutingId.toString(RoutingId.of(3, 0, 1))).isEqualTo("03:00.1");
        for (int[] bad : new int[][] {{-1, 0, 0}, {256, 0, 0}, {0, -1, 0}, {0, 32, 0}, {0, 0, -1}, {0, 0, 8}}) {
            assertThatThrownBy(() -> RoutingId.of(bad[0], bad[1], bad[2])).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anAriRoutingIdIsBusAndAnEightBitFunction() {
        assertThat(RoutingId.ari(0, 0)).isZero();
        assertThat(RoutingId.ari(255, 255)).isEqualTo(0xFFFF);
        assertThat(RoutingId.ari(4, 0x81)).isEqualTo(0x0481);
        assertThat(RoutingId.bus(RoutingId.ari(4, 0x81))).isEqualTo(4);
        for (int[] bad : new int[][] {{-1, 0}, {256, 0}, {0, -1}, {0, 256}}) {
            assertThatThrownBy(() -> RoutingId.ari(bad[0], bad[1])).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void completionStatusCodesAreTable2_40() {
        assertThat(CompletionStatus.SC.code()).isEqualTo(0b000);
        assertThat(CompletionStatus.UR.code()).isEqualTo(0b001);
        assertThat(CompletionStatus.CRS.code()).isEqualTo(0b010);
        assertThat(CompletionStatus.CA.code()).isEqualTo(0b100);
        for (CompletionStatus s : CompletionStatus.values()) {
            assertThat(CompletionStatus.decode(s.code())).isSameAs(s);
        }
        for (int reserved : new int[] {0b011, 0b101, 0b110, 0b111, -1, 8}) {
            assertThat(CompletionStatus.decode(reserved)).as("%d", reserved).isNull();
        }
    }

    @Test
    void fmtGivesTheHeaderSizeAndWhetherDataFollows() {
        assertThat(TlpType.MRd32.headerDw()).isEqualTo(3);
        assertThat(TlpType.MRd64.headerDw()).isEqualTo(4);
        assertThat(TlpType.MWr64.headerBytes()).isEqualTo(16);
        assertThat(TlpType.CplD.headerBytes()).isEqualTo(12);
        assertThat(TlpType.MWr32.hasData()).isTrue();
        assertThat(TlpType.MRd64.hasData()).isFalse();
        assertThat(TlpType.IOWr.hasData()).isTrue();
        assertThat(TlpType.Cpl.hasData()).isFalse();
        assertThat(TlpType.CfgWr0.fmt()).isEqualTo(0b010);
        assertThat(TlpType.CfgWr0.type()).isEqualTo(0b0_0100);
    }

    @Test
    void everyTypeHasOneOrderingClass() {
        for (TlpType t : TlpType.values()) {
            int classes = (t.isPosted() ? 1 : 0) + (t.isNonPosted() ? 1 : 0) + (t.isCompletion() ? 1 : 0);
            assertThat(classes).as("%s", t).isEqualTo(1);
        }
        assertThat(TlpType.MWr32.isPosted()).isTrue();
        assertThat(TlpType.MWr64.isPosted()).isTrue();
        for (TlpType t : new TlpType[] {TlpType.MRd32, TlpType.MRd64, TlpType.IORd, TlpType.IOWr, TlpType.CfgRd0, TlpType.CfgWr0}) {
            assertThat(t.isNonPosted()).as("%s", t).isTrue();
        }
        assertThat(TlpType.Cpl.isCompletion()).isTrue();
        assertThat(TlpType.CplD.isCompletion()).isTrue();
    }

    @Test
    void readsAndMemoryRequests() {
        for (TlpType t : TlpType.values()) {
            boolean read = t == TlpType.MRd32 || t == TlpType.MRd64 || t == TlpType.IORd || t == TlpType.CfgRd0;
            boolean memory = t == TlpType.MRd32 || t == TlpType.MRd64 || t == TlpType.MWr32 || t == TlpType.MWr64;
            assertThat(t.isRead()).as("%s read", t).isEqualTo(read);
            assertThat(t.isMemory()).as("%s memory", t).isEqualTo(memory);
        }
    }

    @Test
    void decodeKnowsExactlyTheModelsTypes() {
        for (TlpType t : TlpType.values()) {
            assertThat(TlpType.decode(t.fmt(), t.type())).isSameAs(t);
        }
        assertThat(TlpType.decode(0b000, 0b0_0001)).as("MRdLk").isNull();
        assertThat(TlpType.decode(0b111, 0b1_1111)).isNull();
        assertThat(TlpType.decode(0, 0)).isSameAs(TlpType.MRd32);
        for (int[] bad : new int[][] {{-1, 0}, {8, 0}, {0, -1}, {0, 32}}) {
            assertThat(TlpType.decode(bad[0], bad[1])).isNull();
        }
    }

    @Test
    void thePoolRecyclesClearedTlpsAndCountsWhatIsOut() {
        TlpPool pool = new TlpPool();
        Tlp a = pool.acquire();
        Tlp b = pool.acquire();
        assertThat(pool.created()).isEqualTo(2);
        assertThat(pool.outstanding()).isEqualTo(2);
        a.setMemoryWrite(0x0100, 0x1000, 8).ep(true).context(9);
        pool.release(a);
        assertThat(pool.outstanding()).isEqualTo(1);
        Tlp again = pool.acquire();
        assertThat(again).isSameAs(a);
        assertThat(again.ep()).isFalse();
        assertThat(again.context()).isZero();
        assertThat(again.type()).isEqualTo(TlpType.MRd32);
        assertThat(pool.created()).isEqualTo(2);
        pool.release(again);
        pool.release(b);
        assertThat(pool.outstanding()).isZero();
        // Growth beyond the initial 64 free slots.
        Tlp[] many = new Tlp[200];
        for (int i = 0; i < many.length; i++) {
            many[i] = pool.acquire();
        }
        for (Tlp t : many) {
            pool.release(t);
        }
        assertThat(pool.created()).isEqualTo(200);
        for (int i = 0; i < many.length; i++) {
            pool.acquire();
        }
        assertThat(pool.created()).isEqualTo(200);
        assertThat(pool.outstanding()).isEqualTo(200);
    }

    @Test
    void attributeBitsAreNoSnoopRelaxedOrderingAndIdBasedOrdering() {
        Tlp t = new Tlp().setMemoryRead(0, 0, 0x1000, 4);
        t.attr(0b001);
        assertThat(t.noSnoop()).isTrue();
        assertThat(t.relaxedOrdering()).isFalse();
        assertThat(t.idBasedOrdering()).isFalse();
        t.attr(0b100);
        assertThat(t.noSnoop()).isFalse();
        assertThat(t.idBasedOrdering()).isTrue();
        t.attr(0b010);
        assertThat(t.relaxedOrdering()).isTrue();
        assertThat(t.idBasedOrdering()).isFalse();
        assertThat(t.noSnoop()).isFalse();
    }

    @Test
    void everyBuilderResetsWhatTheFormatDoesNotHave() {
        Tlp t = new Tlp().setMemoryRead(0x0100, 1, 0x1000, 8).ep(true).attr(0b111).context(5).createdPs(77);
        t.setMemoryWrite(0x0100, 0x2000, 8);
        assertThat(t.ep()).isFalse();
        assertThat(t.attr()).isZero();
        assertThat(t.context()).isZero();
        t.ep(true).attr(0b111).context(5).createdPs(77);
        t.setIo(false, 0x0100, 3, 0xC000, 4);
        assertThat(t.ep()).isFalse();
        assertThat(t.attr()).isZero();
        assertThat(t.context()).isZero();
        assertThat(t.createdPs()).isZero();
        t.ep(true).attr(0b111);
        t.setConfig(false, 0x0100, 4, 0x0200, 0x10, 4);
        assertThat(t.ep()).isFalse();
        assertThat(t.attr()).isZero();
        t.ep(true).attr(0b111).createdPs(9);
        t.setCompletion(0x0200, CompletionStatus.SC, 0x0100, 4, 4, 0x10, 4);
        assertThat(t.ep()).isFalse();
        assertThat(t.attr()).isZero();
        assertThat(t.createdPs()).isZero();
        assertThat(t.createdPs(123).createdPs()).isEqualTo(123);
    }

    @Test
    void aCompletionsLowerAddressKeepsItsSevenBitsAndByteCountIs0To4096() {
        Tlp t = new Tlp().setCompletion(0x0200, CompletionStatus.SC, 0x0100, 4, 4096, 0xFF, 1);
        assertThat(t.lowerAddress()).isEqualTo(0x7F);
        assertThat(t.byteCount()).isEqualTo(4096);
        assertThat(new Tlp().setCompletion(0x0200, CompletionStatus.SC, 0x0100, 4, 0, 0, 0).byteCount()).isZero();
        // 4096 bytes from a DW-aligned Lower Address fill exactly 1024 DW.
        assertThat(new Tlp().setCompletion(0x0200, CompletionStatus.SC, 0x0100, 4, 4096, 0x40, 4096).lengthDw()).isEqualTo(1024);
        assertThatThrownBy(() -> new Tlp().setCompletion(0x0200, CompletionStatus.SC, 0x0100, 4, 4096, 0x41, 4096))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Tlp().setCompletion(0x0200, CompletionStatus.SC, 0x0100, 4, 4097, 0, 4))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Tlp().setCompletion(0x0200, CompletionStatus.SC, 0x0100, 4, -1, 0, 4))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Tlp().byteCount(4096).byteCount()).isEqualTo(4096);
        assertThat(new Tlp().byteCount(0).byteCount()).isZero();
        assertThatThrownBy(() -> new Tlp().byteCount(4097)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Tlp().byteCount(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describesItselfInConventionalNotation() {
        String rd = new Tlp().setMemoryRead(RoutingId.of(3, 0, 1), 7, 0x1000, 8).toString();
        assertThat(rd).isEqualTo("MRd32 req=03:00.1 tag=7 addr=0x1000 be=ff len=2");
        String cfg = new Tlp().setConfig(true, 0, 2, RoutingId.of(4, 0, 0), 0x44, 4).toString();
        assertThat(cfg).isEqualTo("CfgWr0 req=00:00.0 tag=2 target=04:00.0 reg=0x44 be=0f len=1");
        String cpl = new Tlp().setCompletion(RoutingId.of(4, 0, 0), CompletionStatus.UR, RoutingId.of(0, 0, 0), 2, 4, 0, 0).toString();
        assertThat(cpl).isEqualTo("Cpl cpl=04:00.0 UR req=00:00.0 tag=2 bc=4 la=0x0 len=0");
        String cfgRd = new Tlp().setConfig(false, 0, 2, RoutingId.of(4, 0, 0), 0x45, 1).toString();
        assertThat(cfgRd).startsWith("CfgRd0 ").contains("reg=0x44 be=02");
    }
}

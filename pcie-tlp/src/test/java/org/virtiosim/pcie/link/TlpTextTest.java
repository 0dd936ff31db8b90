package org.virtiosim.pcie.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.component.Component;
import org.virtiosim.core.component.TextSignal;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.TlpType;

class TlpTextTest {
    private static String text(TlpType type, long tag, long address, long length, CompletionStatus status) {
        StringBuilder sb = new StringBuilder();
        TlpText.format(new long[] {type == null ? 0 : type.ordinal() + 1, tag, address, length, status == null ? 0 : status.code()}, sb);
        return sb.toString();
    }

    @Test
    void eachKindReadsAsTheSpecNamesIt() {
        assertThat(text(TlpType.MRd64, 5, 0xfe000010L, 1, null)).isEqualTo("MRd64 tag=5 0xfe000010 len=1");
        assertThat(text(TlpType.MRd32, 0, 0x1000, 16, null)).isEqualTo("MRd32 tag=0 0x1000 len=16");
        assertThat(text(TlpType.MWr32, 0, 0xfe000010L, 1, null)).as("posted: no tag").isEqualTo("MWr32 0xfe000010 len=1");
        assertThat(text(TlpType.MWr64, 0, 0x2_0000_7000L, 2, null)).isEqualTo("MWr64 0x200007000 len=2");
        assertThat(text(TlpType.IORd, 3, 0xc010, 1, null)).isEqualTo("IORd tag=3 0xc010 len=1");
        assertThat(text(TlpType.IOWr, 4, 0xc010, 1, null)).isEqualTo("IOWr tag=4 0xc010 len=1");
        // Routing ID 0x0109 = bus 01, device 01, function 1; register 0x44
        assertThat(text(TlpType.CfgRd0, 2, 0x0109L << 12 | 0x44, 1, null)).isEqualTo("CfgRd0 tag=2 01:01.1 reg=0x44 len=1");
        assertThat(text(TlpType.CfgWr0, 7, 0xFFFFL << 12 | 0xFFC, 1, null)).isEqualTo("CfgWr0 tag=7 ff:1f.7 reg=0xffc len=1");
        assertThat(text(TlpType.CplD, 5, 0, 1, CompletionStatus.SC)).isEqualTo("CplD tag=5 len=1 SC");
        assertThat(text(TlpType.Cpl, 5, 0, 0, CompletionStatus.UR)).as("no data: no length").isEqualTo("Cpl tag=5 UR");
        assertThat(text(TlpType.Cpl, 1, 0, 0, CompletionStatus.CRS)).isEqualTo("Cpl tag=1 CRS");
        assertThat(text(TlpType.Cpl, 1, 0, 0, CompletionStatus.CA)).isEqualTo("Cpl tag=1 CA");
        assertThat(text(null, 9, 0x1234, 3, null)).as("idle").isEmpty();
        StringBuilder reserved = new StringBuilder();
        TlpText.format(new long[] {TlpType.Cpl.ordinal() + 1, 1, 0, 0, 0b111}, reserved);
        assertThat(reserved).hasToString("Cpl tag=1 status=7");
        // Every type the model sends is named as the spec's Table 2-6 names it, first in the line.
        for (TlpType t : TlpType.values()) {
            assertThat(text(t, 1, 0x10, 1, CompletionStatus.SC)).startsWith(t.name() + " ");
        }
    }

    @Test
    void aTracedLinkShowsTheTlpWhileOnTheLanesThenNothing() {
        LinkTestBench b = new LinkTestBench(new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.NONE, 50_000),
                org.virtiosim.pcie.fc.ReceiverCredits.UNSCALED_MAX, org.virtiosim.pcie.fc.ReceiverCredits.UNSCALED_MAX);
        Component root = Component.root(b.kernel, "tb", 1);
        b.link.upstream().trace(root.child("up"));
        b.link.downstream().trace(root.child("down"));
        List<TextSignal> texts = root.tracing().texts();
        assertThat(texts).extracting(TextSignal::path).containsExactly("tb.up.tlp", "tb.down.tlp");
        TextSignal up = texts.get(0);
        TextSignal down = texts.get(1);
        root.tracing().attach((t, p, v) -> { }, p -> true);
        assertThat(up.decodeNow()).isEmpty();

        b.up(b.newTlp(2).setMemoryRead(0x0100, 5, 0x2_0000_0400L, 20));
        assertThat(up.decodeNow()).isEqualTo("MRd64 tag=5 0x200000400 len=5");
        b.kernel.run(100_000);
        assertThat(up.decodeNow()).as("off the lanes").isEmpty();

        b.link.downstream().send(b.link.downstream().newTlp()
                .setCompletion(0, CompletionStatus.SC, 0x0100, 5, 20, 0, 20));
        assertThat(down.decodeNow()).isEqualTo("CplD tag=5 len=5 SC");
        b.link.downstream().send(b.link.downstream().newTlp().setConfig(false, 0, 3, 0x0101, 0x44, 2));
        b.kernel.run(200_000);
        b.link.downstream().send(b.link.downstream().newTlp().setConfig(true, 0, 4, 0x0102, 0x10, 4));
        assertThat(down.decodeNow()).isEqualTo("CfgWr0 tag=4 01:00.2 reg=0x10 len=1");
    }
}

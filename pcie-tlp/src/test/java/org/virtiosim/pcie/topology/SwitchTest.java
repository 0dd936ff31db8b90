package org.virtiosim.pcie.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.pcie.fc.ReceiverCredits;
import org.virtiosim.pcie.link.DllpPolicy;
import org.virtiosim.pcie.link.Link;
import org.virtiosim.pcie.link.LinkConfig;
import org.virtiosim.pcie.link.LinkGeneration;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.TlpPool;

class SwitchTest {
    private final Kernel kernel = new Kernel();
    private final LinkConfig cfg = new LinkConfig(LinkGeneration.GEN4, 8, 256, DllpPolicy.NONE, 10_000);
    private final TlpPool pool = new TlpPool();
    private final List<String> seen = new ArrayList<>();

    @Test
    void routesDownByAddressAndByIdAndEverythingElseUp() {
        Link top = new Link(kernel, cfg, "top", pool, ReceiverCredits.UNSCALED_MAX, ReceiverCredits.UNSCALED_MAX);
        Link a = new Link(kernel, cfg, "a", pool, ReceiverCredits.UNSCALED_MAX, ReceiverCredits.UNSCALED_MAX);
        Link b = new Link(kernel, cfg, "b", pool, ReceiverCredits.UNSCALED_MAX, ReceiverCredits.UNSCALED_MAX);
        Switch sw = new Switch(kernel, 80_000);
        sw.attachUpstream(top.upstream());
        var fromA = sw.addDownstreamPort(a.downstream(), 0xA000_0000L, 0xA0FF_FFFFL, 2, 2);
        var fromB = sw.addDownstreamPort(b.downstream(), 0xB000_0000L, 0xB0FF_FFFFL, 3, 4);
        top.connect(t -> seen.add("rc " + t.type()), sw.fromAbove());
        a.connect(fromA, t -> seen.add("a " + t.type() + (t.type().hasData() ? " " + t.data()[0] : "")));
        b.connect(fromB, t -> seen.add("b " + t.type()));

        var w = top.downstream().newTlp().setMemoryWrite(0x0000, 0xA000_0010L, 4);
        w.ensureData(4)[0] = 42;
        top.downstream().send(w);
        top.downstream().send(top.downstream().newTlp().setMemoryRead(0x0000, 3, 0xB000_0000L, 4));
        top.downstream().send(top.downstream().newTlp().setCompletion(0x0000, CompletionStatus.SC, 0x0401, 9, 4, 0, 4));
        top.downstream().send(top.downstream().newTlp().setConfig(false, 0x0000, 1, 0x0200, 0x10, 4));
        kernel.runUntilIdle();
        // A device's DMA goes up; a peer's BAR address goes across.
        a.upstream().send(a.upstream().newTlp().setMemoryRead(0x0200, 1, 0x1_0000_0000L, 64));
        a.upstream().send(a.upstream().newTlp().setMemoryWrite(0x0200, 0xB000_0100L, 8));
        kernel.runUntilIdle();
        assertThat(seen).containsExactly("a MWr32 42", "b MRd32", "b CplD", "a CfgRd0", "rc MRd64", "b MWr32");
        assertThat(sw.forwarded()).isEqualTo(6);
    }

    @Test
    void windowsAndBusRangesIncludeBothEnds() {
        Link top = new Link(kernel, cfg, "top", pool, ReceiverCredits.UNSCALED_MAX, ReceiverCredits.UNSCALED_MAX);
        Link a = new Link(kernel, cfg, "a", pool, ReceiverCredits.UNSCALED_MAX, ReceiverCredits.UNSCALED_MAX);
        Switch sw = new Switch(kernel, 0);
        sw.attachUpstream(top.upstream());
        var fromA = sw.addDownstreamPort(a.downstream(), 0xA000_0000L, 0xA000_0FFCL, 5, 6);
        top.connect(t -> seen.add("rc " + t.type()), sw.fromAbove());
        a.connect(fromA, t -> seen.add("a " + t.type() + " " + Long.toHexString(t.type().isMemory() ? t.address() : t.targetId())));
        for (long addr : new long[] {0x9FFF_FFFCL, 0xA000_0000L, 0xA000_0FFCL, 0xA000_1000L}) {
            top.downstream().send(top.downstream().newTlp().setMemoryRead(0x0000, 1, addr, 4));
        }
        for (int bus : new int[] {4, 5, 6, 7}) {
            top.downstream().send(top.downstream().newTlp().setConfig(false, 0x0000, 2, bus << 8, 0, 4));
        }
        kernel.runUntilIdle();
        assertThat(seen).containsExactly("a MRd32 a0000000", "a MRd32 a0000ffc", "a CfgRd0 500", "a CfgRd0 600");
        assertThat(sw.forwarded()).isEqualTo(4);
        assertThatThrownBy(() -> new Switch(kernel, -1)).isInstanceOf(IllegalArgumentException.class);
    }

}

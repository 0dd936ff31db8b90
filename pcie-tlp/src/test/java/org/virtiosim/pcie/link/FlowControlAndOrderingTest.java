package org.virtiosim.pcie.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.random.SplitMix64;
import org.virtiosim.pcie.fc.CreditType;
import org.virtiosim.pcie.fc.ReceiverCredits;
import org.virtiosim.pcie.tlp.CompletionStatus;

class FlowControlAndOrderingTest {
    private static final LinkConfig CFG = new LinkConfig(LinkGeneration.GEN3, 4, 256, DllpPolicy.PCIE_BENCH, 20_000);

    private static List<String> order(LinkTestBench b) {
        return b.atRc.stream().map(LinkTestBench.Delivery::what).toList();
    }

    @Test
    void postedRequestPassesANonPostedRequestBlockedOnCredits() {
        LinkTestBench b = new LinkTestBench(CFG, new ReceiverCredits(8, 64, 1, 1, 0, 0), ReceiverCredits.UNSCALED_MAX);
        b.up(b.newTlp(1).setMemoryRead(0x100, 1, 0x1000, 64).context(1));
        b.up(b.newTlp(2).setMemoryRead(0x100, 2, 0x2000, 64).context(2)); // waits for NPH
        b.up(b.newTlp(3).setMemoryWrite(0x100, 0x3000, 64).context(3));
        b.kernel.runUntilIdle();
        assertThat(order(b)).containsExactly("MRd32#1", "MWr32#3", "MRd32#2");
        assertThat(b.link.upstream().creditStalls()).isPositive();
    }

    @Test
    void nonPostedRequestAndCompletionNeverPassAnOlderPostedRequest() {
        LinkTestBench b = new LinkTestBench(CFG, new ReceiverCredits(1, 64, 8, 8, 0, 0), ReceiverCredits.UNSCALED_MAX);
        b.up(b.newTlp(1).setMemoryWrite(0x100, 0x1000, 64).context(1));
        b.up(b.newTlp(2).setMemoryWrite(0x100, 0x2000, 64).context(2)); // waits for PH
        b.up(b.newTlp(3).setMemoryRead(0x100, 1, 0x3000, 64).context(3)); // has credits, must not pass #2
        b.up(b.newTlp(4).setCompletion(0x100, CompletionStatus.SC, 0x0, 5, 4, 0, 4).context(4));
        b.kernel.runUntilIdle();
        assertThat(order(b)).containsExactly("MWr32#1", "MWr32#2", "MRd32#3", "CplD#4");
    }

    @Test
    void completionsAreNotBlockedByNonPostedRequests() {
        LinkTestBench b = new LinkTestBench(CFG, new ReceiverCredits(8, 64, 1, 1, 0, 0), ReceiverCredits.UNSCALED_MAX);
        b.up(b.newTlp(1).setMemoryRead(0x100, 1, 0x1000, 64).context(1));
        b.up(b.newTlp(2).setMemoryRead(0x100, 2, 0x2000, 64).context(2)); // waits for NPH
        b.up(b.newTlp(3).setCompletion(0x100, CompletionStatus.SC, 0x0, 7, 8, 0, 8).context(3));
        b.kernel.runUntilIdle();
        assertThat(order(b)).containsExactly("MRd32#1", "CplD#3", "MRd32#2");
    }

    @Test
    void creditsNeverGoNegativeAndAreAllReturnedWhenIdle() {
        ReceiverCredits tight = new ReceiverCredits(3, 20, 2, 2, 4, 40);
        LinkTestBench b = new LinkTestBench(CFG, tight, ReceiverCredits.UNSCALED_MAX);
        LinkDirection up = b.link.upstream();
        SplitMix64 rnd = new SplitMix64(11);
        for (int i = 0; i < 500; i++) {
            long t = rnd.nextLong(2_000_000);
            int id = i;
            b.kernel.schedule(t, arg -> {
                int kind = (int) rnd.nextLong(3);
                int len = 4 * (1 + (int) rnd.nextLong(64));
                switch (kind) {
                    case 0 -> up.send(up.newTlp().setMemoryWrite(0x100, 0x10_0000 + 256L * id, len).context(id));
                    case 1 -> up.send(up.newTlp().setMemoryRead(0x100, id & 255, 0x20_0000, len).context(id));
                    default -> up.send(up.newTlp().setCompletion(0x100, CompletionStatus.SC, 0, id & 255, len, 0, len).context(id));
                }
                for (CreditType ct : CreditType.values()) {
                    assertThat(up.credits(ct).available()).as("%s", ct).isGreaterThanOrEqualTo(0);
                }
            }, 0);
        }
        b.kernel.runUntilIdle();
        assertThat(b.atRc).hasSize(500);
        assertThat(up.idle()).isTrue();
        for (CreditType ct : CreditType.values()) {
            assertThat(up.credits(ct).outstanding()).as("%s outstanding when idle", ct).isZero();
            assertThat(up.credits(ct).available()).isEqualTo(up.credits(ct).advertised());
        }
        assertThat(b.pool.outstanding()).isZero();
    }

    @Test
    void specPolicySendsAcksAndUpdateFcsOnTheReverseDirection() {
        LinkConfig spec = new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.SPEC, 20_000);
        LinkTestBench b = new LinkTestBench(spec, new ReceiverCredits(4, 64, 4, 4, 0, 0), ReceiverCredits.UNSCALED_MAX);
        for (int i = 0; i < 200; i++) {
            b.up(b.newTlp(i).setMemoryWrite(0x100, 0x10_0000 + 256L * i, 256).context(i));
        }
        b.kernel.runUntilIdle();
        assertThat(b.atRc).hasSize(200);
        assertThat(b.link.downstream().dllpBytes()).as("Acks and UpdateFCs go down").isPositive();
        assertThat(b.link.upstream().dllpBytes()).as("nothing to acknowledge going up").isZero();
        assertThat(b.link.upstream().credits(CreditType.PH).outstanding()).isZero();
    }
}

package org.virtiosim.pcie.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.pcie.fc.ReceiverCredits;
import org.virtiosim.pcie.host.HostMemory;
import org.virtiosim.pcie.host.RootComplex;
import org.virtiosim.pcie.host.RootComplexTiming;
import org.virtiosim.pcie.link.DllpPolicy;
import org.virtiosim.pcie.link.Link;
import org.virtiosim.pcie.link.LinkConfig;
import org.virtiosim.pcie.link.LinkGeneration;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.tlp.TlpPool;
import org.virtiosim.pcie.tlp.TlpType;

class OutstandingRequestsTest {
    private final Kernel kernel = new Kernel();
    private final List<String> events = new ArrayList<>();

    /** A device with a few tags reading host memory through a link and a root complex. */
    private final class Reader implements OutstandingRequests.Listener {
        final Link link;
        final RootComplex rc;
        final OutstandingRequests table;
        int next;
        int maxInUse;
        final int reads;
        boolean dropReads;

        Reader(int tags, int reads, long timeoutPs) {
            this.reads = reads;
            link = new Link(kernel, new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.PCIE_BENCH, 100_000), "l",
                    new TlpPool(), ReceiverCredits.UNSCALED_MAX, ReceiverCredits.UNSCALED_MAX);
            rc = new RootComplex(kernel, new HostMemory(), RootComplexTiming.DEFAULT, 0, 256);
            rc.attach(link.downstream());
            table = new OutstandingRequests(kernel, tags, timeoutPs, this);
            link.connect(t -> {
                if (!dropReads || t.type() != TlpType.MRd32) {
                    rc.receive(t);
                }
            }, t -> table.complete(t));
        }

        void issue() {
            while (next < reads) {
                int tag = table.allocate(next, 64);
                if (tag < 0) {
                    events.add("stall@" + next);
                    return;
                }
                maxInUse = Math.max(maxInUse, table.inUse());
                Tlp t = link.upstream().newTlp().setMemoryRead(0x100, tag, 0x1000 + 64L * next, 64);
                link.upstream().send(t);
                next++;
            }
        }

        @Override
        public void completion(int tag, long context, Tlp completion, boolean last) {
            if (last) {
                events.add("done" + context);
                issue();
            }
        }

        @Override
        public void timedOut(int tag, long context) {
            events.add("timeout" + context + "@" + kernel.now());
        }

        @Override
        public void unexpected(Tlp completion) {
            events.add("unexpected tag " + completion.tag());
        }
    }

    @Test
    void tagExhaustionStallsNewReadsAndTheyResumeAsCompletionsFreeTags() {
        Reader r = new Reader(2, 10, 50_000_000_000L);
        kernel.schedule(0, arg -> r.issue(), 0);
        kernel.runUntilIdle();
        assertThat(r.maxInUse).isEqualTo(2);
        assertThat(events).contains("stall@2");
        assertThat(events.stream().filter(e -> e.startsWith("done")).count()).isEqualTo(10);
        assertThat(r.table.inUse()).isZero();
        assertThat(r.table.timeouts()).isZero();
    }

    @Test
    void aCompletionThatNeverComesIsReportedAsACompletionTimeout() {
        Reader r = new Reader(4, 1, 1_000_000_000L); // 1 ms
        r.dropReads = true;
        kernel.schedule(0, arg -> r.issue(), 0);
        kernel.runUntilIdle();
        assertThat(events).containsExactly("timeout0@1000000000");
        assertThat(r.table.timeouts()).isEqualTo(1);
        assertThat(r.table.inUse()).isZero();
    }

    @Test
    void aCompletionAfterTheTimeoutIsUnexpected() {
        Reader r = new Reader(4, 1, 100_000); // 100 ns: shorter than the round trip
        kernel.schedule(0, arg -> r.issue(), 0);
        kernel.runUntilIdle();
        assertThat(events).containsExactly("timeout0@100000", "unexpected tag 0");
        assertThat(r.table.unexpectedCompletions()).isEqualTo(1);
    }

    @Test
    void aReadAnEarlierPartOfWhichWasLostWaitsForItsTimeout() {
        List<String> seen = new ArrayList<>();
        OutstandingRequests t = new OutstandingRequests(kernel, 4, 1_000_000, new OutstandingRequests.Listener() {
            @Override
            public void completion(int tag, long context, Tlp completion, boolean last) {
                seen.add("cpl " + completion.byteCount() + (last ? " last" : ""));
            }

            @Override
            public void timedOut(int tag, long context) {
                seen.add("timeout");
            }
        });
        int tag = t.allocate(7, 256);
        // Two 128-byte CplDs answer the 256-byte read (Byte Count 256, then 128); the first is lost.
        Tlp second = new Tlp().setCompletion(0, org.virtiosim.pcie.tlp.CompletionStatus.SC, 0x100, tag, 128, 0x80, 128);
        t.complete(second);
        assertThat(seen).containsExactly("cpl 128");
        assertThat(t.inUse()).as("the bytes do not add up: still waiting").isEqualTo(1);
        kernel.runUntilIdle();
        assertThat(seen).containsExactly("cpl 128", "timeout");
        assertThat(t.timeouts()).isEqualTo(1);
        // Both parts: done at the second, no timeout.
        int again = t.allocate(8, 256);
        t.complete(new Tlp().setCompletion(0, org.virtiosim.pcie.tlp.CompletionStatus.SC, 0x100, again, 256, 0, 128));
        t.complete(new Tlp().setCompletion(0, org.virtiosim.pcie.tlp.CompletionStatus.SC, 0x100, again, 128, 0x80, 128));
        kernel.runUntilIdle();
        assertThat(seen).endsWith("cpl 256", "cpl 128 last");
        assertThat(t.timeouts()).isEqualTo(1);
    }
}

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

    /** A table whose listener records "timeout CONTEXT@PS"; completions are made by hand. */
    private OutstandingRequests bare(int tags, long timeoutPs) {
        return new OutstandingRequests(kernel, tags, timeoutPs, new OutstandingRequests.Listener() {
            @Override
            public void completion(int tag, long context, Tlp completion, boolean last) {
                events.add("done" + context);
            }

            @Override
            public void timedOut(int tag, long context) {
                events.add("timeout" + context + "@" + kernel.now());
            }
        });
    }

    private static Tlp cplFor(int tag) {
        return new Tlp().setCompletion(0, org.virtiosim.pcie.tlp.CompletionStatus.SC, 0x100, tag, 4, 0, 1);
    }

    @Test
    void eachStuckRequestExpiresAtItsOwnDeadlineWhateverWasDoneAroundIt() {
        OutstandingRequests t = bare(8, 1_000);
        int[] tag = new int[6];
        for (int i = 0; i < 6; i++) {
            int k = i;
            kernel.schedule(100L * i, arg -> tag[k] = t.allocate(k, 4), 0);
        }
        // Requests 0, 2, 3 and 5 complete (out of order, and one after a later one was made on
        // its reused tag); 1 and 4 never do.
        kernel.schedule(550, arg -> t.complete(cplFor(tag[3])), 0);
        kernel.schedule(560, arg -> t.complete(cplFor(tag[0])), 0);
        kernel.schedule(570, arg -> t.complete(cplFor(tag[2])), 0);
        kernel.schedule(900, arg -> t.complete(cplFor(tag[5])), 0);
        kernel.schedule(1_050, arg -> tag[0] = t.allocate(6, 4), 0); // reuses a freed tag: a new request, a new deadline
        kernel.runUntilIdle();
        assertThat(events).containsExactly("done3", "done0", "done2", "done5", "timeout1@1100", "timeout4@1400",
                "timeout6@2050");
        assertThat(t.timeouts()).isEqualTo(3);
        assertThat(t.inUse()).isZero();
    }

    @Test
    void requestsMadeAtTheSamePicosecondExpireInTheOrderTheyWereMade() {
        OutstandingRequests t = bare(8, 500);
        kernel.schedule(10, arg -> {
            t.allocate(1, 4);
            t.allocate(2, 4);
            t.allocate(3, 4);
        }, 0);
        kernel.runUntilIdle();
        assertThat(events).containsExactly("timeout1@510", "timeout2@510", "timeout3@510");
    }

    @Test
    void aTableWithNothingOutstandingLeavesNoEventPending() {
        OutstandingRequests t = bare(4, 50_000_000_000L);
        kernel.schedule(0, arg -> {
            int a = t.allocate(1, 4);
            int b = t.allocate(2, 4);
            t.complete(cplFor(b));
            t.complete(cplFor(a));
        }, 0);
        kernel.run(1_000);
        assertThat(kernel.pending()).as("the timer is cancelled once no request is live").isZero();
        assertThat(events).containsExactly("done2", "done1");
    }

    @Test
    void aTimeoutThatMakesANewRequestGivesItAFullTimeout() {
        List<Long> made = new ArrayList<>();
        OutstandingRequests[] t = new OutstandingRequests[1];
        t[0] = new OutstandingRequests(kernel, 2, 300, new OutstandingRequests.Listener() {
            @Override
            public void completion(int tag, long context, Tlp completion, boolean last) {
            }

            @Override
            public void timedOut(int tag, long context) {
                events.add("timeout" + context + "@" + kernel.now());
                if (context < 3) {
                    made.add(kernel.now());
                    t[0].allocate(context + 1, 4); // a retry, from inside the expiry
                }
            }
        });
        kernel.schedule(0, arg -> t[0].allocate(1, 4), 0);
        kernel.runUntilIdle();
        assertThat(events).containsExactly("timeout1@300", "timeout2@600", "timeout3@900");
        assertThat(made).containsExactly(300L, 600L);
    }

    @Test
    void thousandsOfRequestsInFlightAcrossManyTimeoutsAllMatchOrExpire() {
        // More requests within one timeout than the FIFO's first size: it grows, and every stale
        // entry is skipped.
        OutstandingRequests t = bare(1024, 1_000_000);
        int[] live = new int[1];
        for (int i = 0; i < 5000; i++) {
            long at = 100L * i;
            int k = i;
            kernel.schedule(at, arg -> {
                int tag = t.allocate(k, 4);
                if (k % 7 != 0) {
                    kernel.schedule(at + 50 + (k % 13) * 1000, x -> t.complete(cplFor(tag)), 0);
                } else {
                    live[0]++;
                }
            }, 0);
        }
        kernel.runUntilIdle();
        assertThat(t.timeouts()).isEqualTo(live[0]);
        assertThat(events.stream().filter(e -> e.startsWith("timeout")).map(e -> e.substring(e.indexOf('@') + 1)).mapToLong(Long::parseLong))
                .as("each stuck request expires exactly one timeout after it was made")
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 5000).filter(k -> k % 7 == 0)
                        .mapToObj(k -> 100L * k + 1_000_000).toList());
        assertThat(t.inUse()).isZero();
    }
}

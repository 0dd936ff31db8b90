package org.virtiosim.pcie.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.tlp.TlpPool;

/**
 * The tag table driven directly with completions (class comment, §2.3.1.1, §2.3.2, §2.8): a
 * request is done at the completion whose Byte Count equals its own payload, an unsuccessful
 * status ends it, a tag not outstanding is an Unexpected Completion, and the Completion Timeout
 * frees the tag.
 */
class OutstandingRequestsMatchingTest {
    private static final long TIMEOUT = 1_000_000;

    private final Kernel kernel = new Kernel();
    private final TlpPool pool = new TlpPool();
    private final List<String> heard = new ArrayList<>();
    private final OutstandingRequests table = new OutstandingRequests(kernel, 8, TIMEOUT, new OutstandingRequests.Listener() {
        @Override
        public void completion(int tag, long context, Tlp completion, boolean last) {
            heard.add("tag" + tag + " ctx" + context + " bc" + completion.byteCount() + (last ? " last" : ""));
        }

        @Override
        public void timedOut(int tag, long context) {
            heard.add("timeout tag" + tag + " ctx" + context + "@" + kernel.now());
        }

        @Override
        public void unexpected(Tlp completion) {
            heard.add("unexpected tag" + completion.tag());
        }
    });

    /** A successful CplD of {@code bytes} data bytes from {@code lowerAddress}, {@code byteCount} remaining. */
    private Tlp cpl(int tag, int byteCount, int lowerAddress, int bytes) {
        return pool.acquire().setCompletion(0x0100, CompletionStatus.SC, 0, tag, byteCount, lowerAddress, bytes);
    }

    @Test
    void tagsAreOneTo1024AndTheTimeoutPositive() {
        new OutstandingRequests(kernel, 1, 1, null);
        new OutstandingRequests(kernel, 1024, 1, null);
        assertThatThrownBy(() -> new OutstandingRequests(kernel, 0, 1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutstandingRequests(kernel, 1025, 1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutstandingRequests(kernel, 8, 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(table.capacity()).isEqualTo(8);
    }

    @Test
    void aReadSplitIntoSeveralCompletionsIsDoneAtTheOneCarryingItsLastBytes() {
        int tag = table.allocate(77, 512);
        // 512 bytes from 0x2040 split at 256-byte boundaries: 192, 256, 64 (Byte Count: remaining).
        table.complete(cpl(tag, 512, 0x40, 192));
        table.complete(cpl(tag, 320, 0x00, 256));
        assertThat(table.inUse()).isEqualTo(1);
        table.complete(cpl(tag, 64, 0x00, 64));
        assertThat(heard).containsExactly("tag" + tag + " ctx77 bc512", "tag" + tag + " ctx77 bc320", "tag" + tag + " ctx77 bc64 last");
        assertThat(table.inUse()).isZero();
        assertThat(kernel.pending()).as("the completion timer is cancelled").isZero();
    }

    @Test
    void theValidBytesOfACompletionStartAtItsLowerAddress() {
        int tag = table.allocate(1, 6);
        // 6 bytes from 0x3001: two DWs, the first byte at offset 1.
        table.complete(cpl(tag, 6, 0x01, 6));
        assertThat(heard).containsExactly("tag" + tag + " ctx1 bc6 last");
    }

    @Test
    void aCompletionClaimingMoreThanRemainsEndsTheRequestWhenItsDataCoversWhatRemains() {
        int tag = table.allocate(2, 128);
        table.complete(cpl(tag, 200, 0x00, 64)); // 64 of 128: 64 remain
        table.complete(cpl(tag, 136, 0x00, 64)); // Byte Count says more, but this covers what remains
        assertThat(heard).containsExactly("tag" + tag + " ctx2 bc200", "tag" + tag + " ctx2 bc136 last");
        assertThat(table.inUse()).isZero();
    }

    @Test
    void anUnsuccessfulCompletionEndsTheRequest() {
        int tag = table.allocate(3, 256);
        table.complete(pool.acquire().setCompletion(0x0100, CompletionStatus.CA, 0, tag, 256, 0, 0));
        assertThat(heard).containsExactly("tag" + tag + " ctx3 bc256 last");
        assertThat(table.inUse()).isZero();
    }

    @Test
    void aCompletionForATagNotOutstandingIsUnexpected() {
        int tag = table.allocate(4, 4);
        table.complete(cpl(tag, 4, 0, 4));
        table.complete(cpl(tag, 4, 0, 4)); // again: the tag was released
        table.complete(cpl(5, 4, 0, 4)); // never allocated
        table.complete(cpl(8, 4, 0, 4)); // beyond the table
        table.complete(cpl(1023, 4, 0, 4));
        assertThat(heard).containsExactly("tag" + tag + " ctx4 bc4 last", "unexpected tag" + tag, "unexpected tag5",
                "unexpected tag8", "unexpected tag1023");
        assertThat(table.unexpectedCompletions()).isEqualTo(4);
    }

    @Test
    void aReusedTagGetsItsOwnTimeoutNotThePreviousRequests() {
        kernel.schedule(5, arg -> { }, 0); // some other event first: the timer is not the kernel's first handle
        int first = table.allocate(10, 4);
        kernel.run(TIMEOUT / 10);
        table.complete(cpl(first, 4, 0, 4));
        kernel.run(TIMEOUT / 2);
        int second = table.allocate(11, 4);
        assertThat(second).as("the freed tag is reused").isEqualTo(first);
        kernel.runUntilIdle();
        assertThat(heard).containsExactly("tag" + first + " ctx10 bc4 last",
                "timeout tag" + second + " ctx11@" + (TIMEOUT / 2 + TIMEOUT));
        assertThat(table.timeouts()).isEqualTo(1);
        assertThat(table.inUse()).isZero();
    }

    @Test
    void whenEveryTagIsInUseAllocateSaysSoUntilOneIsFreed() {
        List<Integer> tags = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tags.add(table.allocate(i, 4));
        }
        assertThat(tags).doesNotHaveDuplicates().allMatch(t -> t >= 0 && t < 8);
        assertThat(table.allocate(8, 4)).isEqualTo(-1);
        assertThat(table.inUse()).isEqualTo(8);
        table.complete(cpl(tags.get(3), 4, 0, 4));
        assertThat(table.allocate(9, 4)).isEqualTo(tags.get(3));
        kernel.runUntilIdle();
        assertThat(table.timeouts()).isEqualTo(8);
        assertThat(heard.stream().filter(h -> h.startsWith("timeout")).allMatch(h -> h.endsWith("@" + TIMEOUT))).isTrue();
    }
}

package org.virtiosim.pcie.txn;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.core.slot.BooleanColumn;
import org.virtiosim.core.slot.IntColumn;
import org.virtiosim.core.slot.LongColumn;
import org.virtiosim.core.slot.SlotTable;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.Tlp;

/**
 * A requester's table of non-posted requests awaiting completions, indexed by Tag.
 *
 * <p>Tags: 8-bit (256) by default; 10-bit Tag Requester (§2.2.6.2) gives 768 usable (tags 256
 * to 1023, as 10-bit tags with Tag[9:8] = 00 are reserved to stay distinct from 8-bit ones in
 * Rev. 6.0, §2.2.6.2; this model simply uses 0..767). When every tag is in use a new request must
 * wait: {@link #allocate} returns -1. A completion is matched by Tag and its Byte Count; the
 * request is done when the completion whose Byte Count equals its own payload arrives
 * (§2.3.1.1). A request not done within the Completion Timeout (§2.8) is reported as timed out
 * and its tag is freed; a late completion for it is then an Unexpected Completion.
 *
 * <p>Every request's timeout is the same length, so deadlines come in the order requests are
 * made: the table keeps them in a FIFO and arms one kernel event, at the oldest live deadline,
 * instead of scheduling and cancelling an event per request (two queue operations of about ten
 * per polled register read; the indirect scheme at 4096 VFs spent 5 to 7% of its simulation
 * thread on them). A request done meanwhile leaves a stale entry, skipped when it reaches the
 * head; when none is live the event is cancelled, so an idle table leaves the kernel idle.
 * Requests that expire at the same picosecond expire in the order they were made, as separate
 * events did.
 */
public final class OutstandingRequests {
    /** What the owner hears about its requests. */
    public interface Listener {
        /** Part or all of the data of a read arrived (the completion is valid during the call). */
        void completion(int tag, long context, Tlp completion, boolean last);

        void timedOut(int tag, long context);

        /** A completion whose tag is not outstanding (§2.3.2): counted, dropped. */
        default void unexpected(Tlp completion) {
        }
    }

    private final Kernel kernel;
    private final int tags;
    private final long timeoutPs;
    private final Listener listener;
    /** Requests in flight: a table of fixed size whose ids are the tags. */
    private final SlotTable inFlight;
    /** Set while the tag is in use: a completion may carry any tag. */
    private final BooleanColumn busy;
    private final LongColumn context;
    private final IntColumn remaining;
    /** The serial number of the request holding the tag: tells a FIFO entry from a later use of the same tag. */
    private final LongColumn serialOf;
    private long serial;
    // The deadlines FIFO: entry i (head <= i < tail, index i & (length - 1)) is a request's serial
    // << TAG_BITS | tag and its deadline. Grows by doubling: at most one entry per request made
    // within one timeout, so it stops growing once the traffic is steady (no allocation per request).
    private static final int TAG_BITS = 10;
    private static final int TAG_MASK = (1 << TAG_BITS) - 1;
    private long[] entries = new long[64];
    private long[] deadlines = new long[64];
    private int head;
    private int tail;
    /** The kernel event that expires requests; valid while {@link #armed}. */
    private long timerHandle;
    private boolean armed;
    private long timeouts;
    private long unexpected;
    private final Handler onTimer;

    public OutstandingRequests(Kernel kernel, int tags, long completionTimeoutPs, Listener listener) {
        if (tags < 1 || tags > 1024) {
            throw new IllegalArgumentException("tags must be 1..1024: " + tags);
        }
        if (completionTimeoutPs <= 0) {
            throw new IllegalArgumentException("completion timeout must be > 0 ps");
        }
        this.kernel = kernel;
        this.tags = tags;
        this.timeoutPs = completionTimeoutPs;
        this.listener = listener;
        this.inFlight = new SlotTable(tags, tags);
        this.busy = inFlight.booleanColumn();
        this.context = inFlight.longColumn();
        this.remaining = inFlight.intColumn();
        this.serialOf = inFlight.longColumn();
        this.onTimer = arg -> expireDue();
    }

    /** A free tag for a request of {@code bytes} expected completion bytes (0 for writes/Cpl), or -1. */
    public int allocate(long ctx, int bytes) {
        int tag = inFlight.allocate();
        if (tag == SlotTable.NONE) {
            return -1;
        }
        busy.set(tag, true);
        context.set(tag, ctx);
        remaining.set(tag, bytes);
        long deadline = kernel.now() + timeoutPs;
        serialOf.set(tag, ++serial);
        push(serial << TAG_BITS | tag, deadline);
        if (!armed) {
            armTimer(deadline);
        }
        return tag;
    }

    /** Matches a completion to its request. */
    public void complete(Tlp cpl) {
        int tag = cpl.tag();
        if (tag >= tags || !busy.get(tag)) {
            unexpected++;
            listener.unexpected(cpl);
            return;
        }
        // Valid bytes of a CplD: its DWs less the leading offset, capped by what remains (§2.3.1.1).
        int data = cpl.type().hasData() ? Math.min(cpl.byteCount(), cpl.lengthDw() * 4 - (cpl.lowerAddress() & 3)) : 0;
        int left = remaining.get(tag);
        // Done when every byte asked for has come (or an error status ends it). A completion whose
        // Byte Count says it is the last cannot finish a request an earlier part of which was lost:
        // the bytes do not add up, so the request waits for its Completion Timeout (§2.8).
        boolean last = cpl.status() != CompletionStatus.SC || left <= data;
        remaining.set(tag, left - data);
        long ctx = context.get(tag);
        if (last) {
            release(tag);
        }
        listener.completion(tag, ctx, cpl, last);
    }

    /** The timer's event: expires every live request whose deadline has come, oldest first, then re-arms for the next. */
    private void expireDue() {
        armed = false;
        long now = kernel.now();
        while (true) {
            dropStale();
            if (head == tail) {
                return;
            }
            int i = head & (entries.length - 1);
            if (deadlines[i] > now) {
                armTimer(deadlines[i]);
                return;
            }
            head++;
            int tag = (int) (entries[i] & TAG_MASK);
            timeouts++;
            long ctx = context.get(tag);
            busy.set(tag, false);
            inFlight.free(tag);
            listener.timedOut(tag, ctx); // may make new requests: the loop reads the FIFO afresh
        }
    }

    private void release(int tag) {
        busy.set(tag, false);
        inFlight.free(tag);
        dropStale();
        if (head == tail && armed) {
            armed = false;
            kernel.cancel(timerHandle); // nothing left to expire: the kernel may go idle
        }
    }

    private void armTimer(long deadline) {
        armed = true;
        timerHandle = kernel.schedule(deadline, onTimer, 0L);
    }

    /** Skips head entries whose request is done (its tag free, or held by a later request). */
    private void dropStale() {
        while (head != tail) {
            long e = entries[head & (entries.length - 1)];
            int tag = (int) (e & TAG_MASK);
            if (busy.get(tag) && serialOf.get(tag) == e >>> TAG_BITS) {
                return;
            }
            head++;
        }
    }

    private void push(long entry, long deadline) {
        if (tail - head == entries.length) {
            int n = entries.length;
            long[] e = new long[2 * n];
            long[] d = new long[2 * n];
            for (int k = 0; k < n; k++) {
                e[k] = entries[(head + k) & (n - 1)];
                d[k] = deadlines[(head + k) & (n - 1)];
            }
            entries = e;
            deadlines = d;
            head = 0;
            tail = n;
        }
        int i = tail & (entries.length - 1);
        entries[i] = entry;
        deadlines[i] = deadline;
        tail++;
    }

    public int inUse() {
        return inFlight.live();
    }

    public int capacity() {
        return tags;
    }

    public long timeouts() {
        return timeouts;
    }

    public long unexpectedCompletions() {
        return unexpected;
    }
}

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
    private final LongColumn timer;
    private long timeouts;
    private long unexpected;
    private final Handler onTimeout;

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
        this.timer = inFlight.longColumn();
        this.onTimeout = tag -> expire((int) tag);
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
        timer.set(tag, kernel.scheduleIn(timeoutPs, onTimeout, tag));
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

    private void expire(int tag) {
        if (!busy.get(tag)) {
            return;
        }
        timeouts++;
        long ctx = context.get(tag);
        timer.set(tag, 0);
        busy.set(tag, false);
        inFlight.free(tag);
        listener.timedOut(tag, ctx);
    }

    private void release(int tag) {
        kernel.cancel(timer.get(tag));
        busy.set(tag, false);
        inFlight.free(tag);
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

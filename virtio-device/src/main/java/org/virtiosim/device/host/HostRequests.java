package org.virtiosim.device.host;

import org.virtiosim.core.slot.BooleanColumn;
import org.virtiosim.core.slot.IntColumn;
import org.virtiosim.core.slot.LongColumn;
import org.virtiosim.core.slot.ObjectColumn;
import org.virtiosim.core.slot.SlotTable;

/**
 * The guest accesses a host half is carrying out: who to tell, the caller's token, when it began.
 * Ids are recycled, so a steady stream of accesses allocates nothing. A scheme keeps its own
 * per-access state in columns it adds to the same table ({@link #intColumn()} and the like),
 * indexed by the same id and grown with it.
 */
public final class HostRequests {
    private final SlotTable requests = new SlotTable(64);
    private final ObjectColumn<AccessListener> listeners = requests.objectColumn();
    private final LongColumn tokens = requests.longColumn();
    private final LongColumn startedPs = requests.longColumn();

    /** Opens a request; returns its id. */
    public int open(AccessListener listener, long token, long nowPs) {
        int id = requests.allocate();
        listeners.set(id, listener);
        tokens.set(id, token);
        startedPs.set(id, nowPs);
        return id;
    }

    public long startedPs(int id) {
        return startedPs.get(id);
    }

    /**
     * A per-access int of the scheme's own, indexed by request id and grown with the ids: a new id
     * starts at 0, a reused one keeps what its last request left there.
     */
    public IntColumn intColumn() {
        return requests.intColumn();
    }

    /**
     * A per-access long of the scheme's own, indexed by request id and grown with the ids: a new id
     * starts at 0, a reused one keeps what its last request left there.
     */
    public LongColumn longColumn() {
        return requests.longColumn();
    }

    /**
     * A per-access boolean of the scheme's own, indexed by request id and grown with the ids: a new id
     * starts at false, a reused one keeps what its last request left there.
     */
    public BooleanColumn booleanColumn() {
        return requests.booleanColumn();
    }

    private long busyPs;

    /**
     * Ends a request the CPU was busy for from its start to {@code nowPs} (an uncached load, a
     * poll loop, an {@code out} waiting for its completion): adds that to {@link #busyPs()}, then
     * closes it.
     */
    public void closeBusy(int id, long value, boolean failed, long nowPs) {
        busyPs += nowPs - startedPs.get(id);
        close(id, value, failed);
    }

    /** CPU time of the requests closed with {@link #closeBusy}, ps. */
    public long busyPs() {
        return busyPs;
    }

    /** Ends the request, frees its id, then tells its listener. */
    public void close(int id, long value, boolean failed) {
        AccessListener l = listeners.get(id);
        long token = tokens.get(id);
        listeners.set(id, null);
        requests.free(id);
        l.accessDone(token, value, failed);
    }
}

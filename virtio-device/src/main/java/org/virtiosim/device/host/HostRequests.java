package org.virtiosim.device.host;

import java.util.Arrays;

/**
 * The guest accesses a host half is carrying out: who to tell, the caller's token, when it began.
 * Ids are recycled, so a steady stream of accesses allocates nothing; a scheme keeps its own
 * per-access state in arrays indexed by the same id, sized by {@link #capacity()}.
 */
public final class HostRequests {
    private AccessListener[] listeners = new AccessListener[64];
    private long[] tokens = new long[64];
    private long[] startedPs = new long[64];
    private int[] free = new int[64];
    private int freeCount;
    private int count;

    /** Opens a request; returns its id. */
    public int open(AccessListener listener, long token, long nowPs) {
        int id;
        if (freeCount > 0) {
            id = free[--freeCount];
        } else {
            if (count == listeners.length) {
                int n = count * 2;
                listeners = Arrays.copyOf(listeners, n);
                tokens = Arrays.copyOf(tokens, n);
                startedPs = Arrays.copyOf(startedPs, n);
                free = Arrays.copyOf(free, n);
            }
            id = count++;
        }
        listeners[id] = listener;
        tokens[id] = token;
        startedPs[id] = nowPs;
        return id;
    }

    public long startedPs(int id) {
        return startedPs[id];
    }

    /** Ids are below this: per-access arrays of a scheme must be at least this long. */
    public int capacity() {
        return listeners.length;
    }

    /** Ends the request, frees its id, then tells its listener. */
    public void close(int id, long value, boolean failed) {
        AccessListener l = listeners[id];
        long token = tokens[id];
        listeners[id] = null;
        free[freeCount++] = id;
        l.accessDone(token, value, failed);
    }
}

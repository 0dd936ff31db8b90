package org.virtiosim.pcie.tlp;

import java.util.Arrays;

/**
 * Recycled TLP objects: the transport's way of allocating nothing per packet. A TLP grows the
 * pool only the first time that many are in flight at once.
 */
public final class TlpPool {
    private Tlp[] free = new Tlp[64];
    private int count;
    private long created;
    private long outstanding;

    /** A cleared TLP. */
    public Tlp acquire() {
        outstanding++;
        if (count == 0) {
            created++;
            return new Tlp();
        }
        Tlp t = free[--count];
        free[count] = null;
        t.clear();
        return t;
    }

    public void release(Tlp t) {
        if (count == free.length) {
            free = Arrays.copyOf(free, count * 2);
        }
        free[count++] = t;
        outstanding--;
    }

    /** TLPs ever created: stops growing in steady state. */
    public long created() {
        return created;
    }

    /** Acquired and not yet released. */
    public long outstanding() {
        return outstanding;
    }
}

package org.virtiosim.device.isolation;

import java.util.ArrayList;
import java.util.List;

/**
 * The isolation check's bookkeeping for one run: no legacy access or notify issued on behalf of
 * VF a may reach VF b's registers or kick VF b's queue. The host tags each request with the VF it
 * is issued for (a TLP's {@code onBehalfOf}, stamped by the root complex; an admin command's
 * buffer, {@link #tag}); the device, once it has decoded which VF a request acts on, calls
 * {@link #check}. Simulation bookkeeping only: nothing here is on the wire, and a real device could
 * not see the host's intent. Allocation-free per check.
 */
public final class IsolationMonitor {
    /** No VF: a request the host issued for none (the PF's own, list commands) is not checked. */
    public static final int NONE = 0;

    private final long[] affected;
    private long checked;
    private long breaches;
    private int firstIssuedFor;
    private int firstReached;

    // Tags of host buffers (an admin command's header address → the VF it was built for): open addressing.
    private long[] keys = new long[64];
    private int[] values = new int[64];
    private boolean[] used = new boolean[64];
    private int size;

    public IsolationMonitor(int numVfs) {
        this.affected = new long[(numVfs >>> 6) + 2];
    }

    /** The device decoded a request issued for VF {@code issuedFor} as acting on VF {@code reached}. */
    public void check(int issuedFor, int reached) {
        if (issuedFor == NONE) {
            return;
        }
        checked++;
        if (issuedFor != reached && reached > 0) {
            if (breaches++ == 0) {
                firstIssuedFor = issuedFor;
                firstReached = reached;
            }
            if (reached >>> 6 < affected.length) {
                affected[reached >>> 6] |= 1L << (reached & 63);
            }
        }
    }

    /** The host built the data at host address {@code key} (an admin command) on behalf of VF {@code vf}. */
    public void tag(long key, int vf) {
        int i = slot(key);
        if (!used[i]) {
            used[i] = true;
            keys[i] = key;
            if (++size * 2 > keys.length) {
                grow();
            }
            i = slot(key);
        }
        values[i] = vf;
    }

    /** The VF the data at {@code key} was built for, or {@link #NONE} if it was not tagged. */
    public int tagOf(long key) {
        int i = slot(key);
        return used[i] ? values[i] : NONE;
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int i = (int) (Long.hashCode(key * 0x9E37_79B9_7F4A_7C15L) & mask);
        while (used[i] && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] k = keys;
        int[] v = values;
        boolean[] u = used;
        keys = new long[k.length * 2];
        values = new int[k.length * 2];
        used = new boolean[k.length * 2];
        for (int j = 0; j < k.length; j++) {
            if (u[j]) {
                int i = slot(k[j]);
                used[i] = true;
                keys[i] = k[j];
                values[i] = v[j];
            }
        }
    }

    /** Requests checked (issued for a VF and decoded by the device). */
    public long checked() {
        return checked;
    }

    /** Requests issued for one VF that reached another. */
    public long breaches() {
        return breaches;
    }

    /** The VF the first breach was issued for, 0 if none. */
    public int firstIssuedFor() {
        return firstIssuedFor;
    }

    /** The VF the first breach reached, 0 if none. */
    public int firstReached() {
        return firstReached;
    }

    /** The VFs some request issued for another VF reached, ascending. */
    public List<Integer> affected() {
        List<Integer> out = new ArrayList<>();
        for (int w = 0; w < affected.length; w++) {
            for (long b = affected[w]; b != 0; b &= b - 1) {
                out.add(w * 64 + Long.numberOfTrailingZeros(b));
            }
        }
        return out;
    }
}

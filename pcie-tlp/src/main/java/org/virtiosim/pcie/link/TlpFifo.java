package org.virtiosim.pcie.link;

import org.virtiosim.pcie.tlp.Tlp;

/** A growable ring of TLPs with the order number and time each was queued. */
final class TlpFifo {
    private Tlp[] tlps = new Tlp[16];
    private long[] order = new long[16];
    private long[] queuedFp = new long[16];
    private int head;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void push(Tlp t, long orderNo, long timeFp) {
        if (size == tlps.length) {
            grow();
        }
        int i = (head + size) & (tlps.length - 1);
        tlps[i] = t;
        order[i] = orderNo;
        queuedFp[i] = timeFp;
        size++;
    }

    Tlp peek() {
        return tlps[head];
    }

    long peekOrder() {
        return size == 0 ? Long.MAX_VALUE : order[head];
    }

    long peekQueuedFp() {
        return queuedFp[head];
    }

    Tlp pop() {
        Tlp t = tlps[head];
        tlps[head] = null;
        head = (head + 1) & (tlps.length - 1);
        size--;
        return t;
    }

    /** Replaces every queued time t by {@code shift.applyAsLong(t, by)} (the link moving its epoch). */
    void shiftTimes(java.util.function.LongBinaryOperator shift, long by) {
        for (int k = 0; k < size; k++) {
            int i = (head + k) & (tlps.length - 1);
            queuedFp[i] = shift.applyAsLong(queuedFp[i], by);
        }
    }

    private void grow() {
        int n = tlps.length;
        Tlp[] t2 = new Tlp[n * 2];
        long[] o2 = new long[n * 2];
        long[] q2 = new long[n * 2];
        for (int k = 0; k < size; k++) {
            int i = (head + k) & (n - 1);
            t2[k] = tlps[i];
            o2[k] = order[i];
            q2[k] = queuedFp[i];
        }
        tlps = t2;
        order = o2;
        queuedFp = q2;
        head = 0;
    }
}

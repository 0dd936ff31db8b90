package org.virtiosim.device;

import java.util.Arrays;

/**
 * Legacy accesses a device half has received and not finished, executed one at a time per VF in
 * arrival order (a VF's register file is one piece of state: a read must see the write before it).
 * Ops are slots in primitive arrays with a free list, so queuing allocates nothing in steady state.
 */
public final class AccessQueue {
    /** Starts executing an op; calls {@link #finish} when it is done. */
    @FunctionalInterface
    public interface Executor {
        void start(int op);
    }

    private static final int NONE = -1;

    private final Executor executor;
    private int[] vf = new int[64];
    private boolean[] write = new boolean[64];
    private int[] offset = new int[64];
    private int[] size = new int[64];
    private long[] value = new long[64];
    private int[] slot = new int[64];
    private long[] startedPs = new long[64];
    private int[] next = new int[64];
    private int[] freeList = new int[64];
    private int freeCount;
    private int count;
    private final int[] head;
    private final int[] tail;

    public AccessQueue(int numVfs, Executor executor) {
        this.executor = executor;
        this.head = new int[numVfs + 1];
        this.tail = new int[numVfs + 1];
        Arrays.fill(head, NONE);
        Arrays.fill(tail, NONE);
    }

    /** Queues an access; starts it at once if the VF has nothing in progress. Returns the op. */
    public int add(int function, boolean isWrite, int off, int bytes, long val, int readSlot) {
        int op = allocate();
        vf[op] = function;
        write[op] = isWrite;
        offset[op] = off;
        size[op] = bytes;
        value[op] = val;
        slot[op] = readSlot;
        next[op] = NONE;
        if (head[function] == NONE) {
            head[function] = op;
            tail[function] = op;
            executor.start(op);
        } else {
            next[tail[function]] = op;
            tail[function] = op;
        }
        return op;
    }

    /** The op is done: frees it and starts the VF's next one, if any. */
    public void finish(int op) {
        int f = vf[op];
        int nx = next[op];
        head[f] = nx;
        if (nx == NONE) {
            tail[f] = NONE;
        }
        freeList[freeCount++] = op;
        if (nx != NONE) {
            executor.start(nx);
        }
    }

    private int allocate() {
        if (freeCount > 0) {
            return freeList[--freeCount];
        }
        if (count == vf.length) {
            int n = count * 2;
            vf = Arrays.copyOf(vf, n);
            write = Arrays.copyOf(write, n);
            offset = Arrays.copyOf(offset, n);
            size = Arrays.copyOf(size, n);
            value = Arrays.copyOf(value, n);
            slot = Arrays.copyOf(slot, n);
            startedPs = Arrays.copyOf(startedPs, n);
            next = Arrays.copyOf(next, n);
            freeList = Arrays.copyOf(freeList, n);
        }
        return count++;
    }

    public int vf(int op) {
        return vf[op];
    }

    public boolean isWrite(int op) {
        return write[op];
    }

    public int offset(int op) {
        return offset[op];
    }

    public int size(int op) {
        return size[op];
    }

    public long value(int op) {
        return value[op];
    }

    public void value(int op, long v) {
        value[op] = v;
    }

    /** The read's completion slot in the device, or -1 for writes. */
    public int slot(int op) {
        return slot[op];
    }

    public long startedPs(int op) {
        return startedPs[op];
    }

    public void startedPs(int op, long t) {
        startedPs[op] = t;
    }
}

package org.virtiosim.device;

import java.util.Arrays;
import org.virtiosim.core.slot.BooleanColumn;
import org.virtiosim.core.slot.IntColumn;
import org.virtiosim.core.slot.LongColumn;
import org.virtiosim.core.slot.SlotTable;

/**
 * Legacy accesses a device half has received and not finished, executed one at a time per VF in
 * arrival order (a VF's register file is one piece of state: a read must see the write before it).
 * Ops are ids of a {@link SlotTable}, so queuing allocates nothing in steady state.
 */
public final class AccessQueue {
    /** Starts executing an op; calls {@link #finish} when it is done. */
    @FunctionalInterface
    public interface Executor {
        void start(int op);
    }

    private static final int NONE = -1;

    private final Executor executor;
    private final SlotTable ops = new SlotTable(64);
    private final IntColumn vf = ops.intColumn();
    private final BooleanColumn write = ops.booleanColumn();
    private final IntColumn offset = ops.intColumn();
    private final IntColumn size = ops.intColumn();
    private final LongColumn value = ops.longColumn();
    private final IntColumn slot = ops.intColumn();
    private final LongColumn startedPs = ops.longColumn();
    /** The VF's next op in arrival order. */
    private final IntColumn next = ops.intColumn();
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
        int op = ops.allocate();
        vf.set(op, function);
        write.set(op, isWrite);
        offset.set(op, off);
        size.set(op, bytes);
        value.set(op, val);
        slot.set(op, readSlot);
        next.set(op, NONE);
        if (head[function] == NONE) {
            head[function] = op;
            tail[function] = op;
            executor.start(op);
        } else {
            next.set(tail[function], op);
            tail[function] = op;
        }
        return op;
    }

    /** The op is done: frees it and starts the VF's next one, if any. */
    public void finish(int op) {
        int f = vf.get(op);
        int nx = next.get(op);
        head[f] = nx;
        if (nx == NONE) {
            tail[f] = NONE;
        }
        ops.free(op);
        if (nx != NONE) {
            executor.start(nx);
        }
    }

    public int vf(int op) {
        return vf.get(op);
    }

    public boolean isWrite(int op) {
        return write.get(op);
    }

    public int offset(int op) {
        return offset.get(op);
    }

    public int size(int op) {
        return size.get(op);
    }

    public long value(int op) {
        return value.get(op);
    }

    public void value(int op, long v) {
        value.set(op, v);
    }

    /** The read's completion slot in the device, or -1 for writes. */
    public int slot(int op) {
        return slot.get(op);
    }

    public long startedPs(int op) {
        return startedPs.get(op);
    }

    public void startedPs(int op, long t) {
        startedPs.set(op, t);
    }
}

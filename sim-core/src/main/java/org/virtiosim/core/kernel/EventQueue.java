package org.virtiosim.core.kernel;

import java.util.Arrays;
import org.virtiosim.core.slot.IntColumn;
import org.virtiosim.core.slot.LongColumn;
import org.virtiosim.core.slot.ObjectColumn;
import org.virtiosim.core.slot.SlotTable;

/**
 * Pending events ordered by (time, order of scheduling): a timing wheel for the near future with
 * a binary heap for the far future.
 *
 * <p>Why this shape: a device model schedules almost everything a few cycles to a few
 * microseconds ahead, so a wheel of {@code 2^wheelBits} buckets, each {@code 2^bucketShift}
 * time units wide, takes nearly every event in O(1). Events beyond the wheel's horizon wait in
 * the heap and move into the wheel, in (time, sequence) order, at the moment their bucket comes
 * into range; because that happens before any later schedule can reach the bucket, a bucket list
 * kept sorted by time with ties appended at the end is also in scheduling order.
 *
 * <p>Events live in the columns of a {@link SlotTable}, indexed by a node number the table
 * recycles: scheduling and firing allocate nothing once the table has grown to the peak number of
 * pending events, and nodes come out in the table's fixed order, so event order never depends on
 * the initial capacity. A handle returned by {@link #schedule} is
 * {@code generation << 32 | node}; a handle whose event has fired or been cancelled no longer
 * matches its node's generation.
 * Cancellation removes the node at once (heap nodes know their position; in the wheel the bucket
 * list is walked to the node, which is short for the ps-scale buckets a device model fills): a
 * model that arms a long timeout per request and cancels it on completion keeps only its live
 * timeouts in the queue, not every timeout it ever armed. Bucket lists are singly linked because
 * a back pointer costs the common path (schedule, fire) more than the walk costs cancel.
 */
public final class EventQueue {
    /** Returned by {@link #first()} when nothing is pending. */
    public static final int NONE = -1;

    private final int bucketShift;
    private final int wheelSize;
    private final int wheelMask;
    private final int[] bucketHead;
    private final int[] bucketTail;
    /** One bit per bucket: non-empty. */
    private final long[] occupied;
    /** One bit per word of {@link #occupied}: that word is non-zero. */
    private final long[] occupiedSummary;
    /** Absolute bucket number (time >>> bucketShift) of the wheel's current position. */
    private long baseBucket;
    private int wheelCount;

    private final SlotTable nodes;
    // The nodes' columns, their arrays held here and replaced when the table grows: schedule and
    // fire touch them a dozen times per event, and a column's get costs one more dependent load
    // than an array in a field (measured: 3 to 5% more CPU time on the phold benchmark).
    private long[] time;
    private long[] seq;
    private long[] arg;
    /** Handler per node; null when the node is free, which tells a pending event from a spent handle. */
    private Object[] handler;
    /** The next node in the node's bucket list. */
    private int[] next;
    /** Position in the heap, or -1 when the node is in the wheel or free. */
    private int[] heapIndex;
    private int[] generation;
    /**
     * The heap, indexed by position rather than by node: a column all the same, since it never
     * holds more than the pending events and so must grow exactly when the table does.
     */
    private int[] heap;
    private int heapSize;

    private long nextSeq;

    /**
     * @param bucketShift log2 of a bucket's width in time units
     * @param wheelBits log2 of the number of buckets (6 to 18)
     * @param initialCapacity pending events held before the arrays grow
     */
    public EventQueue(int bucketShift, int wheelBits, int initialCapacity) {
        if (bucketShift < 0 || bucketShift > 40) {
            throw new IllegalArgumentException("bucketShift must be 0..40: " + bucketShift);
        }
        if (wheelBits < 6 || wheelBits > 18) {
            throw new IllegalArgumentException("wheelBits must be 6..18: " + wheelBits);
        }
        this.bucketShift = bucketShift;
        this.wheelSize = 1 << wheelBits;
        this.wheelMask = wheelSize - 1;
        this.bucketHead = new int[wheelSize];
        this.bucketTail = new int[wheelSize];
        Arrays.fill(bucketHead, NONE);
        Arrays.fill(bucketTail, NONE);
        this.occupied = new long[wheelSize >>> 6];
        this.occupiedSummary = new long[Math.max(1, occupied.length >>> 6)];
        this.nodes = new SlotTable(Math.max(16, initialCapacity));
        LongColumn timeColumn = nodes.longColumn();
        LongColumn seqColumn = nodes.longColumn();
        LongColumn argColumn = nodes.longColumn();
        ObjectColumn<Handler> handlerColumn = nodes.objectColumn();
        IntColumn nextColumn = nodes.intColumn();
        IntColumn heapIndexColumn = nodes.intColumn(-1);
        IntColumn generationColumn = nodes.intColumn();
        IntColumn heapColumn = nodes.intColumn();
        Runnable columnsGrown = () -> {
            time = timeColumn.array();
            seq = seqColumn.array();
            arg = argColumn.array();
            handler = handlerColumn.array();
            next = nextColumn.array();
            heapIndex = heapIndexColumn.array();
            generation = generationColumn.array();
            heap = heapColumn.array();
        };
        columnsGrown.run();
        nodes.onGrowth(columnsGrown);
    }

    /** Event slots allocated: grows to the peak number of pending events, never beyond. */
    public int capacity() {
        return nodes.capacity();
    }

    /** Number of pending (scheduled, not fired, not cancelled) events. */
    public int size() {
        return nodes.live();
    }

    /**
     * Adds an event. The caller guarantees {@code t} is not before the time of the event last
     * removed with {@link #removeFirst}; the kernel checks that.
     *
     * @return a handle for {@link #cancel}
     */
    public long schedule(long t, Handler h, long a) {
        int n = nodes.allocate(); // may grow the table: the arrays are read after it
        time[n] = t;
        seq[n] = nextSeq++;
        arg[n] = a;
        handler[n] = h;
        long bucket = t >>> bucketShift;
        if (bucket < baseBucket) {
            rewind(bucket);
        }
        if (bucket - baseBucket < wheelSize) {
            insertIntoWheel(n, bucket);
        } else {
            heapPush(n);
        }
        return ((long) generation[n] << 32) | n;
    }

    /** Cancels a pending event; false if the handle's event already fired or was cancelled. */
    public boolean cancel(long handle) {
        int n = (int) handle;
        if (n < 0 || n >= generation.length || generation[n] != (int) (handle >>> 32) || handler[n] == null) {
            return false;
        }
        if (heapIndex[n] >= 0) {
            heapRemove(heapIndex[n]);
        } else {
            unlink((int) ((time[n] >>> bucketShift) & wheelMask), n);
        }
        release(n);
        return true;
    }

    /** True if the handle names an event that is still pending. */
    public boolean isPending(long handle) {
        int n = (int) handle;
        return n >= 0 && n < generation.length && generation[n] == (int) (handle >>> 32) && handler[n] != null;
    }

    /** The node of the earliest pending event, or {@link #NONE}. */
    public int first() {
        while (true) {
            int idx = (int) (baseBucket & wheelMask);
            int n = bucketHead[idx];
            if (n != NONE) {
                return n;
            }
            if (wheelCount == 0) {
                if (heapSize == 0) {
                    return NONE;
                }
                baseBucket = time[heap[0]] >>> bucketShift;
            } else {
                baseBucket += distanceToNextOccupied(idx);
            }
            migrate();
        }
    }

    public long time(int node) {
        return time[node];
    }

    public Handler handler(int node) {
        return (Handler) handler[node];
    }

    public long arg(int node) {
        return arg[node];
    }

    /** Removes the node that {@link #first()} returned; its handle stops matching. */
    public void removeFirst(int node) {
        unlinkHead((int) (baseBucket & wheelMask), node);
        release(node);
    }

    /** Time of the earliest pending event, or {@link Long#MAX_VALUE} if none. */
    public long firstTime() {
        int n = first();
        return n == NONE ? Long.MAX_VALUE : time[n];
    }

    private void insertIntoWheel(int n, long bucket) {
        int idx = (int) (bucket & wheelMask);
        int tail = bucketTail[idx];
        wheelCount++;
        if (tail == NONE) {
            next[n] = NONE;
            bucketHead[idx] = n;
            bucketTail[idx] = n;
            occupied[idx >>> 6] |= 1L << idx;
            occupiedSummary[idx >>> 12] |= 1L << (idx >>> 6);
            return;
        }
        long t = time[n];
        if (time[tail] <= t) {
            next[n] = NONE;
            next[tail] = n;
            bucketTail[idx] = n;
            return;
        }
        // A bucket wider than one time unit can hold earlier times: keep it sorted, ties after.
        int before = NONE;
        int cur = bucketHead[idx];
        while (time[cur] <= t) {
            before = cur;
            cur = next[cur];
        }
        next[n] = cur;
        if (before == NONE) {
            bucketHead[idx] = n;
        } else {
            next[before] = n;
        }
    }

    private void unlinkHead(int idx, int n) {
        int nx = next[n];
        bucketHead[idx] = nx;
        wheelCount--;
        if (nx == NONE) {
            bucketTail[idx] = NONE;
            markEmpty(idx);
        }
    }

    /** Takes node n out of bucket idx's list, wherever it is. */
    private void unlink(int idx, int n) {
        int p = NONE;
        int cur = bucketHead[idx];
        while (cur != n) {
            p = cur;
            cur = next[cur];
        }
        int x = next[n];
        if (p == NONE) {
            bucketHead[idx] = x;
        } else {
            next[p] = x;
        }
        if (x == NONE) {
            bucketTail[idx] = p;
        }
        wheelCount--;
        if (bucketHead[idx] == NONE) {
            markEmpty(idx);
        }
    }

    private void markEmpty(int idx) {
        long word = occupied[idx >>> 6] & ~(1L << idx);
        occupied[idx >>> 6] = word;
        if (word == 0) {
            occupiedSummary[idx >>> 12] &= ~(1L << (idx >>> 6));
        }
    }

    /** Distance, 1..wheelSize-1, from bucket index idx (empty) to the next non-empty bucket. */
    private int distanceToNextOccupied(int idx) {
        int found = nextOccupiedFrom(idx + 1);
        if (found < 0) {
            found = nextOccupiedFrom(0);
        }
        return (found - idx) & wheelMask;
    }

    private int nextOccupiedFrom(int from) {
        if (from >= wheelSize) {
            return -1;
        }
        int w = from >>> 6;
        long bits = occupied[w] & (-1L << from);
        if (bits != 0) {
            return (w << 6) + Long.numberOfTrailingZeros(bits);
        }
        int w1 = w + 1;
        if (w1 >= occupied.length) {
            return -1;
        }
        int sw = w1 >>> 6;
        long sbits = occupiedSummary[sw] & (-1L << w1);
        while (sbits == 0) {
            if (++sw >= occupiedSummary.length) {
                return -1;
            }
            sbits = occupiedSummary[sw];
        }
        int word = (sw << 6) + Long.numberOfTrailingZeros(sbits);
        return (word << 6) + Long.numberOfTrailingZeros(occupied[word]);
    }

    /**
     * Moves the wheel back so that it starts at {@code bucket}. Needed only when a peek moved the
     * wheel past the kernel's time (run(until) stopped short of the next event) and an event is
     * then scheduled before the wheel's position: rare, so everything is sent through the heap,
     * which restores (time, sequence) order.
     */
    private void rewind(long bucket) {
        for (int idx = 0; idx < wheelSize; idx++) {
            for (int n = bucketHead[idx]; n != NONE; n = next[n]) {
                heapPush(n);
            }
            bucketHead[idx] = NONE;
            bucketTail[idx] = NONE;
        }
        Arrays.fill(occupied, 0L);
        Arrays.fill(occupiedSummary, 0L);
        wheelCount = 0;
        baseBucket = bucket;
        migrate();
    }

    /** Moves every heap event whose bucket is now within the wheel's horizon into the wheel. */
    private void migrate() {
        while (heapSize > 0) {
            int n = heap[0];
            long bucket = time[n] >>> bucketShift;
            if (bucket - baseBucket >= wheelSize) {
                return;
            }
            heapPop();
            insertIntoWheel(n, bucket);
        }
    }

    private boolean heapLess(int a, int b) {
        return time[a] < time[b] || (time[a] == time[b] && seq[a] < seq[b]);
    }

    private void heapPush(int n) {
        int i = heapSize++;
        heap[i] = n;
        heapIndex[n] = i;
        siftUp(i);
    }

    /** Removes the heap's minimum. */
    private void heapPop() {
        heapRemove(0);
    }

    /** Removes the node at heap position i, keeping the heap ordered. */
    private void heapRemove(int i) {
        int[] h = heap;
        int removed = h[i];
        heapIndex[removed] = -1;
        int last = h[--heapSize];
        if (i == heapSize) {
            return;
        }
        h[i] = last;
        heapIndex[last] = i;
        siftDown(i);
        if (h[i] == last) {
            siftUp(i);
        }
    }

    private void siftUp(int i) {
        int[] h = heap;
        int n = h[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            int p = h[parent];
            if (!heapLess(n, p)) {
                break;
            }
            h[i] = p;
            heapIndex[p] = i;
            i = parent;
        }
        h[i] = n;
        heapIndex[n] = i;
    }

    private void siftDown(int i) {
        int[] h = heap;
        int n = h[i];
        int size = heapSize;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heapLess(h[child + 1], h[child])) {
                child++;
            }
            if (!heapLess(h[child], n)) {
                break;
            }
            h[i] = h[child];
            heapIndex[h[i]] = i;
            i = child;
        }
        h[i] = n;
        heapIndex[n] = i;
    }

    /** The node's event is gone (fired or cancelled): its handle stops matching, its slot is free. */
    private void release(int n) {
        generation[n]++;
        handler[n] = null;
        nodes.free(n);
    }
}

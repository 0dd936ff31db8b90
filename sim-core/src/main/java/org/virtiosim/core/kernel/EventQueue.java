package org.virtiosim.core.kernel;

import java.util.Arrays;

/**
 * Pending events ordered by (time, order of scheduling): a two-level timing wheel, with a binary
 * heap for what lies beyond both.
 *
 * <p>Why this shape (measured on the device model's own pattern, {@code bench model-pattern}):
 * the model schedules almost everything 1 ns to 2 us ahead, and arms a Completion Timeout 50 ms
 * ahead for every non-posted request, cancelling it a microsecond later. Level 0 is
 * {@code 2^(wheelBits+1)} buckets of {@code 2^bucketShift} time units, covering two aligned
 * pages of {@code 2^wheelBits} buckets (the current page and the next); level 1 is
 * {@value #LEVEL1_BITS} bits of whole pages, about 69 ms at the default sizes, so the timeouts
 * are an O(1) append there and an O(1) unlink when cancelled (level-1 lists are doubly linked)
 * instead of a heap push and a heap removal. Beyond level 1 the heap waits. When the current
 * page moves on, the level-1 bucket of the page two ahead is moved into level 0, and the heap's
 * events whose page has come within level 1's reach into level 1, before any later schedule can
 * reach those buckets: so every bucket list is in scheduling order of its appends.
 *
 * <p>Level-0 buckets are not kept sorted while they wait: an event is appended, and a bucket
 * that received a time earlier than its tail is marked; when the wheel arrives at a marked
 * bucket it is merge-sorted once, stably by time, which is (time, scheduling order) because the
 * appends were in scheduling order. The bucket being fired is kept sorted by insertion (an event
 * scheduled into it lands a short walk from its head). A bucket holding several times (the
 * PHOLD's 1000-unit ticks in 1024-unit buckets, or thousands of VFs' steps) thus costs
 * O(n log n) once, not O(n^2) walks.
 *
 * <p>Each event is one node of four longs in one array (time, argument, sequence number, links),
 * so firing an event touches one or two cache lines instead of one per field; nodes are recycled
 * through a free stack, so scheduling and firing allocate nothing once the arrays have grown to
 * the peak number of pending events, and node numbers never depend on the initial capacity. A
 * handle from {@link #schedule} is {@code (sequence & 0xFFFFFFFF) << 32 | node}: it stops
 * matching when the node's event fires or is cancelled.
 */
public final class EventQueue {
    /** Returned by {@link #first()} when nothing is pending. */
    public static final int NONE = -1;
    /** Level 1's size: 2^14 pages, 2^36 ps (69 ms) at the default 2^22-ps pages. */
    static final int LEVEL1_BITS = 14;

    private static final int TIME = 0;
    private static final int ARG = 1;
    private static final int SEQ = 2;
    /** next node (low 32 bits) and, in level 1, previous node (high 32 bits). */
    private static final int LINK = 3;
    private static final int STRIDE = 4;
    private static final long NO_LINKS = 0xFFFF_FFFF_FFFF_FFFFL;
    /** Buckets up to this size are insertion-sorted, larger ones merge-sorted. */
    private static final int SMALL_BUCKET = 16;

    private final int bucketShift;
    private final int pageBits;
    private final int pageShift;
    // Level 0: two pages of buckets.
    private final int ring0Mask;
    private final int[] head0;
    private final int[] tail0;
    private final OccupancyBits occupied0;
    private final long[] unsorted0;
    private int count0;
    /** Absolute level-0 bucket of the wheel's position; its page is {@link #page}. */
    private long base;
    private long page;
    // Level 1: one bucket per page.
    private final int ring1Mask;
    private final int[] head1;
    private final int[] tail1;
    private final OccupancyBits occupied1;
    private int count1;

    private long[] node;
    private Object[] handler;
    /** Position in the heap, or -1. */
    private int[] heapIndex;
    private int[] freeNodes;
    private int freeCount;
    private int used;
    private int live;
    private int[] heap;
    private int heapSize;
    private long nextSeq;

    /**
     * @param bucketShift log2 of a level-0 bucket's width in time units
     * @param wheelBits log2 of the number of buckets in a level-0 page (6 to 18)
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
        this.pageBits = wheelBits;
        this.pageShift = bucketShift + wheelBits;
        int ring0 = 2 << wheelBits;
        this.ring0Mask = ring0 - 1;
        this.head0 = filled(ring0);
        this.tail0 = filled(ring0);
        this.occupied0 = new OccupancyBits(ring0);
        this.unsorted0 = new long[ring0 >>> 6];
        int ring1 = 1 << LEVEL1_BITS;
        this.ring1Mask = ring1 - 1;
        this.head1 = filled(ring1);
        this.tail1 = filled(ring1);
        this.occupied1 = new OccupancyBits(ring1);
        int cap = Math.max(16, initialCapacity);
        this.node = new long[cap * STRIDE];
        this.handler = new Object[cap];
        this.heapIndex = new int[cap];
        Arrays.fill(heapIndex, -1);
        this.freeNodes = new int[cap];
        this.heap = new int[cap];
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, NONE);
        return a;
    }

    /** Event slots allocated: grows to the peak number of pending events, never beyond. */
    public int capacity() {
        return handler.length;
    }

    /** Number of pending (scheduled, not fired, not cancelled) events. */
    public int size() {
        return live;
    }

    /**
     * Adds an event. The caller guarantees {@code t} is not before the time of the event last
     * removed with {@link #removeFirst}; the kernel checks that.
     *
     * @return a handle for {@link #cancel}
     */
    public long schedule(long t, Handler h, long a) {
        // At most 100 bytecodes, as append0 below: the launcher has C2 inline hot methods only up
        // to that size (-XX:FreqInlineSize=100), and this is the kernel's most frequent call.
        int n = allocate(h);
        long[] nd = node;
        int o = n * STRIDE;
        long s = nextSeq++;
        nd[o] = t; // TIME is 0
        nd[o + ARG] = a;
        nd[o + SEQ] = s;
        long bucket = t >>> bucketShift;
        if (bucket < base) {
            rewind(bucket);
        }
        place(n, t, bucket);
        return (s << 32) | n;
    }

    /** Puts node n (time t, level-0 bucket number) at the level its page belongs to. */
    private void place(int n, long t, long bucket) {
        long d = (t >>> pageShift) - page;
        if (d <= 1) {
            if (bucket == base) {
                insertSorted(n, t);
            } else {
                append0(n, t, (int) (bucket & ring0Mask));
            }
        } else if (d - 2 <= ring1Mask) {
            append1(n, (int) ((t >>> pageShift) & ring1Mask));
        } else {
            heapPush(n);
        }
    }

    /** Cancels a pending event; false if the handle's event already fired or was cancelled. */
    public boolean cancel(long handle) {
        if (!isPending(handle)) {
            return false;
        }
        int n = (int) handle;
        if (heapIndex[n] >= 0) {
            heapRemove(heapIndex[n]);
        } else {
            long t = node[n * STRIDE + TIME];
            if ((t >>> pageShift) - page <= 1) {
                unlink0((int) ((t >>> bucketShift) & ring0Mask), n);
            } else {
                unlink1((int) ((t >>> pageShift) & ring1Mask), n);
            }
        }
        release(n);
        return true;
    }

    /** True if the handle names an event that is still pending. */
    public boolean isPending(long handle) {
        int n = (int) handle;
        return n >= 0 && n < handler.length && handler[n] != null
                && (int) node[n * STRIDE + SEQ] == (int) (handle >>> 32);
    }

    /** The node of the earliest pending event, or {@link #NONE}. */
    public int first() {
        int n = head0[(int) (base & ring0Mask)];
        return n != NONE ? n : advance();
    }

    /** The wheel's bucket is empty: moves to the next event's bucket, or returns NONE. */
    private int advance() {
        while (true) {
            if (count0 > 0) {
                int idx = (int) (base & ring0Mask);
                if (head0[idx] != NONE) {
                    return head0[idx]; // after a jump, the page's first bucket
                }
                int found = occupied0.nextFrom((idx + 1) & ring0Mask);
                long b = base + ((found - idx) & ring0Mask);
                long p = b >>> pageBits;
                while (page < p) {
                    turnPage();
                }
                arrive(b);
                return head0[found];
            }
            long p;
            if (count1 > 0) {
                p = page + 2 + ((occupied1.nextFrom((int) ((page + 2) & ring1Mask)) - (page + 2)) & ring1Mask);
            } else if (heapSize > 0) {
                p = node[heap[0] * STRIDE + TIME] >>> pageShift;
            } else {
                return NONE;
            }
            jumpTo(p);
        }
    }

    /** The current page moves on by one: the page two ahead comes down from level 1, the heap's next page up. */
    private void turnPage() {
        page++;
        cascade(page + 1);
        migrateHeap();
    }

    /** Level 0 is empty: the wheel jumps to page p, the earliest page with an event. */
    private void jumpTo(long p) {
        long old = page;
        page = p;
        base = p << pageBits;
        for (long q = p; q <= p + 1; q++) {
            if (q - old >= 2 && q - old - 2 <= ring1Mask) {
                cascade(q);
            }
        }
        migrateHeap();
        arrive(base);
    }

    /** Moves level 1's bucket for page q (if it has events) into level 0, in its list order. */
    private void cascade(long q) {
        int i1 = (int) (q & ring1Mask);
        int n = head1[i1];
        if (n == NONE) {
            return;
        }
        head1[i1] = NONE;
        tail1[i1] = NONE;
        occupied1.clear(i1);
        long[] nd = node;
        while (n != NONE) {
            int next = (int) nd[n * STRIDE + LINK];
            count1--;
            long t = nd[n * STRIDE + TIME];
            long bucket = t >>> bucketShift;
            if (bucket == base) {
                insertSorted(n, t);
            } else {
                append0(n, t, (int) (bucket & ring0Mask));
            }
            n = next;
        }
    }

    /** Heap events whose page has come within reach of the levels go to them, in (time, sequence) order. */
    private void migrateHeap() {
        while (heapSize > 0) {
            int n = heap[0];
            long t = node[n * STRIDE + TIME];
            if ((t >>> pageShift) - page - 2 > ring1Mask) {
                return;
            }
            heapRemove(0);
            place(n, t, t >>> bucketShift);
        }
    }

    /** The wheel's position becomes bucket b: a bucket that was appended out of order is sorted now. */
    private void arrive(long b) {
        base = b;
        int idx = (int) (b & ring0Mask);
        long bit = 1L << idx;
        if ((unsorted0[idx >>> 6] & bit) != 0) {
            unsorted0[idx >>> 6] &= ~bit;
            sortBucket(idx);
        }
    }

    public long time(int n) {
        return node[n * STRIDE + TIME];
    }

    public Handler handler(int n) {
        return (Handler) handler[n];
    }

    public long arg(int n) {
        return node[n * STRIDE + ARG];
    }

    /** Removes the node that {@link #first()} returned; its handle stops matching. */
    public void removeFirst(int n) {
        int idx = (int) (base & ring0Mask);
        int nx = (int) node[n * STRIDE + LINK];
        head0[idx] = nx;
        count0--;
        if (nx == NONE) {
            tail0[idx] = NONE;
            occupied0.clear(idx);
        }
        release(n);
    }

    /** Time of the earliest pending event, or {@link Long#MAX_VALUE} if none. */
    public long firstTime() {
        int n = first();
        return n == NONE ? Long.MAX_VALUE : node[n * STRIDE + TIME];
    }

    // ---- level 0 ----

    private void append0(int n, long t, int idx) {
        long[] nd = node;
        nd[n * STRIDE + LINK] = NO_LINKS;
        count0++;
        int tail = tail0[idx];
        tail0[idx] = n;
        if (tail == NONE) {
            head0[idx] = n;
            occupied0.set(idx);
            return;
        }
        appendAfter(tail, n, t, idx);
    }

    /** Links n after the bucket's tail, marking the bucket for sorting if n's time is earlier than the tail's. */
    private void appendAfter(int tail, int n, long t, int idx) {
        setNext(tail, n);
        if (node[tail * STRIDE + TIME] > t) {
            unsorted0[idx >>> 6] |= 1L << idx;
        }
    }

    /** Into the bucket being fired, which stays sorted: after every event at or before t. */
    private void insertSorted(int n, long t) {
        int idx = (int) (base & ring0Mask);
        int tail = tail0[idx];
        long[] nd = node;
        if (tail == NONE || nd[tail * STRIDE + TIME] <= t) {
            append0(n, t, idx);
            return;
        }
        count0++;
        int before = NONE;
        int cur = head0[idx];
        while (nd[cur * STRIDE + TIME] <= t) {
            before = cur;
            cur = (int) nd[cur * STRIDE + LINK];
        }
        nd[n * STRIDE + LINK] = NO_LINKS;
        setNext(n, cur);
        if (before == NONE) {
            head0[idx] = n;
        } else {
            setNext(before, n);
        }
    }

    /** Takes node n out of level-0 bucket idx's singly linked list (short: one bucket of near events). */
    private void unlink0(int idx, int n) {
        long[] nd = node;
        int p = NONE;
        int cur = head0[idx];
        while (cur != n) {
            p = cur;
            cur = (int) nd[cur * STRIDE + LINK];
        }
        int x = (int) nd[n * STRIDE + LINK];
        if (p == NONE) {
            head0[idx] = x;
        } else {
            setNext(p, x);
        }
        if (x == NONE) {
            tail0[idx] = p;
        }
        count0--;
        if (head0[idx] == NONE) {
            occupied0.clear(idx);
            unsorted0[idx >>> 6] &= ~(1L << idx);
        }
    }

    /** Stable merge sort of bucket idx's list by time, in place, allocating nothing. */
    private void sortBucket(int idx) {
        long[] nd = node;
        int list = head0[idx];
        int size = 0;
        for (int c = list; c != NONE; c = (int) nd[c * STRIDE + LINK]) {
            size++;
        }
        if (size <= SMALL_BUCKET) {
            insertionSort(idx, list);
            return;
        }
        for (int width = 1; width < size; width <<= 1) {
            int newHead = NONE;
            int newTail = NONE;
            int rest = list;
            while (rest != NONE) {
                int a = rest;
                int b = split(a, width);
                rest = b == NONE ? NONE : split(b, width);
                // merge runs a and b, a first on ties (it was appended first)
                while (a != NONE || b != NONE) {
                    int take;
                    if (b == NONE || (a != NONE && nd[a * STRIDE + TIME] <= nd[b * STRIDE + TIME])) {
                        take = a;
                        a = (int) nd[a * STRIDE + LINK];
                    } else {
                        take = b;
                        b = (int) nd[b * STRIDE + LINK];
                    }
                    if (newTail == NONE) {
                        newHead = take;
                    } else {
                        setNext(newTail, take);
                    }
                    newTail = take;
                }
            }
            setNext(newTail, NONE);
            list = newHead;
        }
        head0[idx] = list;
        int t = list;
        while ((int) nd[t * STRIDE + LINK] != NONE) {
            t = (int) nd[t * STRIDE + LINK];
        }
        tail0[idx] = t;
    }

    /**
     * Insertion sort of a short list (the common case: a few events of distinct times), each node
     * placed after every node of the sorted part with a time at or before its own, so stable.
     */
    private void insertionSort(int idx, int list) {
        long[] nd = node;
        int sortedHead = list;
        int sortedTail = list;
        int c = (int) nd[list * STRIDE + LINK];
        setNext(list, NONE);
        while (c != NONE) {
            int next = (int) nd[c * STRIDE + LINK];
            long t = nd[c * STRIDE + TIME];
            if (nd[sortedTail * STRIDE + TIME] <= t) {
                setNext(sortedTail, c);
                setNext(c, NONE);
                sortedTail = c;
            } else if (nd[sortedHead * STRIDE + TIME] > t) {
                setNext(c, sortedHead);
                sortedHead = c;
            } else {
                int before = sortedHead;
                int after = (int) nd[before * STRIDE + LINK];
                while (nd[after * STRIDE + TIME] <= t) {
                    before = after;
                    after = (int) nd[after * STRIDE + LINK];
                }
                setNext(before, c);
                setNext(c, after);
            }
            c = next;
        }
        head0[idx] = sortedHead;
        tail0[idx] = sortedTail;
    }

    /** Cuts the list after its first {@code width} nodes; returns the rest. */
    private int split(int from, int width) {
        long[] nd = node;
        int c = from;
        for (int i = 1; i < width && (int) nd[c * STRIDE + LINK] != NONE; i++) {
            c = (int) nd[c * STRIDE + LINK];
        }
        int rest = (int) nd[c * STRIDE + LINK];
        setNext(c, NONE);
        return rest;
    }

    // ---- level 1 ----

    private void append1(int n, int i1) {
        long[] nd = node;
        int tail = tail1[i1];
        nd[n * STRIDE + LINK] = ((long) tail << 32) | 0xFFFF_FFFFL;
        tail1[i1] = n;
        count1++;
        if (tail == NONE) {
            head1[i1] = n;
            occupied1.set(i1);
        } else {
            setNext(tail, n);
        }
    }

    private void unlink1(int i1, int n) {
        long[] nd = node;
        long link = nd[n * STRIDE + LINK];
        int next = (int) link;
        int prev = (int) (link >>> 32);
        if (prev == NONE) {
            head1[i1] = next;
        } else {
            setNext(prev, next);
        }
        if (next == NONE) {
            tail1[i1] = prev;
        } else {
            int o = next * STRIDE + LINK;
            nd[o] = ((long) prev << 32) | (nd[o] & 0xFFFF_FFFFL);
        }
        count1--;
        if (head1[i1] == NONE) {
            occupied1.clear(i1);
        }
    }

    private void setNext(int n, int next) {
        int o = n * STRIDE + LINK;
        node[o] = (node[o] & 0xFFFF_FFFF_0000_0000L) | (next & 0xFFFF_FFFFL);
    }

    // ---- rewind ----

    /**
     * Moves the wheel back so that it starts at {@code bucket}. Needed only when a peek moved the
     * wheel past the kernel's time (run(until) stopped short of the next event) and an event is
     * then scheduled before the wheel's position: rare, so everything is sent through the heap,
     * which restores (time, sequence) order.
     */
    private void rewind(long bucket) {
        for (int i = 0; i <= ring0Mask; i++) {
            for (int n = head0[i]; n != NONE; n = (int) node[n * STRIDE + LINK]) {
                heapPush(n);
            }
        }
        for (int i = 0; i <= ring1Mask; i++) {
            for (int n = head1[i]; n != NONE; n = (int) node[n * STRIDE + LINK]) {
                heapPush(n);
            }
        }
        Arrays.fill(head0, NONE);
        Arrays.fill(tail0, NONE);
        occupied0.clearAll();
        Arrays.fill(unsorted0, 0L);
        Arrays.fill(head1, NONE);
        Arrays.fill(tail1, NONE);
        occupied1.clearAll();
        count0 = 0;
        count1 = 0;
        base = bucket;
        page = bucket >>> pageBits;
        migrateHeap();
    }

    // ---- heap (beyond level 1), ordered by (time, sequence) ----

    private boolean heapLess(int a, int b) {
        long ta = node[a * STRIDE + TIME];
        long tb = node[b * STRIDE + TIME];
        return ta < tb || (ta == tb && node[a * STRIDE + SEQ] < node[b * STRIDE + SEQ]);
    }

    private void heapPush(int n) {
        int i = heapSize++;
        heap[i] = n;
        heapIndex[n] = i;
        siftUp(i);
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

    // ---- nodes ----

    /** A free node, holding h. */
    private int allocate(Handler h) {
        live++;
        int n;
        if (freeCount > 0) {
            n = freeNodes[--freeCount];
        } else {
            if (used == handler.length) {
                grow();
            }
            n = used++;
        }
        handler[n] = h;
        return n;
    }

    private void grow() {
        int cap = handler.length * 2;
        node = Arrays.copyOf(node, cap * STRIDE);
        handler = Arrays.copyOf(handler, cap);
        int old = heapIndex.length;
        heapIndex = Arrays.copyOf(heapIndex, cap);
        Arrays.fill(heapIndex, old, cap, -1);
        freeNodes = Arrays.copyOf(freeNodes, cap);
        heap = Arrays.copyOf(heap, cap);
    }

    /** The node's event is gone (fired or cancelled): its handle stops matching, its slot is free. */
    private void release(int n) {
        handler[n] = null;
        freeNodes[freeCount++] = n;
        live--;
    }
}

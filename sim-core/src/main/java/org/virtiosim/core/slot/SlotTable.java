package org.virtiosim.core.slot;

import java.util.Arrays;

/**
 * Ids for a changing set of records, each record's fields kept in typed columns (one primitive
 * array per field) that the table grows together: an owner declares its fields once and writes no
 * growth code.
 *
 * <pre>{@code
 * SlotTable reads = new SlotTable(64);
 * IntColumn tag = reads.intColumn();
 * LongColumn address = reads.longColumn();
 *
 * int id = reads.allocate();
 * tag.set(id, t);
 * ...
 * reads.free(id);
 * }</pre>
 *
 * <p>Why this shape: a simulator keeps many such tables (pending events, outstanding reads,
 * queued accesses) on its hot path. Parallel primitive arrays keep a record's fields unboxed and a
 * field's values dense, and once the arrays have grown to the peak number of live records,
 * {@link #allocate} and {@link #free} allocate nothing.
 *
 * <p>Id order is part of the contract, because ids can end up in event order (an id passed as an
 * event's argument, a tag on the wire): freed ids are reused last freed first, and when none is
 * free the lowest id never handed out is next (0, 1, 2, ...). So the ids a run sees depend only
 * on its sequence of allocate and free calls, never on the initial capacity or on growth.
 *
 * <p>A table grows by doubling up to its maximum capacity; {@link #allocate} returns
 * {@link #NONE} only when every id up to that maximum is live (a fixed-size tag space, say). Freeing
 * an id that is not live is the owner's bug and is not checked: the owner usually knows liveness
 * already (a null listener, a busy flag) and the check would cost every free.
 *
 * <p>Values in a freed slot stay as they were until the owner overwrites them; slots that growth
 * adds start at the column's initial value. Not thread-safe, like everything the kernel runs.
 */
public final class SlotTable {
    /** Returned by {@link #allocate} when every id up to the maximum capacity is live. */
    public static final int NONE = -1;
    /** The default maximum capacity: the largest array length every JVM allows. */
    public static final int UNBOUNDED = Integer.MAX_VALUE - 8;

    private final int maxCapacity;
    private int capacity;
    /** Freed ids, a stack: the last freed is reused first. */
    private int[] free;
    private int freeCount;
    /** Ids below this have been handed out at least once. */
    private int used;
    private int live;
    private SlotColumn[] columns = new SlotColumn[8];
    private int columnCount;
    private Runnable onGrowth;

    /** A table that grows without bound (up to {@link #UNBOUNDED}). */
    public SlotTable(int initialCapacity) {
        this(initialCapacity, UNBOUNDED);
    }

    /**
     * @param initialCapacity ids held before the columns grow, at least 1
     * @param maxCapacity ids the table may ever hold; equal to {@code initialCapacity} for a fixed
     *                    table that never grows
     */
    public SlotTable(int initialCapacity, int maxCapacity) {
        if (initialCapacity < 1) {
            throw new IllegalArgumentException("initial capacity must be >= 1: " + initialCapacity);
        }
        if (maxCapacity < initialCapacity || maxCapacity > UNBOUNDED) {
            throw new IllegalArgumentException("max capacity must be " + initialCapacity + ".." + UNBOUNDED + ": " + maxCapacity);
        }
        this.capacity = initialCapacity;
        this.maxCapacity = maxCapacity;
        this.free = new int[initialCapacity];
    }

    /** A free id, or {@link #NONE} if every id up to the maximum capacity is live. */
    public int allocate() {
        if (freeCount > 0) {
            live++;
            return free[--freeCount];
        }
        if (used == capacity && !grow()) {
            return NONE;
        }
        live++;
        return used++;
    }

    /** Gives a live id back; the next {@link #allocate} returns it. */
    public void free(int id) {
        free[freeCount++] = id;
        live--;
    }

    /** Ids are below this; every column holds this many values. */
    public int capacity() {
        return capacity;
    }

    public int maxCapacity() {
        return maxCapacity;
    }

    /** Ids allocated and not freed. */
    public int live() {
        return live;
    }

    /**
     * Runs {@code action} after every growth, once every column has its new array: for an owner
     * that caches a column's {@code array()} in a field for a hot loop. One action per table.
     */
    public void onGrowth(Runnable action) {
        if (onGrowth != null) {
            throw new IllegalStateException("the table already has a growth action");
        }
        this.onGrowth = action;
    }

    /** A column of ints, 0 in every slot until set. */
    public IntColumn intColumn() {
        return intColumn(0);
    }

    /** A column of ints, {@code initial} in every slot (present and added by growth) until set. */
    public IntColumn intColumn(int initial) {
        return add(new IntColumn(capacity, initial));
    }

    /** A column of longs, 0 in every slot until set. */
    public LongColumn longColumn() {
        return longColumn(0L);
    }

    /** A column of longs, {@code initial} in every slot (present and added by growth) until set. */
    public LongColumn longColumn(long initial) {
        return add(new LongColumn(capacity, initial));
    }

    /** A column of booleans, false in every slot until set. */
    public BooleanColumn booleanColumn() {
        return add(new BooleanColumn(capacity));
    }

    /** A column of references, null in every slot until set. */
    public <T> ObjectColumn<T> objectColumn() {
        return add(new ObjectColumn<>(capacity));
    }

    private <C extends SlotColumn> C add(C column) {
        if (columnCount == columns.length) {
            columns = Arrays.copyOf(columns, columnCount * 2);
        }
        columns[columnCount++] = column;
        return column;
    }

    /** Doubles the capacity (up to the maximum); false if it is already the maximum. */
    private boolean grow() {
        if (capacity == maxCapacity) {
            return false;
        }
        int cap = (int) Math.min(2L * capacity, maxCapacity);
        free = Arrays.copyOf(free, cap);
        for (int c = 0; c < columnCount; c++) {
            columns[c].resize(cap);
        }
        capacity = cap;
        if (onGrowth != null) {
            onGrowth.run();
        }
        return true;
    }
}

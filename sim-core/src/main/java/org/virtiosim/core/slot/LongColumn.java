package org.virtiosim.core.slot;

import java.util.Arrays;

/** A long field of a {@link SlotTable}'s records, indexed by id; made by {@link SlotTable#longColumn}. */
public final class LongColumn extends SlotColumn {
    private final long initial;
    private long[] values;

    LongColumn(int capacity, long initial) {
        this.initial = initial;
        this.values = new long[capacity];
        if (initial != 0L) {
            Arrays.fill(values, initial);
        }
    }

    public long get(int id) {
        return values[id];
    }

    public void set(int id, long value) {
        values[id] = value;
    }

    /**
     * The backing array, valid until the table next grows (see {@link SlotTable#onGrowth}): for a
     * hot loop that cannot afford the extra load per access.
     */
    public long[] array() {
        return values;
    }

    @Override
    void resize(int capacity) {
        int old = values.length;
        values = Arrays.copyOf(values, capacity);
        if (initial != 0L) {
            Arrays.fill(values, old, capacity, initial);
        }
    }
}

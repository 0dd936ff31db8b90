package org.virtiosim.core.slot;

import java.util.Arrays;

/** An int field of a {@link SlotTable}'s records, indexed by id; made by {@link SlotTable#intColumn}. */
public final class IntColumn extends SlotColumn {
    private final int initial;
    private int[] values;

    IntColumn(int capacity, int initial) {
        this.initial = initial;
        this.values = new int[capacity];
        if (initial != 0) {
            Arrays.fill(values, initial);
        }
    }

    public int get(int id) {
        return values[id];
    }

    public void set(int id, int value) {
        values[id] = value;
    }

    /**
     * The backing array, valid until the table next grows (see {@link SlotTable#onGrowth}): for a
     * hot loop that cannot afford the extra load per access.
     */
    public int[] array() {
        return values;
    }

    @Override
    void resize(int capacity) {
        int old = values.length;
        values = Arrays.copyOf(values, capacity);
        if (initial != 0) {
            Arrays.fill(values, old, capacity, initial);
        }
    }
}

package org.virtiosim.core.slot;

import java.util.Arrays;

/** A boolean field of a {@link SlotTable}'s records, indexed by id; made by {@link SlotTable#booleanColumn}. */
public final class BooleanColumn extends SlotColumn {
    private boolean[] values;

    BooleanColumn(int capacity) {
        this.values = new boolean[capacity];
    }

    public boolean get(int id) {
        return values[id];
    }

    public void set(int id, boolean value) {
        values[id] = value;
    }

    /** The backing array, valid until the table next grows (see {@link SlotTable#onGrowth}). */
    public boolean[] array() {
        return values;
    }

    @Override
    void resize(int capacity) {
        values = Arrays.copyOf(values, capacity);
    }
}

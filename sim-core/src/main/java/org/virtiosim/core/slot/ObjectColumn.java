package org.virtiosim.core.slot;

import java.util.Arrays;

/**
 * A reference field of a {@link SlotTable}'s records, indexed by id; made by
 * {@link SlotTable#objectColumn}. A freed slot keeps its reference until overwritten: an owner
 * that must not keep the object reachable sets it to null when it frees the id.
 */
public final class ObjectColumn<T> extends SlotColumn {
    private Object[] values;

    ObjectColumn(int capacity) {
        this.values = new Object[capacity];
    }

    @SuppressWarnings("unchecked")
    public T get(int id) {
        return (T) values[id];
    }

    public void set(int id, T value) {
        values[id] = value;
    }

    /**
     * The backing array, valid until the table next grows (see {@link SlotTable#onGrowth}); its
     * elements are the {@code T}s set, its type is {@code Object[]}.
     */
    public Object[] array() {
        return values;
    }

    @Override
    void resize(int capacity) {
        values = Arrays.copyOf(values, capacity);
    }
}

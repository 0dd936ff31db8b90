package org.virtiosim.core.slot;

/** One field of a {@link SlotTable}'s records: an array the table grows with its ids. */
abstract sealed class SlotColumn permits IntColumn, LongColumn, BooleanColumn, ObjectColumn {
    /** Copies the values into an array of {@code capacity}, the added slots at the initial value. */
    abstract void resize(int capacity);
}

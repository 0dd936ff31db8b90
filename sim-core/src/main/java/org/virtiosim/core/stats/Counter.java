package org.virtiosim.core.stats;

/** A named event count: TLPs sent, resets done, completion timeouts. */
public final class Counter {
    private final String name;
    private long value;

    public Counter(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void increment() {
        value++;
    }

    public void add(long n) {
        value += n;
    }

    public long value() {
        return value;
    }

    public void reset() {
        value = 0;
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}

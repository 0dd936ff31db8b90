package org.virtiosim.core.clock;

import java.util.Arrays;

/**
 * A bank of 64-bit clocked registers (flip-flops) updated at the end of an edge, like
 * {@code sc_signal} or a Verilog non-blocking assignment: on an edge every process reads the
 * values from before the edge, whatever order the processes run in, and the values written
 * during the edge become visible on the next one. A register not written keeps its value.
 *
 * <p>Writes go to a shadow array; the domain copies it over the visible one once after all
 * processes of the edge have run, and only if something was written. One bulk copy per edge
 * costs less than per-register bookkeeping when most registers change every cycle, which is
 * what a bank of identical pipelines does.
 */
public final class RegisterArray {
    private final String name;
    private final ClockDomain domain;
    private final long[] current;
    private final long[] next;
    private boolean written;

    RegisterArray(ClockDomain domain, String name, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("register array " + name + ": size must be > 0, got " + size);
        }
        this.domain = domain;
        this.name = name;
        this.current = new long[size];
        this.next = new long[size];
    }

    public String name() {
        return name;
    }

    public int size() {
        return current.length;
    }

    /** The value as of the last edge. */
    public long get(int i) {
        return current[i];
    }

    /** Sets the value that becomes visible after the current edge. */
    public void set(int i, long value) {
        next[i] = value;
        if (!written) {
            written = true;
            domain.registerWritten(this);
        }
    }

    /** Sets a value immediately, before simulation starts (reset values). */
    public void reset(int i, long value) {
        current[i] = value;
        next[i] = value;
    }

    public void resetAll(long value) {
        Arrays.fill(current, value);
        Arrays.fill(next, value);
    }

    void commit() {
        System.arraycopy(next, 0, current, 0, current.length);
        written = false;
    }
}

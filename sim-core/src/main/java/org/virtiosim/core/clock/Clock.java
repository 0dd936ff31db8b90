package org.virtiosim.core.clock;

/**
 * A clock: rising edges at {@code phase + n * period} ps for cycle n = 0, 1, 2, ...
 *
 * <p>Pure arithmetic, no state: any number of clocks with unrelated periods coexist, and each
 * {@link ClockDomain} schedules only the edges its processes need.
 */
public final class Clock {
    private final String name;
    private final long periodPs;
    private final long phasePs;

    public Clock(String name, long periodPs, long phasePs) {
        if (periodPs <= 0) {
            throw new IllegalArgumentException("clock " + name + ": period must be > 0 ps, got " + periodPs);
        }
        if (phasePs < 0) {
            throw new IllegalArgumentException("clock " + name + ": phase must be >= 0 ps, got " + phasePs);
        }
        this.name = name;
        this.periodPs = periodPs;
        this.phasePs = phasePs;
    }

    public Clock(String name, long periodPs) {
        this(name, periodPs, 0);
    }

    public String name() {
        return name;
    }

    public long periodPs() {
        return periodPs;
    }

    public long phasePs() {
        return phasePs;
    }

    /** Time of the rising edge of cycle n (n &gt;= 0). */
    public long timeOfCycle(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("cycle must be >= 0: " + n);
        }
        return Math.addExact(phasePs, Math.multiplyExact(n, periodPs));
    }

    /** The cycle whose edge is the latest at or before t; -1 before the first edge. */
    public long cycleAt(long t) {
        if (t < phasePs) {
            return -1;
        }
        return (t - phasePs) / periodPs;
    }

    /** The first cycle whose edge is at or after t. */
    public long cycleAtOrAfter(long t) {
        if (t <= phasePs) {
            return 0;
        }
        long d = t - phasePs;
        long c = d / periodPs;
        return c * periodPs == d ? c : c + 1;
    }

    /** Time of the first edge at or after t. */
    public long nextEdgeAtOrAfter(long t) {
        return timeOfCycle(cycleAtOrAfter(t));
    }

    /** Time of the first edge strictly after t. */
    public long nextEdgeAfter(long t) {
        return timeOfCycle(cycleAt(t) + 1);
    }

    /** Cycles of this clock in a span of ps, rounded down. */
    public long cyclesIn(long spanPs) {
        return spanPs / periodPs;
    }

    @Override
    public String toString() {
        return name + "(" + periodPs + " ps" + (phasePs != 0 ? ", phase " + phasePs + " ps" : "") + ")";
    }
}

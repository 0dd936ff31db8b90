package org.virtiosim.testbench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One chart axis as {@link Ticks} chose it: its range (both ends on a tick), linear or log10, and
 * the tick values with their labels. Shared by the SVG and the PNG charts, so both draw the same
 * ticks for the same data.
 */
final class Axis {
    private final boolean log;
    private final double lo;
    private final double hi;
    private final double[] ticks;

    Axis(boolean log, double lo, double hi, double[] ticks) {
        if (!(hi > lo) || (log && lo <= 0)) {
            throw new IllegalArgumentException("axis range " + lo + ".." + hi + (log ? " (log)" : ""));
        }
        this.log = log;
        this.lo = lo;
        this.hi = hi;
        this.ticks = ticks.clone();
    }

    boolean log() {
        return log;
    }

    double lo() {
        return lo;
    }

    double hi() {
        return hi;
    }

    /** The tick values, ascending, from {@link #lo} to {@link #hi}. */
    double[] ticks() {
        return ticks.clone();
    }

    /** The tick labels, compact and locale-independent ({@link NumberLabel#tick}). */
    List<String> labels() {
        List<String> out = new ArrayList<>(ticks.length);
        for (double t : ticks) {
            out.add(NumberLabel.tick(t));
        }
        return Collections.unmodifiableList(out);
    }

    /** Where {@code v} falls along the axis: 0 at {@link #lo}, 1 at {@link #hi}; on a log axis a value of 0 or below sits at lo. */
    double fraction(double v) {
        return (scaled(v) - scaled(lo)) / (scaled(hi) - scaled(lo));
    }

    /** The value in the axis's own units: itself on a linear axis, its log10 on a log axis (lo for 0 or below). */
    double scaled(double v) {
        return log ? Math.log10(v > 0 ? v : lo) : v;
    }
}

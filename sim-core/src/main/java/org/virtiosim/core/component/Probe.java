package org.virtiosim.core.component;

import org.virtiosim.core.kernel.Kernel;

/**
 * A named signal of 1 to 64 bits with a current value: what a waveform shows. {@link #set} costs a
 * compare and, when nothing listens, one null check: models set probes on their hot path without
 * asking whether tracing is on.
 *
 * <p>A probe can also be told a value it takes later ({@link #setThen}: a TLP's type now, idle when
 * it leaves the lanes). That later change is not a kernel event: tracing must not add events to
 * the run it watches. It is held by the hierarchy's {@link Tracing} and reaches the sink, in time
 * order, before any change dated after it; at its own picosecond it comes after the other probes'
 * changes, and a {@link #set} of the same probe at that picosecond replaces it.
 */
public final class Probe {
    /** No later value pending. */
    static final long NO_DUE = Long.MAX_VALUE;

    private final Kernel kernel;
    private final Component owner;
    private final Tracing tracing;
    private final String name;
    private final int width;
    private final long mask;
    private final int id;
    private long value;
    private TraceSink sink;
    private long dueAt = NO_DUE;
    private long dueValue;

    Probe(Kernel kernel, Component owner, Tracing tracing, String name, int width, int id) {
        if (width < 1 || width > 64) {
            throw new IllegalArgumentException("probe " + owner.path() + "." + name + ": width must be 1..64, got " + width);
        }
        this.kernel = kernel;
        this.owner = owner;
        this.tracing = tracing;
        this.name = name;
        this.width = width;
        this.mask = width == 64 ? -1L : (1L << width) - 1;
        this.id = id;
    }

    /** Name within its component. */
    public String name() {
        return name;
    }

    /** Hierarchical name, e.g. {@code tb.pf0.vf17.status}. */
    public String path() {
        return owner.path() + "." + name;
    }

    public Component owner() {
        return owner;
    }

    public int width() {
        return width;
    }

    /** Dense index among all probes of the hierarchy, in creation order. */
    public int id() {
        return id;
    }

    /** The value now, a pending later value included once its time has come. */
    public long value() {
        return dueAt <= kernel.now() ? dueValue : value;
    }

    /** Sets the value; a change is reported to the attached sink, if any. */
    public void set(long v) {
        // Small enough for C2 to inline into the model's hot paths (the launcher inlines hot methods
        // of up to 100 bytecodes): the rest of a change is change(), the message of a bad value tooWide().
        check(v);
        if (v == value && dueAt == NO_DUE) {
            // Nothing to report and nothing pending to replace: most sets are of this kind (a
            // model sets all of a component's probes when one changes: 170 M of 274 M sets in a
            // traced 4096-VF compare), so they skip the clock and the pending-value bookkeeping.
            // Other probes' pending values are released before the next change, as always.
            return;
        }
        change(v);
    }

    /** A set that may change the value or replace a pending one. */
    private void change(long v) {
        long now = kernel.now();
        TraceSink s = sink;
        if (s != null && tracing.earliestDue < now) {
            tracing.releaseBefore(now); // every probe's earlier pending change goes first, this one's too
        }
        if (dueAt != NO_DUE) {
            endDue(now);
        }
        if (v == value) {
            return;
        }
        value = v;
        if (s != null) {
            s.valueChanged(now, this, v);
        }
    }

    /** A set at {@code now} ends the pending change: taken if its time has passed, else replaced. */
    private void endDue(long now) {
        if (dueAt < now) {
            settle();
        } else {
            cancelDue(); // set again before or at the pending change's time: this value replaces it
        }
    }

    /**
     * Sets the value now and {@code later} at {@code atPs} (after now), unless set again before
     * then: one call for a signal that returns to idle, with no event to schedule for it.
     */
    public void setThen(long v, long atPs, long later) {
        check(later);
        if (atPs <= kernel.now()) {
            throw new IllegalArgumentException("probe " + path() + ": later value at " + atPs + " ps is not after now (" + kernel.now() + " ps)");
        }
        set(v);
        dueAt = atPs;
        dueValue = later;
        if (sink != null) {
            tracing.addDue(this);
        }
    }

    private void check(long v) {
        if ((v & ~mask) != 0) {
            throw tooWide(v);
        }
    }

    private IllegalArgumentException tooWide(long v) {
        return new IllegalArgumentException("probe " + path() + ": value 0x" + Long.toHexString(v) + " does not fit in " + width + " bits");
    }

    /** When the pending later value takes effect; {@link #NO_DUE} if none. */
    long dueAt() {
        return dueAt;
    }

    /** Takes the pending later value, reporting it at its own time. */
    void settle() {
        long at = dueAt;
        long v = dueValue;
        cancelDue();
        if (v != value) {
            value = v;
            TraceSink s = sink;
            if (s != null) {
                s.valueChanged(at, this, v);
            }
        }
    }

    private void cancelDue() {
        dueAt = NO_DUE;
        if (sink != null) {
            tracing.removeDue(this);
        }
    }

    void attach(TraceSink s) {
        if (sink != null && dueAt != NO_DUE) {
            tracing.removeDue(this);
        }
        this.sink = s;
        if (s != null && dueAt != NO_DUE) {
            tracing.addDue(this);
        }
    }
}

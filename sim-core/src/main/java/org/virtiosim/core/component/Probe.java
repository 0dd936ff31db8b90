package org.virtiosim.core.component;

import org.virtiosim.core.kernel.Kernel;

/**
 * A named signal of 1 to 64 bits with a current value: what a waveform shows. {@link #set} costs a
 * compare and, when nothing listens, one null check: models set probes on their hot path without
 * asking whether tracing is on.
 */
public final class Probe {
    private final Kernel kernel;
    private final Component owner;
    private final String name;
    private final int width;
    private final long mask;
    private final int id;
    private long value;
    private TraceSink sink;

    Probe(Kernel kernel, Component owner, String name, int width, int id) {
        if (width < 1 || width > 64) {
            throw new IllegalArgumentException("probe " + owner.path() + "." + name + ": width must be 1..64, got " + width);
        }
        this.kernel = kernel;
        this.owner = owner;
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

    public long value() {
        return value;
    }

    /** Sets the value; a change is reported to the attached sink, if any. */
    public void set(long v) {
        if ((v & ~mask) != 0) {
            throw new IllegalArgumentException("probe " + path() + ": value 0x" + Long.toHexString(v) + " does not fit in " + width + " bits");
        }
        if (v == value) {
            return;
        }
        value = v;
        TraceSink s = sink;
        if (s != null) {
            s.valueChanged(kernel.now(), this, v);
        }
    }

    void attach(TraceSink s) {
        this.sink = s;
    }
}

package org.virtiosim.testbench.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed trace: the rows in file order, and the phases the guest's markers divide them into.
 *
 * @param name      the file name the trace was read from
 * @param configEnd the device-config end the offsets were checked against (exclusive)
 * @param rows      the rows, unmodifiable
 * @param phases    where each marked phase begins, in file order; empty for a trace without markers
 */
public record Trace(String name, int configEnd, List<TraceRow> rows, List<Phase> phases) {

    /**
     * A phase of the guest's run ({@code # marker: NAME} in the file): from row {@code firstRow} to the next
     * phase's.
     *
     * @param name     the marker's text
     * @param firstRow index in {@link #rows} of the phase's first row (the rows' size when none follows)
     * @param line     the marker's line in the file
     */
    public record Phase(String name, int firstRow, int line) {
    }

    /** Name of the rows before the first marker, when there are any. */
    public static final String BEFORE_FIRST_MARKER = "(before the first marker)";

    public Trace {
        rows = List.copyOf(rows);
        phases = List.copyOf(phases);
    }

    /** A trace without phases. */
    public Trace(String name, int configEnd, List<TraceRow> rows) {
        this(name, configEnd, rows, List.of());
    }

    /**
     * The phase names, in order, that {@link #phaseOf} indexes: {@link #BEFORE_FIRST_MARKER} first when rows come
     * before the first marker; a name seen before gets " (2)", " (3)"...; empty without markers.
     */
    public List<String> phaseNames() {
        List<String> out = new ArrayList<>();
        if (!phases.isEmpty() && phases.get(0).firstRow() > 0) {
            out.add(BEFORE_FIRST_MARKER);
        }
        for (Phase p : phases) {
            String n = p.name();
            for (int k = 2; out.contains(n); k++) {
                n = p.name() + " (" + k + ")";
            }
            out.add(n);
        }
        return out;
    }

    /** Index in {@link #phaseNames} of the phase row {@code rowIndex} is in; -1 without markers. */
    public int phaseOf(int rowIndex) {
        if (phases.isEmpty()) {
            return -1;
        }
        int shift = phases.get(0).firstRow() > 0 ? 1 : 0;
        int p = -1;
        for (int i = 0; i < phases.size() && phases.get(i).firstRow() <= rowIndex; i++) {
            p = i;
        }
        return p + shift;
    }

    public int size() {
        return rows.size();
    }

    public TraceRow get(int index) {
        return rows.get(index);
    }

    /** The rows VF {@code vfNumber} runs: those with vf 0 and those restricted to it. */
    public List<TraceRow> rowsFor(int vfNumber) {
        List<TraceRow> out = new ArrayList<>(rows.size());
        for (TraceRow r : rows) {
            if (r.appliesTo(vfNumber)) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * This trace, checked to run on {@code vfs} VFs: a row restricted to a VF beyond them is an error naming its
     * line (it would run on no VF, and its figures would be of nothing), not skipped.
     */
    public Trace requireVfs(int vfs) throws TraceException {
        for (TraceRow r : rows) {
            if (r.vf() > vfs) {
                throw new TraceException(name, r.line(), "vf", "VF " + r.vf() + " is beyond the run's " + vfs + " VF"
                        + (vfs == 1 ? "" : "s") + " (set --vfs to " + r.vf() + " or more)");
            }
        }
        return this;
    }

    /** Reads the run makes on {@code vfs} VFs that are compared with an expected value ({@code checked}) or marked {@code ?} (not). */
    public long reads(int vfs, boolean checked) {
        long n = 0;
        for (TraceRow r : rows) {
            if (r.op() == TraceRow.Op.R && (checked ? r.hasExpected() : r.unchecked())) {
                n += r.vf() == 0 ? vfs : r.vf() <= vfs ? 1 : 0;
            }
        }
        return n;
    }

    /** How many rows do {@code op}. */
    public int count(TraceRow.Op op) {
        int n = 0;
        for (TraceRow r : rows) {
            if (r.op() == op) {
                n++;
            }
        }
        return n;
    }
}

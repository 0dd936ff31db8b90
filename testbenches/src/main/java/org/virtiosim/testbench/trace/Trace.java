package org.virtiosim.testbench.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed trace: the rows in file order.
 *
 * @param name      the file name the trace was read from
 * @param configEnd the device-config end the offsets were checked against (exclusive)
 * @param rows      the rows, unmodifiable
 */
public record Trace(String name, int configEnd, List<TraceRow> rows) {

    public Trace {
        rows = List.copyOf(rows);
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

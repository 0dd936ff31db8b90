package org.virtiosim.testbench.trace;

/**
 * One access of a trace.
 *
 * @param op          what the guest does
 * @param offset      byte offset in the legacy register window; {@link #NONE} for {@link Op#MSIX}
 * @param size        access width in bytes, 1, 2 or 4, or 6 for a W of the whole MAC (the hypervisor's
 *                    coalesced write); {@link #NONE} for {@link Op#MSIX}
 * @param value       W: the value written; R: the expected value when {@code hasExpected}, else 0;
 *                    MSIX: 1 enable, 0 disable
 * @param hasExpected R only: a value was given and the read must return it
 * @param vf          the VF this row is restricted to, 0 for every VF
 * @param delayNs     think time before this row, in nanoseconds
 * @param line        1-based line in the trace file
 * @param unchecked   R only: the value was given as {@code ?}: the guest saw a value the model does not
 *                    reproduce (an ISR read with MSI-X off: the interrupt status of used buffers the model has no
 *                    backend to fill), so the read is made but not compared; counted apart from reads without one
 */
public record TraceRow(Op op, int offset, int size, long value, boolean hasExpected, int vf, long delayNs,
                       int line, boolean unchecked) {

    /** A row that is not an unchecked read. */
    public TraceRow(Op op, int offset, int size, long value, boolean hasExpected, int vf, long delayNs, int line) {
        this(op, offset, size, value, hasExpected, vf, delayNs, line, false);
    }

    /** Offset and size of an {@link Op#MSIX} row. */
    public static final int NONE = -1;

    /** The three things a trace row can do. */
    public enum Op {
        /** Read {@code size} bytes at {@code offset}. */
        R,
        /** Write {@code value} ({@code size} bytes) at {@code offset}. */
        W,
        /** The guest enables (value 1) or disables (value 0) MSI-X in the VF's PCI config space. */
        MSIX
    }

    /** True when this row is run on VF {@code vfNumber}. */
    public boolean appliesTo(int vfNumber) {
        return vf == 0 || vf == vfNumber;
    }
}

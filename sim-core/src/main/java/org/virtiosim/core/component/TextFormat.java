package org.virtiosim.core.component;

/**
 * Turns the values of a text signal's source probes into one line of text (a TLP, an admin
 * command, a firmware handler). Called by a waveform writer on its own thread, never on the
 * simulation thread; it appends to {@code out} and should allocate nothing (a writer calls it once
 * per time step in which a source changed). Appending nothing means idle.
 */
@FunctionalInterface
public interface TextFormat {
    /** Appends the text for {@code values}, the source probes' values in declaration order. */
    void format(long[] values, StringBuilder out);

    /** Appends {@code v} as {@code 0x} and lower-case hex digits, no leading zeros, allocating nothing. */
    static StringBuilder appendHex(StringBuilder out, long v) {
        out.append("0x");
        int digits = Math.max(1, (67 - Long.numberOfLeadingZeros(v)) >> 2);
        for (int d = digits - 1; d >= 0; d--) {
            out.append(Character.forDigit((int) (v >>> (4 * d)) & 0xF, 16));
        }
        return out;
    }
}

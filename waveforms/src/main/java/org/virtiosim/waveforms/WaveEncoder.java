package org.virtiosim.waveforms;

import java.io.IOException;

/**
 * The format half of a waveform file ({@link VcdEncoder}, {@link FstEncoder}): what
 * {@link WaveformSink}'s writer thread hands every change to. All methods but the counters run on
 * one thread (the one that built the sink for {@link #begin}, then the writer thread), in time
 * order; signals are indices into the {@link WaveSignal} list the encoder was made with.
 *
 * <p>Counting and the size cap are the encoder's: {@link #written()} counts the changes passed to
 * {@link #change} that are in the file (not the initial values, not a window's snapshot), and
 * {@link #textWritten()} those passed to {@link #text} (all of them: text has no initial dump of its own); once a change would take the file past the cap the encoder stops, {@link #capped()}
 * turns true and later changes are ignored, the file staying valid.
 */
public interface WaveEncoder {
    /** Writes the header and every signal's initial value (numeric signals; text starts empty) at {@code startPs}. */
    void begin(long startPs, long[] initial) throws IOException;

    /** Every signal's value where a time window opens, at {@code fromPs}: full state, not counted in {@link #written()}. */
    void window(long fromPs, long[] current) throws IOException;

    /** Numeric signal {@code signal} takes {@code value} at {@code timePs} (never before the previous change). */
    void change(long timePs, int signal, long value) throws IOException;

    /**
     * Text signal {@code signal} takes the UTF-8 text {@code utf8[offset, offset + length)} at
     * {@code timePs}; the encoder copies it before returning (the caller may reuse the array).
     */
    void text(long timePs, int signal, byte[] utf8, int offset, int length) throws IOException;

    /** Completes the file and closes its destination. */
    void finish() throws IOException;

    /** Closes the destination without completing the file (the writer failed; the caller removes the file). */
    void abandon();

    /** Numeric changes in the file, exact after {@link #finish()}. */
    long written();

    /** Text changes in the file, exact after {@link #finish()}. */
    long textWritten();

    /** Bytes in the file, exact after {@link #finish()}. */
    long bytes();

    /** True once the size cap stopped the trace. */
    boolean capped();
}

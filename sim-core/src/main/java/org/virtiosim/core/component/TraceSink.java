package org.virtiosim.core.component;

/**
 * Receives every value change of the probes it is attached to, in simulation order. The
 * waveform writer is one; a test recorder is another. Called on the simulation thread: an
 * implementation must hand off, not format or write.
 */
@FunctionalInterface
public interface TraceSink {
    void valueChanged(long timePs, Probe probe, long value);
}

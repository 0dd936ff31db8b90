/**
 * VCD export of probe changes through an LMAX Disruptor ring to a writer thread. (Issue #6.)
 *
 * <p>{@link org.virtiosim.waveforms.WaveformSink} writes the file (IEEE 1364-2005 §18.2, held to
 * the "Writer rules" of {@code VCD-NOTES.md}), {@link org.virtiosim.waveforms.WaveOptions} says
 * how, {@link org.virtiosim.waveforms.GtkwSaveFile} writes a GTKWave save file that opens it with
 * one group per component, and {@link org.virtiosim.waveforms.VcdReader} reads it back for tests.
 */
package org.virtiosim.waveforms;

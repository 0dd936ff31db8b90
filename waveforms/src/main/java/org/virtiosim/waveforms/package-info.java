/**
 * Waveform export of probe changes through an LMAX Disruptor ring to a writer thread. (Issues #6, #17.)
 *
 * <p>{@link org.virtiosim.waveforms.WaveformSink} is the simulation-thread front end (ring, chunks,
 * counts, back-pressure, time window, close and failure) of every format; a
 * {@link org.virtiosim.waveforms.WaveEncoder} on the writer thread encodes:
 * {@link org.virtiosim.waveforms.VcdEncoder} (IEEE 1364-2005 §18.2, held to the "Writer rules" of
 * {@code VCD-NOTES.md}) or {@link org.virtiosim.waveforms.FstEncoder} (GTKWave's FST, as
 * {@code fstapi.c} writes it); {@link org.virtiosim.waveforms.WaveFormat} picks one by file
 * extension. {@link org.virtiosim.waveforms.WaveOptions} says how,
 * {@link org.virtiosim.waveforms.GtkwSaveFile} writes a GTKWave save file that opens either with
 * one group per component, and {@link org.virtiosim.waveforms.VcdReader} reads VCDs back for tests
 * (ours strictly, fst2vcd's loosely, see {@link org.virtiosim.waveforms.Fst2Vcd}).
 */
package org.virtiosim.waveforms;

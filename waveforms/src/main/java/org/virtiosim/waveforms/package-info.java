/**
 * VCD export of probe changes through an LMAX Disruptor ring to a writer thread. (Issue #6.)
 */
package org.virtiosim.waveforms;

package org.virtiosim.device.firmware;

import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.legacy.WriteEffect;
import org.virtiosim.pcie.txn.OutstandingRequests;

/**
 * What the device offers the firmware runtime: the VFs' legacy state, the reset engine, doorbell
 * steering, its port for DMA and MSI-X. Defined here so that this package does not depend on the
 * device package that hosts the firmware (VirtioSriovDevice implements it).
 */
public interface FirmwareDevice {
    int numVfs();

    /** VF {@code vf}'s legacy register file (1-based): the state every scheme acts on. */
    LegacyRegisterFile vf(int vf);

    /** A legacy write with its effects (a reset requested goes to the program's onReset, a queue notify to steering). */
    WriteEffect applyLegacyWrite(int vf, int offset, int size, long value);

    /** Hands the VF to the reset engine (its slots, its time per reset); the engine reports the end to the program. */
    void startReset(int vf);

    /** The VF's state takes its reset values; an access the device holds for the end of the reset proceeds. */
    void finishReset(int vf);

    /** A queue engine kick through doorbell steering (its latency). */
    void kick(int vf, int queue);

    /** A posted MSI-X message write from VF {@code vf} with {@code vector} as its data. */
    void raiseMsix(int vf, int vector);

    /** The firmware's DMA requester: its reads carry the VF's Requester ID, and their completions come to {@code listener}. */
    OutstandingRequests enableFirmwareDma(int tags, OutstandingRequests.Listener listener);

    /** Sends an MRd of {@code bytes} at {@code address} for VF {@code vf} with {@code tag}. */
    void dmaRead(int vf, int tag, long address, int bytes);

    /** Sends posted MWrs of {@code bytes} from {@code src[at..]} to {@code address} for VF {@code vf}. */
    void dmaWrite(int vf, long address, byte[] src, int at, int bytes);
}

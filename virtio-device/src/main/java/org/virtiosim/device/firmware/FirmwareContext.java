package org.virtiosim.device.firmware;

/**
 * What a firmware handler may do: the narrow view of the device its program gets. Every call acts
 * at the handler's instant of simulated time, except the answers: an answer (to the handler's own
 * request or to a deferred one) leaves the firmware when the handler's {@link #busy} cycles are
 * over, as a core's reply does. Handlers that run on no core ({@code onReset}, {@code onResetDone})
 * cannot be busy, and their answers leave at once. Handles are ints; nothing here allocates.
 */
public interface FirmwareContext {
    /** Simulated time now, ps. */
    long now();

    /** VFs of the device (1..numVfs). */
    int numVfs();

    /** The core running this handler, or -1 for a handler on no core. */
    int core();

    /** Holds this handler's core for {@code cycles} more device cycles: its answers leave after them. */
    void busy(long cycles);

    // ---- the VF's legacy register file: the same state every scheme acts on ----

    /** Reads {@code size} bytes at {@code offset} of VF {@code vf}'s legacy layout (all ones where it has no register). */
    long readRegister(int vf, int offset, int size);

    /** Writes them, with the write's effects: a status of 0 requests a reset ({@code onReset}), queue_notify kicks. */
    void writeRegister(int vf, int offset, int size, long value);

    /**
     * Where VF {@code vf}'s device-specific config (virtio-net's {@code mac[6]} first) starts in the
     * legacy layout: 24 with MSI-X enabled, 20 without (transport-pci.tex, "Legacy Interfaces").
     */
    int deviceConfigOffset(int vf);

    /** Whether VF {@code vf}'s reset has been requested and not finished. */
    boolean resetInProgress(int vf);

    // ---- answering this handler's request ----

    /** Answer: the device carries the request out as its design does (the default firmware's answer). */
    void perform();

    /** Answer: a read with {@code value}; a write acknowledged, not applied; an admin command OK (a legacy read's data). */
    void answer(long value);

    /** Answer an admin command with {@code status} and {@code qualifier} (virtio 1.3 §2.12.1: EAGAIN 11 / TRYAGAIN 0x9). */
    void fail(int status, int qualifier);

    /** Leaves the request open past this handler: answer it later through the handle returned. */
    int defer();

    void perform(int handle);

    void answer(int handle, long value);

    void fail(int handle, int status, int qualifier);

    // ---- the rest of the device ----

    /** Hands VF {@code vf} to the device's reset engine; {@code onResetDone} follows when it is done. */
    void startReset(int vf);

    /** VF {@code vf}'s state to its reset values; accesses the device holds for the reset's end proceed. */
    void finishReset(int vf);

    /** Kicks queue {@code queue} of VF {@code vf} through doorbell steering. */
    void kick(int vf, int queue);

    /** Raises MSI-X vector {@code vector} of VF {@code vf} (a posted write of the message). */
    void raiseMsix(int vf, int vector);

    /**
     * Reads {@code bytes} of host memory at {@code address} for VF {@code vf} through the device's
     * DMA engine into {@code into[at..]}; when the data is in, {@code onResume(ctx, token)} runs on a
     * core ({@link #dmaTimedOut()} says whether it never came).
     */
    void dmaRead(int vf, long address, int bytes, byte[] into, int at, int token);

    /** Writes {@code bytes} from {@code from[at..]} to host memory at {@code address} for VF {@code vf} (posted). */
    void dmaWrite(int vf, long address, byte[] from, int at, int bytes);

    /** In an {@code onResume} after {@link #dmaRead}: the read got no completion within the Completion Timeout. */
    boolean dmaTimedOut();

    /** {@code onResume(ctx, token)} runs on a core {@code cycles} device cycles from now (a firmware timer). */
    void resumeAfter(long cycles, int token);

    /**
     * Declares {@code bytes} of firmware memory per VF the program keeps (its own state): they add
     * to {@code device_cost.firmware_bytes_per_vf}. Only in {@code onStart}.
     */
    void declareMemoryPerVf(int bytes);
}

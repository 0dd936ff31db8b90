package org.virtiosim.device;

/**
 * One VF's legacy (virtio 0.9.5) register state, as every access scheme sees it. The schemes
 * differ only in how an access reaches it and when; the answers come from here, which is why all
 * schemes give the same functional results.
 */
public interface LegacyRegisters {
    /** Effect bit of a write: the device must reset (status 0 written). */
    int EFFECT_RESET = 1;
    /** Effect bit of a write: a queue was notified ({@link #notifiedQueue()}). */
    int EFFECT_NOTIFY = 2;

    /** Reads a register or device-config bytes, with read side effects (ISR clears). */
    long read(int offset, int size);

    /** Writes; returns EFFECT_* bits. */
    int write(int offset, int size, long value);

    /** The queue index of the last EFFECT_NOTIFY. */
    int notifiedQueue();

    boolean resetInProgress();

    /** The reset requested by a status-0 write has finished: state goes to its reset values. */
    void completeReset();

    void setMsixEnabled(boolean enabled);

    boolean msixEnabled();

    /** Null if the access exists in the legacy layout as it is now, else a one-line reason. */
    String checkAccess(int offset, int size);

    /** Bytes of state a device holds for this VF. */
    int stateBytes();

    /** Offset of the device-specific config (0x14 or 0x18), its length. */
    int deviceConfigOffset();

    int deviceConfigLength();
}

package org.virtiosim.device.scheme;

import org.virtiosim.device.Backing;

/**
 * What a scheme asks of the device, and where that state must live — the thread's argument is
 * about placement, not bytes: state that answers a TLP without firmware is fast-path logic (costly
 * per VF), state firmware serves from sits in firmware memory, and BAR aperture is address space
 * the device decodes per VF.
 *
 * @param fastPathBitsPerVf state per VF that must answer a TLP without firmware (registers in logic)
 * @param firmwareBytesPerVf state per VF held in firmware memory
 * @param barApertureBytesPerVf VF and PF BAR space the scheme decodes per VF for legacy access
 * @param deviceFixedBytes state per device, independent of NumVFs (an engine such as the AQ's)
 * @param note what holds the state and who carries out an access, in a few words
 */
public record DeviceCost(long fastPathBitsPerVf, long firmwareBytesPerVf, long barApertureBytesPerVf, long deviceFixedBytes,
                         String note) {
    public DeviceCost {
        if (fastPathBitsPerVf < 0 || firmwareBytesPerVf < 0 || barApertureBytesPerVf < 0 || deviceFixedBytes < 0) {
            throw new IllegalArgumentException("device cost figures must be >= 0");
        }
    }

    /** This cost with {@code bytes} more firmware memory per VF (a firmware program's own state). */
    public DeviceCost plusFirmwareBytesPerVf(long bytes) {
        return bytes == 0 ? this : new DeviceCost(fastPathBitsPerVf, firmwareBytesPerVf + bytes, barApertureBytesPerVf, deviceFixedBytes, note);
    }

    /**
     * The cost of the legacy register state every scheme acts on ({@code stateBytes} per VF) plus
     * the scheme's own registers ({@code ownFastPathBits}, which answer TLPs whatever the backing):
     * with hardware backing the legacy state is logic too, with firmware backing it is firmware memory.
     */
    public static DeviceCost of(Backing backing, int stateBytes, long ownFastPathBits, long apertureBytesPerVf, long fixedBytes,
                                String note) {
        boolean hw = backing == Backing.HARDWARE;
        return new DeviceCost(ownFastPathBits + (hw ? 8L * stateBytes : 0), hw ? 0 : stateBytes, apertureBytesPerVf, fixedBytes,
                note + " (" + (hw ? "hardware" : "firmware") + ")");
    }
}

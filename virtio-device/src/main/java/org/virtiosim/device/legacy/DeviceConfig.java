package org.virtiosim.device.legacy;

/**
 * The device-specific configuration that follows the legacy header (virtio-net: MAC, link
 * status, ...). Byte-wise so the register file can serve 1, 2 and 4-byte accesses at any offset,
 * which the legacy interface allows (transport-pci.tex: "the driver MAY access the
 * device-specific configuration region using any width accesses"); multi-byte fields are
 * little-endian, the native order of the x86 guests the simulator models.
 */
public interface DeviceConfig {
    /** Bytes of device config the driver can address. */
    int length();

    /** The byte at offset, 0 &lt;= offset &lt; length(), as 0..255. */
    int readByte(int offset);

    /**
     * Writes one byte; returns false if the byte is read-only for the driver, in which case
     * nothing changed (QEMU regenerates read-only fields from device state on every read, so a
     * driver write to them is lost).
     */
    boolean writeByte(int offset, int value);

    /**
     * Where the field holding byte {@code offset} ends (exclusive): an admin command's access must
     * stay inside one field (admin-cmds-legacy-interface.tex). Without a field table the whole
     * config counts as one.
     */
    default int fieldEnd(int offset) {
        return length();
    }

    /** Restores the state a device reset gives (QEMU: the device class reset hook). */
    void reset();

    /** One driver write access (of one or more bytes) has been made: a device that applies per access does it here. */
    default void writeDone() {
    }

    /** The driver set DRIVER_OK: a device that applies config then (virtio-net's MAC, say) does it here. */
    default void driverOk() {
    }

    /**
     * Values of a multi-byte field the device put into effect that the driver then went on to
     * overwrite before DRIVER_OK: what the network saw in passing (virtio-net: intermediate MACs).
     */
    default long intermediateValues() {
        return 0;
    }
}

package org.virtiosim.device.legacy;

/**
 * Device status bits (Linux include/uapi/linux/virtio_config.h, VIRTIO_CONFIG_S_*). Writing 0 to
 * the status register resets the device; no bit pattern other than 0 does.
 */
public final class DeviceStatus {
    public static final int ACKNOWLEDGE = 0x01;
    public static final int DRIVER = 0x02;
    public static final int DRIVER_OK = 0x04;
    /**
     * Never set by a legacy driver, but QEMU's virtio_set_features refuses a feature write while
     * it is set, whatever the transport, so the register file does too.
     */
    public static final int FEATURES_OK = 0x08;
    public static final int FAILED = 0x80;

    private DeviceStatus() {}
}

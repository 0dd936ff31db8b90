package org.virtiosim.device.legacy;

/**
 * Feature bit numbers used by the legacy VF. Values from Linux include/uapi/linux/virtio_net.h
 * (VIRTIO_NET_F_*), virtio_ring.h (VIRTIO_RING_F_*) and virtio_config.h (VIRTIO_F_BAD_FEATURE,
 * legacy only). Only bits 0 to 31 exist in the legacy interface: its feature registers are 32
 * bits wide (transport-pci.tex, "Legacy Interfaces: A Note on PCI Device Layout").
 */
public final class VirtioFeatures {
    public static final int NET_F_MAC = 5;
    public static final int NET_F_STATUS = 16;
    public static final int NET_F_CTRL_VQ = 17;
    public static final int NET_F_CTRL_RX = 18;
    public static final int RING_F_INDIRECT_DESC = 28;
    public static final int RING_F_EVENT_IDX = 29;
    /** A legacy guest that sets this bit acks features it does not understand (virtio_config.h). */
    public static final int F_BAD_FEATURE = 30;

    // Used only for the bad-feature fallback below.
    static final int NET_F_CSUM = 0;
    static final int NET_F_HOST_TSO4 = 11;
    static final int NET_F_HOST_TSO6 = 12;
    static final int NET_F_HOST_ECN = 13;

    /** What the default virtio-net VF offers: MAC, link status, control queue with RX mode, indirect descriptors, event index. */
    public static final int VF_NET_HOST_FEATURES = bit(NET_F_MAC) | bit(NET_F_STATUS) | bit(NET_F_CTRL_VQ)
            | bit(NET_F_CTRL_RX) | bit(RING_F_INDIRECT_DESC) | bit(RING_F_EVENT_IDX);

    /**
     * What QEMU's virtio_net_bad_features assumes a guest that set VIRTIO_F_BAD_FEATURE understands
     * (Linux 2.6.25: MAC, CSUM, HOST_TSO4, HOST_TSO6, HOST_ECN); the register file still masks it
     * with the host features, as virtio_set_features does.
     */
    public static final int NET_BAD_FEATURES = bit(NET_F_MAC) | bit(NET_F_CSUM) | bit(NET_F_HOST_TSO4)
            | bit(NET_F_HOST_TSO6) | bit(NET_F_HOST_ECN);

    private VirtioFeatures() {}

    public static int bit(int n) {
        if (n < 0 || n > 31) {
            throw new IllegalArgumentException("legacy feature bits are 0..31, got " + n);
        }
        return 1 << n;
    }
}

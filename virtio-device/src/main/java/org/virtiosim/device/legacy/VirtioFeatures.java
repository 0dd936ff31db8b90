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
     * What QEMU 7.2's legacy virtio-net-pci offers with {@code -netdev user} (a backend without a
     * vnet header, so virtio_net_get_features drops every checksum and segmentation offload):
     * CTRL_GUEST_OFFLOADS (2), MAC (5), GSO (6), MRG_RXBUF (15), STATUS (16), CTRL_VQ (17),
     * CTRL_RX (18), CTRL_VLAN (19), CTRL_RX_EXTRA (20), GUEST_ANNOUNCE (21), CTRL_MAC_ADDR (23)
     * from virtio_net_properties; NOTIFY_ON_EMPTY (24), ANY_LAYOUT (27), INDIRECT_DESC (28),
     * EVENT_IDX (29) from DEFINE_VIRTIO_COMMON_FEATURES; BAD_FEATURE (30), which
     * virtio_pci_pre_plugged adds to every virtio-pci device.
     */
    public static final int QEMU_NET_HOST_FEATURES = bit(2) | bit(NET_F_MAC) | bit(6) | bit(15) | bit(NET_F_STATUS) | bit(NET_F_CTRL_VQ)
            | bit(NET_F_CTRL_RX) | bit(19) | bit(20) | bit(21) | bit(23) | bit(24) | bit(27) | bit(RING_F_INDIRECT_DESC)
            | bit(RING_F_EVENT_IDX) | bit(F_BAD_FEATURE);

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

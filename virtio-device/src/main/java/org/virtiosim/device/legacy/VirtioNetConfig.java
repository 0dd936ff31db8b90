package org.virtiosim.device.legacy;

import org.virtiosim.core.param.Param;

/**
 * virtio-net device config, struct virtio_net_config in Linux include/uapi/linux/virtio_net.h:
 * mac[6] at 0, le16 status at 6 (VIRTIO_NET_S_LINK_UP = 1), le16 max_virtqueue_pairs at 8.
 *
 * <p>The MAC is driver-writable in legacy: QEMU's virtio_net_set_config copies a written MAC into
 * the device unless VIRTIO_NET_F_CTRL_MAC_ADDR or VIRTIO_F_VERSION_1 was negotiated, and neither
 * exists for this legacy VF. Status and max_virtqueue_pairs are read-only: QEMU's
 * virtio_net_get_config rebuilds them before every read, so a write is lost.
 *
 * <p>Reset restores the MAC the device was created with, as QEMU's virtio_net_reset copies
 * nic->conf->macaddr back; the link state is not config the driver owns and survives reset (the
 * same function leaves n->status alone).
 *
 * <p>Deviation to note: QEMU sizes the config by the offered features (virtio_net feature_sizes),
 * and without VIRTIO_NET_F_MQ it would end after status at 8 bytes; the spec likewise says
 * max_virtqueue_pairs "only exists if VIRTIO_NET_F_MQ is set". This model keeps the 10-byte
 * layout with max_virtqueue_pairs = 1, the value a single-pair device would report.
 */
public final class VirtioNetConfig implements DeviceConfig {
    public static final int LENGTH = 10;
    public static final int MAC_OFFSET = 0;
    /** mac[6]: the one device-config field wider than 4 bytes. */
    public static final int MAC_BYTES = 6;
    public static final int STATUS_OFFSET = 6;
    public static final int MAX_VIRTQUEUE_PAIRS_OFFSET = 8;
    public static final int S_LINK_UP = 1;
    public static final int MAX_VIRTQUEUE_PAIRS = 1;
    /** Largest VF number the MAC scheme can encode (24 bits). */
    public static final int MAX_VF = 0xFF_FFFF;

    /**
     * When the device puts a MAC the driver writes into effect (the address it filters and sends
     * with). Linux's legacy virtio_net writes mac[] one byte at a time ("Naturally, this has an
     * atomicity problem", vp_legacy_set / virtnet_set_mac_address), so a device that applies each
     * byte at once shows the network five addresses nobody asked for; Pandit (May 2023 thread):
     * the device "can apply mac address when it reaches the count of byte writes to 6".
     */
    public enum MacApply {
        /**
         * Every write takes effect when it is made (QEMU's virtio_net_set_config; with Linux's
         * byte-at-a-time writes, every byte): a 6-byte coalesced write takes effect whole.
         */
        EACH_BYTE,
        /** The MAC takes effect when six MAC bytes have been written since it last did. */
        SIXTH_BYTE,
        /** The MAC takes effect when the driver sets DRIVER_OK. */
        ON_DRIVER_OK
    }

    public static final Param<MacApply> MAC_APPLY = Param.choice("mac_apply", MacApply.EACH_BYTE,
            "when the device puts a MAC the driver writes into effect: each-byte, sixth-byte or on-driver-ok",
            "QEMU's virtio_net_set_config applies each write at once (each-byte); sixth-byte as proposed in the May 2023 thread")
            .studyEveryValue("each policy a device may implement");

    private final byte[] initialMac;
    private final byte[] mac = new byte[6];
    private final MacApply apply;
    /** The MAC in effect (what the network sees), as 48 bits. */
    private long applied;
    private int bytesSinceApplied;
    /** An applied MAC the driver may still be overwriting: if it writes another MAC byte, it was intermediate. */
    private boolean exposed;
    private long intermediate;
    private boolean linkUp = true;

    public VirtioNetConfig(byte[] mac) {
        this(mac, MacApply.EACH_BYTE);
    }

    public VirtioNetConfig(byte[] mac, MacApply apply) {
        if (mac.length != 6) {
            throw new IllegalArgumentException("a MAC has 6 bytes, got " + mac.length);
        }
        this.initialMac = mac.clone();
        System.arraycopy(mac, 0, this.mac, 0, 6);
        this.apply = apply;
        this.applied = pack(mac);
    }

    /** The config of VF number vf, with the MAC {@link #vfMac(int)}. */
    public static VirtioNetConfig forVf(int vf) {
        return new VirtioNetConfig(vfMac(vf));
    }

    /** As {@link #forVf(int)}, applying written MACs as {@code apply} says. */
    public static VirtioNetConfig forVf(int vf, MacApply apply) {
        return new VirtioNetConfig(vfMac(vf), apply);
    }

    private static long pack(byte[] m) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v |= (m[i] & 0xFFL) << (8 * i);
        }
        return v;
    }

    /** Puts the written MAC into effect; a change is an exposure the network sees. */
    private void applyMac() {
        bytesSinceApplied = 0;
        long now = pack(mac);
        if (now != applied) {
            applied = now;
            exposed = true;
        }
    }

    /** The MAC in effect, as the network sees it (mac[0] in bits 7:0). */
    public long appliedMac() {
        return applied;
    }

    @Override
    public long intermediateValues() {
        return intermediate;
    }

    @Override
    public void writeDone() {
        if (apply == MacApply.EACH_BYTE ? bytesSinceApplied > 0 : apply == MacApply.SIXTH_BYTE && bytesSinceApplied >= MAC_BYTES) {
            applyMac();
        }
    }

    @Override
    public void driverOk() {
        if (apply == MacApply.ON_DRIVER_OK) {
            applyMac();
        }
        exposed = false; // what is in effect now is what the driver meant
    }

    /**
     * 02:00:00:vf[23:16]:vf[15:8]:vf[7:0]. First octet 0x02: locally administered (bit 1) unicast
     * (bit 0 clear), so it cannot clash with a vendor OUI, and every VF of up to 2^24 gets its own
     * address, readable back to the VF number in a trace.
     */
    public static byte[] vfMac(int vf) {
        if (vf < 0 || vf > MAX_VF) {
            throw new IllegalArgumentException("VF number must be 0.." + MAX_VF + ", got " + vf);
        }
        return new byte[] {0x02, 0x00, 0x00, (byte) (vf >>> 16), (byte) (vf >>> 8), (byte) vf};
    }

    /** mac[6], le16 status, le16 max_virtqueue_pairs (virtio 1.3 §5.1.4, struct virtio_net_config). */
    @Override
    public int fieldEnd(int offset) {
        if (offset < STATUS_OFFSET) {
            return STATUS_OFFSET;
        }
        return offset < MAX_VIRTQUEUE_PAIRS_OFFSET ? MAX_VIRTQUEUE_PAIRS_OFFSET : LENGTH;
    }

    @Override
    public int length() {
        return LENGTH;
    }

    @Override
    public int readByte(int offset) {
        if (offset >= MAC_OFFSET && offset < MAC_OFFSET + 6) {
            return mac[offset - MAC_OFFSET] & 0xFF;
        }
        return switch (offset) {
            case STATUS_OFFSET -> linkUp ? S_LINK_UP : 0;
            case STATUS_OFFSET + 1 -> 0;
            case MAX_VIRTQUEUE_PAIRS_OFFSET -> MAX_VIRTQUEUE_PAIRS & 0xFF;
            case MAX_VIRTQUEUE_PAIRS_OFFSET + 1 -> MAX_VIRTQUEUE_PAIRS >>> 8;
            default -> throw new IllegalArgumentException("virtio-net config offset " + offset + " outside 0.." + (LENGTH - 1));
        };
    }

    @Override
    public boolean writeByte(int offset, int value) {
        if (offset < 0 || offset >= LENGTH) {
            throw new IllegalArgumentException("virtio-net config offset " + offset + " outside 0.." + (LENGTH - 1));
        }
        if (offset < MAC_OFFSET + 6) {
            if (exposed) {
                intermediate++; // the driver goes on writing: the MAC in effect was a passing one
                exposed = false;
            }
            mac[offset - MAC_OFFSET] = (byte) value;
            bytesSinceApplied++;
            return true;
        }
        return false;
    }

    @Override
    public void reset() {
        System.arraycopy(initialMac, 0, mac, 0, 6);
        applied = pack(initialMac);
        bytesSinceApplied = 0;
        exposed = false;
    }

    /** The current MAC (a copy). */
    public byte[] mac() {
        return mac.clone();
    }

    public boolean linkUp() {
        return linkUp;
    }

    /** Link state comes from the device side; the device then raises a config interrupt. */
    public void setLinkUp(boolean up) {
        linkUp = up;
    }
}

package org.virtiosim.device.legacy;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.virtiosim.core.param.NumberText;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;

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
 * layout with max_virtqueue_pairs = 1 (the {@link #MAX_VIRTQUEUE_PAIRS_PARAM} default), the value a
 * single-pair device would report.
 *
 * <p>The identity a guest reads here is declared as parameters: {@link #MAC} (the first VF's;
 * VF i gets it plus i - 1, {@link #vfMac(long, int)}), {@link #NET_STATUS} and {@link
 * #MAX_VIRTQUEUE_PAIRS_PARAM}; docs/device-identity.md.
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

    /** The simulator's first VF's MAC, 02:00:00:00:00:01: the base of {@link #vfMac(int)}. */
    public static final long DEFAULT_MAC = 0x02_00_00_00_00_01L;
    /** 48 bits: what a MAC holds. */
    private static final long MAC_MASK = (1L << 48) - 1;
    private static final Pattern MAC_TEXT = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");

    public static final Param<Long> MAC = Param.of("mac", "", DEFAULT_MAC, "six hex octets aa:bb:cc:dd:ee:ff",
                    VirtioNetConfig::parseMac, VirtioNetConfig::macText,
                    "the first VF's MAC (mac[0..5]); VF i gets it plus i - 1 as a 48-bit number, modulo 2^48",
                    "assumption: 02 = locally administered unicast (IEEE 802 U/L bit), so no vendor OUI is taken; "
                            + "the low 24 bits count the VFs so a trace shows which VF it read")
            .studyValues(List.of(DEFAULT_MAC, 0x52_54_00_12_34_56L), "the simulator's MAC and QEMU's default NIC MAC (net/net.c)");
    public static final Param<Long> NET_STATUS = Param.hex("net_status", S_LINK_UP, 0, 0xFFFF,
                    "virtio_net_config.status at reset: bit 0 VIRTIO_NET_S_LINK_UP, bit 1 VIRTIO_NET_S_ANNOUNCE",
                    "virtio 1.3 5.1.4; QEMU virtio_net_device_realize starts with the link up")
            .studyValues(List.of(0L, (long) S_LINK_UP), "link down and link up");
    public static final Param<Long> MAX_VIRTQUEUE_PAIRS_PARAM = Param.integer("max_virtqueue_pairs", "pairs", MAX_VIRTQUEUE_PAIRS,
                    1, 0x8000, "virtio_net_config.max_virtqueue_pairs the device reports",
                    "virtio 1.3 5.1.4: VIRTIO_NET_CTRL_MQ_VQ_PAIRS_MIN 1 .. MAX 0x8000; 1: one rx/tx pair, as the VF has")
            .studyValues(List.of(1L, 8L), "one pair and an 8-pair NIC");

    /** The identity parameters read here, in the order {@code list} shows them. */
    public static final List<Param<?>> KNOBS = List.of(MAC, NET_STATUS, MAX_VIRTQUEUE_PAIRS_PARAM);

    private final byte[] initialMac;
    /** status as configured; bit 0 is replaced by the link state. */
    private final int statusBits;
    private final int maxVirtqueuePairs;
    private final byte[] mac = new byte[6];
    private final MacApply apply;
    /** The MAC in effect (what the network sees), as 48 bits. */
    private long applied;
    private int bytesSinceApplied;
    /** An applied MAC the driver may still be overwriting: if it writes another MAC byte, it was intermediate. */
    private boolean exposed;
    private long intermediate;
    private boolean linkUp;

    public VirtioNetConfig(byte[] mac) {
        this(mac, MacApply.EACH_BYTE);
    }

    public VirtioNetConfig(byte[] mac, MacApply apply) {
        this(mac, apply, S_LINK_UP, MAX_VIRTQUEUE_PAIRS);
    }

    /**
     * @param status            virtio_net_config.status at reset (bit 0 link up)
     * @param maxVirtqueuePairs what max_virtqueue_pairs reads
     */
    public VirtioNetConfig(byte[] mac, MacApply apply, int status, int maxVirtqueuePairs) {
        if (mac.length != 6) {
            throw new IllegalArgumentException("a MAC has 6 bytes, got " + mac.length);
        }
        if (status < 0 || status > 0xFFFF || maxVirtqueuePairs < 1 || maxVirtqueuePairs > 0x8000) {
            throw new IllegalArgumentException("status must be 0..0xffff and max_virtqueue_pairs 1..0x8000, got " + status + ", " + maxVirtqueuePairs);
        }
        this.statusBits = status;
        this.maxVirtqueuePairs = maxVirtqueuePairs;
        this.linkUp = (status & S_LINK_UP) != 0;
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

    /** The config of VF number vf as the run's parameters say: {@link #MAC}, {@link #NET_STATUS}, {@link #MAX_VIRTQUEUE_PAIRS_PARAM}, {@link #MAC_APPLY}. */
    public static VirtioNetConfig forVf(int vf, ParamValues p) {
        return new VirtioNetConfig(vfMac(p.get(MAC), vf), p.get(MAC_APPLY), (int) (long) p.get(NET_STATUS),
                (int) (long) p.get(MAX_VIRTQUEUE_PAIRS_PARAM));
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
     * 02:00:00:vf[23:16]:vf[15:8]:vf[7:0], {@link #vfMac(long, int)} of {@link #DEFAULT_MAC}. First
     * octet 0x02: locally administered (bit 1) unicast (bit 0 clear), so it cannot clash with a
     * vendor OUI, and every VF of up to 2^24 gets its own address, readable back to the VF number
     * in a trace.
     */
    public static byte[] vfMac(int vf) {
        return vfMac(DEFAULT_MAC, vf);
    }

    /**
     * The MAC of VF number vf when VF 1 has {@code base} (mac[0] in bits 47:40, as the text
     * reads): base + (vf - 1) as a 48-bit number, modulo 2^48, so 52:54:00:12:34:56 gives VF 2
     * 52:54:00:12:34:57 and VF 0 (the PF, were it to have one) base - 1.
     */
    public static byte[] vfMac(long base, int vf) {
        if (vf < 0 || vf > MAX_VF) {
            throw new IllegalArgumentException("VF number must be 0.." + MAX_VF + ", got " + vf);
        }
        long m = (base + vf - 1) & MAC_MASK;
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) (m >>> (8 * (5 - i)));
        }
        return b;
    }

    /** A MAC's text, six hex octets {@code 52:54:00:12:34:56}, as 48 bits (mac[0] in bits 47:40). */
    static Long parseMac(String text) {
        if (!MAC_TEXT.matcher(text).matches()) {
            throw new IllegalArgumentException("expected six hex octets separated by ':', like 52:54:00:12:34:56, got '"
                    + NumberText.echo(text) + "'");
        }
        return Long.parseLong(text.replace(":", ""), 16);
    }

    /** 48 bits as a MAC's text, lower-case hex: {@code 02:00:00:00:00:01}. */
    static String macText(Long mac) {
        StringBuilder b = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            b.append(String.format(Locale.ROOT, "%02x", (mac >>> (8 * i)) & 0xFF)).append(i > 0 ? ":" : "");
        }
        return b.toString();
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
            case STATUS_OFFSET -> (statusBits & 0xFE) | (linkUp ? S_LINK_UP : 0);
            case STATUS_OFFSET + 1 -> statusBits >>> 8;
            case MAX_VIRTQUEUE_PAIRS_OFFSET -> maxVirtqueuePairs & 0xFF;
            case MAX_VIRTQUEUE_PAIRS_OFFSET + 1 -> maxVirtqueuePairs >>> 8;
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

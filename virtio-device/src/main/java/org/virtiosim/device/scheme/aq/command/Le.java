package org.virtiosim.device.scheme.aq.command;

/**
 * Little-endian field access on a byte array. Every multi-byte field of struct virtio_admin_cmd is
 * le16 or le64 (admin.tex), and the legacy commands carry register data little-endian
 * unconditionally (admin-cmds-legacy-interface.tex: "little-endian format is assumed
 * unconditionally"), so this is the only byte order the package needs.
 */
final class Le {
    private Le() {
    }

    static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    static long u64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xFF);
        }
        return v;
    }

    static void put8(byte[] b, int off, int v) {
        b[off] = (byte) v;
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    static void put64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static void zero(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            b[off + i] = 0;
        }
    }
}

package org.virtiosim.device.scheme.aq.command;

/**
 * Little-endian fields in a byte array: the one byte order of this package. The split virtqueue's
 * fields are le16, le32 and le64 (virtio 1.3 §2.7), every multi-byte field of struct
 * virtio_admin_cmd is le16 or le64 (admin.tex), and the legacy commands carry register data
 * little-endian "unconditionally" (admin-cmds-legacy-interface.tex).
 *
 * <p>The bounded forms take where the bytes end, for the truncation rules of admin.tex ("Group
 * administration commands", device requirements): a part shorter than its structure reads as
 * zeros past its end, and what would be written past the buffer supplied is discarded.
 */
final class Le {
    private Le() {
    }

    /** {@code width} bytes at {@code off}; those at or past {@code end} read as zero. */
    static long get(byte[] b, int off, int width, int end) {
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = v << 8 | (off + i < end ? b[off + i] & 0xFF : 0);
        }
        return v;
    }

    /** The low {@code width} bytes of {@code v} at {@code off}; those at or past {@code end} are dropped. */
    static void put(byte[] b, int off, int width, long v, int end) {
        for (int i = 0; i < width && off + i < end; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static int u16(byte[] b, int off) {
        return (int) get(b, off, 2, off + 2);
    }

    static long u32(byte[] b, int off) {
        return get(b, off, 4, off + 4);
    }

    static long u64(byte[] b, int off) {
        return get(b, off, 8, off + 8);
    }

    static void put8(byte[] b, int off, int v) {
        b[off] = (byte) v;
    }

    static void put16(byte[] b, int off, int v) {
        put(b, off, 2, v, off + 2);
    }

    static void put32(byte[] b, int off, long v) {
        put(b, off, 4, v, off + 4);
    }

    static void put64(byte[] b, int off, long v) {
        put(b, off, 8, v, off + 8);
    }}

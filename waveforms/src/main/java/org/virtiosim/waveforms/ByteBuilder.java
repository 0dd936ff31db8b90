package org.virtiosim.waveforms;

import java.util.Arrays;

/**
 * A growable byte array with the integer encodings of GTKWave's {@code fstapi.c}: unsigned LEB128
 * varints ({@code fstWriterVarint}), signed ones ({@code fstWriterSVarint}) and big-endian 64-bit
 * words ({@code fstWriterUint64}). Reused: {@link #clear()} keeps the storage.
 */
final class ByteBuilder {
    private byte[] b;
    private int n;

    ByteBuilder(int capacity) {
        b = new byte[Math.max(16, capacity)];
    }

    int length() {
        return n;
    }

    byte[] array() {
        return b;
    }

    void clear() {
        n = 0;
    }

    /** Drops everything from {@code length} on. */
    void clear(int length) {
        n = length;
    }

    /** Counts {@code k} bytes written straight into {@link #array()} after a {@link #reserve}. */
    void advance(int k) {
        n += k;
    }

    /** Makes room for {@code more} bytes. */
    void reserve(int more) {
        if (n + more > b.length) {
            long want = Math.max((long) n + more, (long) b.length * 2);
            if (want > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("FST block larger than 2 GiB");
            }
            b = Arrays.copyOf(b, (int) want);
        }
    }

    void put(int x) {
        reserve(1);
        b[n++] = (byte) x;
    }

    /** A four-byte int, least significant first (native use only: the record links of {@link FstEncoder}). */
    void put4(int v) {
        reserve(4);
        setInt(n, v);
        n += 4;
    }

    void put(byte[] src, int off, int len) {
        reserve(len);
        System.arraycopy(src, off, b, n, len);
        n += len;
    }

    /** fstWriterVarint: seven bits a byte, least significant first, high bit set on all but the last. */
    void varint(long v) {
        reserve(10);
        while ((v >>> 7) != 0) {
            b[n++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        b[n++] = (byte) v;
    }

    /** fstWriterSVarint: as varint, arithmetic shifts, ending when the rest is the sign of bit 6. */
    void svarint(long v) {
        reserve(10);
        while (true) {
            int byt = (int) (v & 0x7F);
            v >>= 7;
            if ((v == 0 && (byt & 0x40) == 0) || (v == -1 && (byt & 0x40) != 0)) {
                b[n++] = (byte) byt;
                return;
            }
            b[n++] = (byte) (byt | 0x80);
        }
    }

    /** fstWriterUint64: eight bytes, most significant first. */
    void u64(long v) {
        reserve(8);
        setU64(n, v);
        n += 8;
    }

    /** Overwrites the eight bytes at {@code at} with {@code v}, most significant first. */
    void setU64(int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    /** A four-byte int at {@code at} (native use only: the record links of {@link FstEncoder}). */
    void setInt(int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    int getInt(int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    /** Bytes a varint of {@code v} takes. */
    static int varintLength(long v) {
        int len = 1;
        while ((v >>>= 7) != 0) {
            len++;
        }
        return len;
    }
}

package org.virtiosim.pcie.host;

import java.util.Arrays;

/**
 * Host DRAM as the device sees it through the root complex: a sparse byte store of 4 KB pages,
 * allocated on first write; unwritten memory reads as zero. Timing is the root complex's.
 *
 * <p>Pages are found by an open-addressing table keyed by the primitive page number: DMA reads
 * and writes sit on the transport's hot path, and a boxed {@code Long} key would allocate on
 * every access.
 */
public final class HostMemory {
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final long EMPTY = -1;

    private long[] keys = new long[64];
    private byte[][] values = new byte[64][];
    private int count;

    {
        Arrays.fill(keys, EMPTY);
    }

    private int slot(long pageNumber) {
        int mask = keys.length - 1;
        int i = (int) (mix(pageNumber) & mask);
        while (keys[i] != EMPTY && keys[i] != pageNumber) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        return z ^ (z >>> 33);
    }

    private byte[] page(long pageNumber) {
        int i = slot(pageNumber);
        return keys[i] == EMPTY ? null : values[i];
    }

    private byte[] pageForWrite(long pageNumber) {
        int i = slot(pageNumber);
        if (keys[i] != EMPTY) {
            return values[i];
        }
        if (2 * (count + 1) > keys.length) {
            grow();
            i = slot(pageNumber);
        }
        keys[i] = pageNumber;
        values[i] = new byte[PAGE_SIZE];
        count++;
        return values[i];
    }

    private void grow() {
        long[] oldKeys = keys;
        byte[][] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new byte[oldKeys.length * 2][];
        Arrays.fill(keys, EMPTY);
        for (int k = 0; k < oldKeys.length; k++) {
            if (oldKeys[k] != EMPTY) {
                int i = slot(oldKeys[k]);
                keys[i] = oldKeys[k];
                values[i] = oldValues[k];
            }
        }
    }

    public void write(long address, byte[] src, int offset, int length) {
        while (length > 0) {
            int inPage = (int) (address & (PAGE_SIZE - 1));
            int n = Math.min(length, PAGE_SIZE - inPage);
            byte[] page = pageForWrite(address >>> PAGE_SHIFT);
            System.arraycopy(src, offset, page, inPage, n);
            address += n;
            offset += n;
            length -= n;
        }
    }

    public void read(long address, byte[] dst, int offset, int length) {
        while (length > 0) {
            int inPage = (int) (address & (PAGE_SIZE - 1));
            int n = Math.min(length, PAGE_SIZE - inPage);
            byte[] page = page(address >>> PAGE_SHIFT);
            if (page == null) {
                Arrays.fill(dst, offset, offset + n, (byte) 0);
            } else {
                System.arraycopy(page, inPage, dst, offset, n);
            }
            address += n;
            offset += n;
            length -= n;
        }
    }

    public long readLong(long address) {
        byte[] b = new byte[8];
        read(address, b, 0, 8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }

    public void writeLong(long address, long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        write(address, b, 0, 8);
    }

    /** Pages touched so far. */
    public int pages() {
        return count;
    }
}

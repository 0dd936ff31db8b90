package org.virtiosim.pcie.host;

import java.util.HashMap;
import java.util.Map;

/**
 * Host DRAM as the device sees it through the root complex: a sparse byte store of 4 KB pages,
 * allocated on first write; unwritten memory reads as zero. Timing is the root complex's.
 */
public final class HostMemory {
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;

    private final Map<Long, byte[]> pages = new HashMap<>();

    public void write(long address, byte[] src, int offset, int length) {
        while (length > 0) {
            int inPage = (int) (address & (PAGE_SIZE - 1));
            int n = Math.min(length, PAGE_SIZE - inPage);
            byte[] page = pages.computeIfAbsent(address >>> PAGE_SHIFT, k -> new byte[PAGE_SIZE]);
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
            byte[] page = pages.get(address >>> PAGE_SHIFT);
            if (page == null) {
                java.util.Arrays.fill(dst, offset, offset + n, (byte) 0);
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
        return pages.size();
    }
}

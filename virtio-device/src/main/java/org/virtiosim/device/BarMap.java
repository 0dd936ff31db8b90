package org.virtiosim.device;

/**
 * The map from (BAR, offset) to the {@link Region} that claims it, filled by whatever the schemes
 * and notify routes install. The VF BAR (VF BAR2) is decoded through a table per byte offset (every access of
 * every VF lands there, so it is one array load); a PF BAR holds a handful of blocks, scanned in
 * order.
 */
final class BarMap {
    /** A decoded access: the block and the access's offset within it. */
    static final class Hit {
        Region region;
        int offset;
    }

    private final Region[] vfRegionAt = new Region[(int) Bar.VF_BAR2.size()];
    private final int[] vfRegionBase = new int[(int) Bar.VF_BAR2.size()];
    private static final Bar[] BARS = Bar.values();
    /** Per PF BAR (by ordinal), its blocks; null while nothing is mapped there. */
    private final Blocks[] pf = new Blocks[BARS.length];

    private static final class Blocks {
        long[] start = new long[0];
        long[] end = new long[0];
        Region[] region = new Region[0];

        void add(long s, long e, Region r) {
            int n = start.length;
            for (int i = 0; i < n; i++) {
                if (s < end[i] && start[i] < e) {
                    throw new IllegalStateException("offset 0x" + Long.toHexString(s) + " overlaps a block already mapped");
                }
            }
            start = java.util.Arrays.copyOf(start, n + 1);
            end = java.util.Arrays.copyOf(end, n + 1);
            region = java.util.Arrays.copyOf(region, n + 1);
            start[n] = s;
            end[n] = e;
            region[n] = r;
        }
    }

    void map(Bar bar, long offset, long length, Region region) {
        if (offset < 0 || length <= 0 || offset + length > bar.size()) {
            throw new IllegalArgumentException(bar + ": block [0x" + Long.toHexString(offset) + ", +0x" + Long.toHexString(length)
                    + ") is outside the BAR (0x" + Long.toHexString(bar.size()) + " bytes)");
        }
        if (bar.perVf()) {
            for (int i = (int) offset; i < offset + length; i++) {
                if (vfRegionAt[i] != null) {
                    throw new IllegalStateException(bar + " offset 0x" + Integer.toHexString(i) + " is already mapped");
                }
            }
            for (int i = (int) offset; i < offset + length; i++) {
                vfRegionAt[i] = region;
                vfRegionBase[i] = (int) offset;
            }
        } else {
            if (pf[bar.ordinal()] == null) {
                pf[bar.ordinal()] = new Blocks();
            }
            pf[bar.ordinal()].add(offset, offset + length, region);
        }
    }

    /** The block at {@code offset} of a VF's BAR, into {@code hit}; false if none claims it. */
    boolean decodeVf(int offset, Hit hit) {
        Region r = vfRegionAt[offset];
        if (r == null) {
            return false;
        }
        hit.region = r;
        hit.offset = offset - vfRegionBase[offset];
        return true;
    }

    /** The block at {@code address} in one of the PF's BARs of the given space, into {@code hit}. */
    boolean decodePf(long address, boolean io, Hit hit) {
        for (Bar bar : BARS) {
            Blocks b = pf[bar.ordinal()];
            long off = address - bar.base();
            if (b == null || bar.io() != io || off < 0 || off >= bar.size()) {
                continue;
            }
            for (int i = 0; i < b.start.length; i++) {
                if (off >= b.start[i] && off < b.end[i]) {
                    hit.region = b.region[i];
                    hit.offset = (int) (off - b.start[i]);
                    return true;
                }
            }
            return false;
        }
        return false;
    }

    /** Whether anything is mapped in {@code bar}: what its function's config space would then report. */
    boolean hasBlocks(Bar bar) {
        return bar.perVf() ? java.util.Arrays.stream(vfRegionAt).anyMatch(java.util.Objects::nonNull) : pf[bar.ordinal()] != null;
    }
}

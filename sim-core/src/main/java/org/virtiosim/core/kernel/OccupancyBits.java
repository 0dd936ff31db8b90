package org.virtiosim.core.kernel;

import java.util.Arrays;

/**
 * One bit per bucket of a wheel, non-empty or not, with a summary bit per word so that finding
 * the next non-empty bucket reads a handful of words however sparse the wheel is: both levels of
 * {@link EventQueue} use it.
 */
final class OccupancyBits {
    private final long[] words;
    /** One bit per word of {@link #words}: that word is non-zero. */
    private final long[] summary;

    /** @param size buckets, a power of two, at least 64 */
    OccupancyBits(int size) {
        this.words = new long[size >>> 6];
        this.summary = new long[Math.max(1, words.length >>> 6)];
    }

    void set(int i) {
        words[i >>> 6] |= 1L << i;
        summary[i >>> 12] |= 1L << (i >>> 6);
    }

    void clear(int i) {
        long word = words[i >>> 6] & ~(1L << i);
        words[i >>> 6] = word;
        if (word == 0) {
            summary[i >>> 12] &= ~(1L << (i >>> 6));
        }
    }

    void clearAll() {
        Arrays.fill(words, 0L);
        Arrays.fill(summary, 0L);
    }

    /** The first set bit at or after {@code from}, wrapping past the end; -1 when none is set. */
    int nextFrom(int from) {
        int found = scan(from);
        return found >= 0 || from == 0 ? found : scan(0);
    }

    private int scan(int from) {
        int w = from >>> 6;
        long bits = words[w] & (-1L << from);
        if (bits != 0) {
            return (w << 6) + Long.numberOfTrailingZeros(bits);
        }
        int w1 = w + 1;
        if (w1 >= words.length) {
            return -1;
        }
        int sw = w1 >>> 6;
        long sbits = summary[sw] & (-1L << w1);
        while (sbits == 0) {
            if (++sw >= summary.length) {
                return -1;
            }
            sbits = summary[sw];
        }
        int word = (sw << 6) + Long.numberOfTrailingZeros(sbits);
        return (word << 6) + Long.numberOfTrailingZeros(words[word]);
    }
}

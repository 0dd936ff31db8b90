package org.virtiosim.core.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitMix64Test {
    @Test
    void matchesTheReferenceSequence() {
        // First outputs for seed 0 from the reference implementation (Vigna, splitmix64.c).
        SplitMix64 r = new SplitMix64(0);
        assertThat(r.nextLong()).isEqualTo(0xE220A8397B1DCDAFL);
        assertThat(r.nextLong()).isEqualTo(0x6E789E6AA1B965F4L);
        assertThat(r.nextLong()).isEqualTo(0x06C45D188009454FL);
    }

    @Test
    void boundedDrawsStayInRangeAndCoverIt() {
        SplitMix64 r = new SplitMix64(1);
        int[] seen = new int[10];
        for (int i = 0; i < 10_000; i++) {
            long v = r.nextLong(10);
            assertThat(v).isBetween(0L, 9L);
            seen[(int) v]++;
        }
        for (int c : seen) {
            assertThat(c).isBetween(850, 1150);
        }
        double d = r.nextDouble();
        assertThat(d).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
    }

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    /** SplitMix64's output function, from java.util.SplittableRandom (same algorithm, same constants). */
    private static long mix64(long z) {
        return new SplittableRandom(z - GOLDEN_GAMMA).nextLong();
    }

    /** FNV-1a, 64 bits, over the UTF-8 bytes (Fowler, Noll, Vo; IETF draft-eastlake-fnv). */
    private static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    @Test
    void theFnvHelperMatchesThePublishedVectors() {
        assertThat(fnv1a("")).isEqualTo(0xcbf29ce484222325L);
        assertThat(fnv1a("a")).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(fnv1a("foobar")).isEqualTo(0x85944171f73967e8L);
    }

    @Test
    void matchesSplittableRandomDrawForDraw() {
        for (long seed : new long[] {0, 1, -1, 42, 0x123456789ABCDEFL, Long.MIN_VALUE}) {
            SplitMix64 r = new SplitMix64(seed);
            SplittableRandom ref = new SplittableRandom(seed);
            for (int i = 0; i < 100; i++) {
                assertThat(r.nextLong()).isEqualTo(ref.nextLong());
            }
            for (int i = 0; i < 100; i++) {
                assertThat(r.nextDouble()).isEqualTo(ref.nextDouble());
            }
        }
    }

    @Test
    void theStateAdvancesByTheGoldenGammaPerDraw() {
        SplitMix64 r = new SplitMix64(5);
        assertThat(r.state()).isEqualTo(5);
        r.nextLong();
        assertThat(r.state()).isEqualTo(5 + GOLDEN_GAMMA);
        r.nextDouble();
        assertThat(r.state()).isEqualTo(5 + 2 * GOLDEN_GAMMA);
    }

    @Test
    void boundedDrawsRejectLikeSplittableRandom() {
        // Not a power of two: the same rejection as SplittableRandom, so the same values. Bounds
        // just above 2^62 reject about half of the raw draws.
        long[] bounds = {3, 10, 1000, 1_000_003, (1L << 62) + 1, Long.MAX_VALUE / 3 * 2, Long.MAX_VALUE};
        for (long bound : bounds) {
            SplitMix64 r = new SplitMix64(bound);
            SplittableRandom ref = new SplittableRandom(bound);
            for (int i = 0; i < 200; i++) {
                long v = r.nextLong(bound);
                assertThat(v).as("bound %d", bound).isEqualTo(ref.nextLong(bound)).isBetween(0L, bound - 1);
            }
            assertThat(r.nextLong()).as("as many raw draws as the reference, bound %d", bound).isEqualTo(ref.nextLong());
        }
    }

    @Test
    void powerOfTwoBoundsStayInRangeAndCoverIt() {
        SplitMix64 r = new SplitMix64(3);
        for (int i = 0; i < 100; i++) {
            assertThat(r.nextLong(1)).isZero();
        }
        int[] seen = new int[8];
        for (int i = 0; i < 8000; i++) {
            long v = r.nextLong(8);
            assertThat(v).isBetween(0L, 7L);
            seen[(int) v]++;
        }
        for (int c : seen) {
            assertThat(c).isBetween(850, 1150);
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(r.nextLong(1L << 62)).isBetween(0L, (1L << 62) - 1);
        }
    }

    @Test
    void aBoundMustBePositive() {
        SplitMix64 r = new SplitMix64(3);
        assertThatThrownBy(() -> r.nextLong(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.nextLong(-5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStreamIsSeededFromTheRunSeedAndTheFnvHashOfItsPath() {
        for (String path : new String[] {"", "a", "tb.pf0.vf17.legacy", "tb.µs"}) {
            for (long seed : new long[] {0, 99, -7}) {
                assertThat(SplitMix64.forStream(seed, path).state()).as("%s / %d", path, seed)
                    .isEqualTo(mix64(seed ^ mix64(fnv1a(path))));
            }
        }
        assertThat(SplitMix64.forStream(1, "a").nextLong()).isNotEqualTo(SplitMix64.forStream(1, "b").nextLong());
    }
}

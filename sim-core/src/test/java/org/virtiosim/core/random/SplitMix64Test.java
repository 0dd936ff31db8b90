package org.virtiosim.core.random;

import static org.assertj.core.api.Assertions.assertThat;

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
}

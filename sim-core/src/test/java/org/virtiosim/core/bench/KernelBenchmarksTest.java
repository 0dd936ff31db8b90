package org.virtiosim.core.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The spec's quick-test and SimPy sizes must give its event counts and checksums exactly. */
class KernelBenchmarksTest {
    @Test
    void pholdQuickSize() {
        BenchResult r = new Phold(1024, 16, 200).run();
        assertThat(r.events()).isEqualTo(95607);
        assertThat(Long.toUnsignedString(r.checksum())).isEqualTo("10071213310004");
    }

    @Test
    void pholdSimPySize() {
        BenchResult r = new Phold(1024, 16, 2000).run();
        assertThat(r.events()).isEqualTo(1002274);
        assertThat(Long.toUnsignedString(r.checksum())).isEqualTo("1007841273755502");
    }

    @Test
    void clockedQuickSize() {
        BenchResult r = new ClockedWorkload(4096, 20).run();
        assertThat(r.events()).isEqualTo(81920);
        assertThat(Long.toUnsignedString(r.checksum())).isEqualTo("10977651319929683968");
    }

    @Test
    void clockedSimPySize() {
        BenchResult r = new ClockedWorkload(4096, 500).run();
        assertThat(r.events()).isEqualTo(2048000);
        assertThat(Long.toUnsignedString(r.checksum())).isEqualTo("2871493543528235008");
    }

    /** The values the SystemC and SSJ peers (bench/peers) print for the same sizes. */
    @Test
    void modelPatternQuickSizeMatchesThePeers() {
        BenchResult r = new ModelPattern(4096, 20_000_000L).run();
        assertThat(r.events()).isEqualTo(294141);
        assertThat(Long.toUnsignedString(r.checksum())).isEqualTo("1223161789405702729");
    }

    /**
     * No tie between two events of one chain, so the count and checksum are the queue's to keep
     * whatever its tuning: buckets 1 ps to 4 us wide, pages that send the 50 ms timeouts to level
     * 1 or to the heap.
     */
    @Test
    void modelPatternDoesNotDependOnTheQueuesTuning() {
        BenchResult reference = new ModelPattern(512, 400_000_000L).run();
        assertThat(reference.events()).isGreaterThan(100_000);
        for (int[] tuning : new int[][] {{0, 6}, {4, 10}, {8, 14}, {12, 8}, {20, 18}, {22, 6}}) {
            BenchResult r = new ModelPattern(512, 400_000_000L, tuning[0], tuning[1]).run();
            assertThat(r.events()).as("bucketShift %d wheelBits %d", tuning[0], tuning[1]).isEqualTo(reference.events());
            assertThat(r.checksum()).as("bucketShift %d wheelBits %d", tuning[0], tuning[1]).isEqualTo(reference.checksum());
        }
    }

    @Test
    void modelPatternRejectsEmptySizes() {
        assertThatThrownBy(() -> new ModelPattern(0, 1)).hasMessage("MODEL-PATTERN sizes must be > 0");
        assertThatThrownBy(() -> new ModelPattern(1, 0)).hasMessage("MODEL-PATTERN sizes must be > 0");
    }

    @Test
    void resultLineHasTheSpecFormat() {
        BenchResult r = new BenchResult("phold", 10, -1L, 2_000_000_000L);
        assertThat(r.line("virtio-sim")).isEqualTo(
                "virtio-sim phold events=10 seconds=2.000 rate=5 checksum=18446744073709551615");
    }

    @Test
    void theSmallestSizesRunAndZeroSizesAreRejected() {
        BenchResult one = new Phold(1, 1, 1).run();
        assertThat(one.events()).isPositive();
        assertThat(new ClockedWorkload(1, 1).run().events()).isEqualTo(1);
        assertThatThrownBy(() -> new Phold(0, 1, 1)).hasMessage("PHOLD sizes must be > 0");
        assertThatThrownBy(() -> new Phold(1, 0, 1)).hasMessage("PHOLD sizes must be > 0");
        assertThatThrownBy(() -> new Phold(1, 1, 0)).hasMessage("PHOLD sizes must be > 0");
        assertThatThrownBy(() -> new ClockedWorkload(0, 1)).hasMessage("CLOCKED sizes must be > 0");
        assertThatThrownBy(() -> new ClockedWorkload(1, 0)).hasMessage("CLOCKED sizes must be > 0");
    }

    @Test
    void theTimedSpanIsTheRunItself() {
        long before = System.nanoTime();
        BenchResult phold = new Phold(64, 4, 100).run();
        BenchResult clocked = new ClockedWorkload(64, 50).run();
        long spent = System.nanoTime() - before;
        assertThat(phold.nanos()).isBetween(0L, spent);
        assertThat(clocked.nanos()).isBetween(0L, spent);
    }

}

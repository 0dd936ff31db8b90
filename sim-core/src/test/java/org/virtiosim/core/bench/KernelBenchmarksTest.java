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

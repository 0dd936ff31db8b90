package org.virtiosim.pcie.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.virtiosim.pcie.fc.ReceiverCredits;

/**
 * The link keeps exact lane times however late the simulated time: the same bursts, credit stalls included,
 * give the same delivery offsets at 1 ms apart as at 1.1 s (a burst across the first epoch move), 50 s and
 * 100 s apart (past 2^47 ps, where lane times counted from time 0 in ps × 2^16 would overflow).
 */
class LinkTimeRangeTest {
    /** Gen1 SKP interval, 1538 symbols of 4 ns: gaps are whole multiples, so the SPEC policy's SKP phase repeats. */
    private static final long SKP_PERIOD_PS = 1538 * 4000L;
    private static final int BURSTS = 5;
    private static final int WRITES = 20;

    /** Delivery times at the root port, less the start of their burst, burst by burst. */
    private static List<List<Long>> offsets(DllpPolicy policy, long gapPs) {
        LinkTestBench b = new LinkTestBench(new LinkConfig(LinkGeneration.GEN1, 1, 128, policy, 10_000),
                new ReceiverCredits(4, 32, 4, 32, 0, 0), ReceiverCredits.UNSCALED_MAX);
        long[] id = {0};
        for (int k = 0; k < BURSTS; k++) {
            b.kernel.schedule((k + 1) * gapPs, x -> {
                for (int i = 0; i < WRITES; i++) {
                    b.up(b.newTlp(id[0]).setMemoryWrite(0x0100, 0x1000 + 64L * i, 64).context(id[0]++));
                    if (i % 4 == 0) {
                        b.up(b.newTlp(id[0]).setMemoryRead(0x0100, i, 0x2000, 64).context(id[0]++));
                    }
                }
            }, 0);
        }
        b.kernel.runUntilIdle();
        List<List<Long>> out = new ArrayList<>();
        for (int k = 0; k < BURSTS; k++) {
            out.add(new ArrayList<>());
        }
        for (LinkTestBench.Delivery d : b.atRc) {
            int k = (int) (d.timePs() / gapPs) - 1;
            out.get(k).add(d.timePs() - (k + 1) * gapPs);
        }
        assertThat(b.atRc).hasSize(BURSTS * (WRITES + WRITES / 4));
        assertThat(b.link.upstream().idle()).isTrue();
        return out;
    }

    @ParameterizedTest
    @EnumSource(DllpPolicy.class)
    void lateBurstsAreTimedExactlyAsEarlyOnes(DllpPolicy policy) {
        List<List<Long>> early = offsets(policy, 163 * SKP_PERIOD_PS); // about 1 ms apart
        assertThat(early.get(0)).isNotEmpty();
        long acrossTheFirstEpochMove = (LinkDirection.REBASE_PS / SKP_PERIOD_PS) * SKP_PERIOD_PS; // burst 1 starts 1.6 µs before it
        for (long gap : new long[] {acrossTheFirstEpochMove, 8_127_438 * SKP_PERIOD_PS, 16_254_876 * SKP_PERIOD_PS}) {
            assertThat(offsets(policy, gap)).as("bursts %d ps apart", gap).isEqualTo(early);
        }
        assertThat(16_254_876 * SKP_PERIOD_PS * BURSTS).isGreaterThan(1L << 48);
    }
}

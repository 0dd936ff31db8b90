package org.virtiosim.device.reset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.kernel.Kernel;

/** Each VF reset takes a fixed time, at most {@code parallel} at once, the rest in request order. */
class ResetEngineTest {
    private static final long RESET_PS = 20_000_000; // 20 us, the default

    private final Kernel kernel = new Kernel();
    private final List<long[]> done = new ArrayList<>();

    private ResetEngine engine(int parallel) {
        return new ResetEngine(kernel, RESET_PS, parallel, vf -> done.add(new long[] {vf, kernel.now()}));
    }

    @Test
    void oneResetTakesTheResetTime() {
        ResetEngine e = engine(8);
        kernel.run(1_000);
        e.request(17);
        kernel.run(1_000 + RESET_PS - 1);
        assertThat(done).isEmpty();
        kernel.runUntilIdle();
        assertThat(done).containsExactly(new long[] {17, 1_000 + RESET_PS});
        assertThat(e.resets()).isEqualTo(1);
        assertThat(e.maxWaitPs()).as("a free slot: no wait").isZero();
    }

    @Test
    void aStormRunsParallelAtOnceAndTheRestWaitInRequestOrder() {
        ResetEngine e = engine(2);
        for (int vf = 1; vf <= 5; vf++) {
            e.request(vf);
        }
        kernel.runUntilIdle();
        assertThat(done).containsExactly(
                new long[] {1, RESET_PS}, new long[] {2, RESET_PS},
                new long[] {3, 2 * RESET_PS}, new long[] {4, 2 * RESET_PS},
                new long[] {5, 3 * RESET_PS});
        assertThat(e.resets()).isEqualTo(5);
        assertThat(e.maxWaitPs()).as("VF 5 started when the second round ended").isEqualTo(2 * RESET_PS);
    }

    @Test
    void aSingleSlotSerialisesEveryReset() {
        ResetEngine e = engine(1);
        for (int vf = 1; vf <= 3; vf++) {
            e.request(vf);
        }
        kernel.runUntilIdle();
        assertThat(done).extracting(d -> d[1]).containsExactly(RESET_PS, 2 * RESET_PS, 3 * RESET_PS);
        assertThat(e.maxWaitPs()).isEqualTo(2 * RESET_PS);
    }

    @Test
    void aQueuedResetTakesTheSlotThatFreesFirst() {
        ResetEngine e = engine(2);
        e.request(1); // slot A: 0 .. R
        kernel.run(RESET_PS / 2);
        e.request(2); // slot B: R/2 .. 3R/2
        kernel.run(RESET_PS * 3 / 5);
        e.request(3); // both busy; A frees first, at R
        kernel.runUntilIdle();
        assertThat(done).containsExactly(new long[] {1, RESET_PS}, new long[] {2, RESET_PS * 3 / 2},
                new long[] {3, 2 * RESET_PS});
        assertThat(e.maxWaitPs()).isEqualTo(RESET_PS - RESET_PS * 3 / 5);
    }

    @Test
    void aSlotFreeAgainStartsTheNextResetAtOnce() {
        ResetEngine e = engine(1);
        e.request(1);
        kernel.run(5 * RESET_PS);
        e.request(2);
        kernel.runUntilIdle();
        assertThat(done).containsExactly(new long[] {1, RESET_PS}, new long[] {2, 6 * RESET_PS});
        assertThat(e.maxWaitPs()).as("an idle gap is not waiting").isZero();
    }

    @Test
    void maxWaitIsTheLongestNotTheLast() {
        ResetEngine e = engine(1);
        e.request(1);
        e.request(2); // waits R
        e.request(3); // waits 2R
        kernel.run(3 * RESET_PS);
        e.request(4); // no wait
        kernel.runUntilIdle();
        assertThat(e.maxWaitPs()).isEqualTo(2 * RESET_PS);
        assertThat(e.resets()).isEqualTo(4);
        assertThat(done).extracting(d -> d[0]).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void atLeastOneResetMustRunAtATime() {
        for (int parallel : new int[] {0, -1}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine(parallel)).as("parallel " + parallel)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(parallel));
        }
        engine(1).request(1);
        kernel.runUntilIdle();
        assertThat(done).hasSize(1);
    }
}

package org.virtiosim.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An event past the kernel's 2^63 ps is bad input, said as such, never a wrapped time "in the past". */
class KernelTimeRangeTest {
    @Test
    void aDelayPastTheRangeIsASimulatedTimeRangeError() {
        Kernel k = new Kernel();
        long[] fired = {0};
        k.schedule(Long.MAX_VALUE / 2, x -> {
            fired[0]++;
            assertThatThrownBy(() -> k.scheduleIn(Long.MAX_VALUE / 2 + 2, y -> { }))
                    .isInstanceOf(SimulatedTimeRangeException.class).hasMessageContaining("2^63 ps").hasMessageNotContaining("\n");
            assertThatThrownBy(() -> k.schedule(k.now() + Long.MAX_VALUE, y -> { })) // wraps negative
                    .isInstanceOf(SimulatedTimeRangeException.class);
            k.scheduleIn(Long.MAX_VALUE / 2 + 1, y -> fired[0]++); // the last representable picosecond
        });
        k.runUntilIdle();
        assertThat(fired[0]).isEqualTo(2);
        assertThat(k.now()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aTimeBeforeNowIsStillAnArgumentError() {
        Kernel k = new Kernel();
        k.schedule(10, x -> assertThatThrownBy(() -> k.schedule(5, y -> { })).isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(SimulatedTimeRangeException.class));
        k.runUntilIdle();
    }
}

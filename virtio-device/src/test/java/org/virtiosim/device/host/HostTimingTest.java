package org.virtiosim.device.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.virtiosim.core.param.ParamValues;

/** The hypervisor's costs: non-negative latencies, a positive poll interval, two of them knobs. */
class HostTimingTest {
    @Test
    void latenciesMustNotBeNegativeAndThePollIntervalMustBePositive() {
        new HostTiming(0, 0, 0, 1, 0);
        assertThatThrownBy(() -> new HostTiming(-1, 0, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostTiming(0, -1, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostTiming(0, 0, -1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostTiming(0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostTiming(0, 0, 0, 1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultsComeBackFromDefaultParameters() {
        assertThat(HostTiming.from(ParamValues.defaults())).isEqualTo(HostTiming.DEFAULT);
        assertThat(HostTiming.KNOBS).containsExactly(HostTiming.VM_EXIT_NS, HostTiming.INTERRUPT_NS,
                HostTiming.STORE_RETIRE_NS, HostTiming.COMMAND_BUILD_NS, HostTiming.POLL_INTERVAL_NS);
    }

    @Test
    void theKnobsSetTheVmExitAndInterruptCostsInNs() {
        HostTiming h = HostTiming.from(ParamValues.defaults().with(HostTiming.VM_EXIT_NS, 2500.0).with(HostTiming.INTERRUPT_NS, 750.0));
        assertThat(h.vmExitPs()).isEqualTo(2_500_000);
        assertThat(h.interruptPs()).isEqualTo(750_000);
        assertThat(h.storeRetirePs()).isEqualTo(HostTiming.DEFAULT.storeRetirePs());
        assertThat(h.commandBuildPs()).isEqualTo(HostTiming.DEFAULT.commandBuildPs());
        assertThat(h.pollIntervalPs()).isEqualTo(HostTiming.DEFAULT.pollIntervalPs());
    }
}

package com.example.fw;

import static org.virtiosim.kit.VirtioSimAssertions.assertThat;

import org.junit.jupiter.api.Test;
import org.virtiosim.kit.Results;
import org.virtiosim.kit.ScenarioRun;
import org.virtiosim.kit.VirtioSimScenario;

/**
 * The firmware team's regression tests: latency budgets per scheme on the scenarios their
 * customers run, and what the driver side sees when things go wrong. Budgets are the team's own
 * (here: the figures measured on the first good firmware, plus headroom).
 */
class ExampleFirmwareTest {

    @Test
    @VirtioSimScenario(value = "linux-net-probe", vfs = 16, firmware = ExampleFirmware.class)
    void aLinuxProbeStaysWithinBudget(Results results) {
        assertThat(results).isClean();
        assertThat(results).scheme("mmio").accessCycles().p99().isLessThan(BUDGET_MMIO_P99);
        assertThat(results).scheme("aq").accessCycles().p99().isLessThan(BUDGET_AQ_P99);
        assertThat(results).notifyPath("vf-bar").accessCycles().max().isLessThan(BUDGET_NOTIFY_MAX);
    }

    @Test
    void aResetStormAtScaleStaysWithinBudget() {
        Results results = ScenarioRun.of("reset-storm").vfs(64).schemes("aq").notifyPaths().firmware(timing -> new ExampleFirmware()).run();
        assertThat(results).isClean();
        assertThat(results).scheme("aq").accessCycles().p99().isLessThan(BUDGET_RESET_STORM_AQ_P99);
    }

    @Test
    void aFirmwareHiccupOnlyCostsTime() {
        Results results = ScenarioRun.of("linux-net-probe").vfs(16).schemes("aq").notifyPaths()
                .firmware(timing -> new ExampleFirmware()).fault("stall-firmware@5:100").run();
        assertThat(results).isClean();
    }

    @Test
    void aLostCompletionIsCaughtByTheHost() {
        Results results = ScenarioRun.of("linux-net-probe").vfs(16).schemes("aq").notifyPaths()
                .firmware(timing -> new ExampleFirmware()).fault("drop-completion@10").run();
        assertThat(results).scheme("aq").completionTimeouts().isEqualTo(1);
    }

    // Measured on the first good firmware (virtio-sim 0.1.0, seed 1): mmio p99 2427, aq p99 77951,
    // vf-bar notify max 1550, reset-storm aq p99 310160 cycles; budgets allow about 10%.
    static final long BUDGET_MMIO_P99 = 25_000; // register accesses only: the status read-back waits for the VF reset (20 µs)
    static final long BUDGET_AQ_P99 = 86_000;
    static final long BUDGET_NOTIFY_MAX = 1_700;
    static final long BUDGET_RESET_STORM_AQ_P99 = 340_000;
}

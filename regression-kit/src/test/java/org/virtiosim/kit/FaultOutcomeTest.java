package org.virtiosim.kit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.virtiosim.kit.VirtioSimAssertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each fault the kit can inject has the documented outcome, seen through the kit's own assertions. */
class FaultOutcomeTest {
    private static final String ONE_COMPLETION = "each non-posted request gets exactly one completion";

    private static ScenarioRun probe() {
        return ScenarioRun.of("linux-net-probe").vfs(4).schemes("mmio", "indirect", "aq").notifyPaths("vf-bar");
    }

    @Test
    void withoutFaultsTheProbeIsClean() {
        assertThat(probe().run()).isClean();
    }

    @Test
    void aDroppedCompletionTimesOutAndBreaksTheOneCompletionCheck() {
        Results r = probe().fault("drop-completion@3").run();
        for (String scheme : new String[] {"mmio", "indirect", "aq"}) {
            assertThat(r).scheme(scheme).violated(ONE_COMPLETION, "1 completion timeouts, 0 unexpected completions");
            assertThat(r).scheme(scheme).completionTimeouts().isEqualTo(1);
        }
    }

    @Test
    void aLateCompletionTimesOutThenArrivesUnexpected() {
        Results r = probe().fault("late-completion@3").run();
        assertThat(r).scheme("aq").violated(ONE_COMPLETION, "1 completion timeouts, 1 unexpected completions");
    }

    @Test
    void aPoisonedCompletionIsReadAsAllOnesAndMismatches() {
        Results r = probe().fault("poison-completion@5").run();
        assertThat(r).scheme("mmio").mismatches().isPositive();
        assertThat(r).scheme("mmio").hasNoCompletionTimeouts();
    }

    @Test
    void aFirmwareStallOnlyCostsTime() {
        Results healthy = probe().schemes("aq").notifyPaths().run();
        Results stalled = probe().schemes("aq").notifyPaths().fault("stall-firmware@1:200").run();
        assertThat(stalled).isClean();
        assertThat(stalled).scheme("aq").totalCycles().isGreaterThan(healthy.scheme("aq").totalCycles());
    }

    @Test
    void aSurpriseResetMakesTheGuestReadResetValues() {
        Results r = probe().fault("surprise-reset@4:150").run();
        assertThat(r).scheme("mmio").mismatches().isPositive();
    }

    @Test
    void aMalformedFaultIsRejectedBeforeAnythingRuns() {
        assertThatThrownBy(() -> probe().fault("surprise-reset@9:1").run()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("surprise-reset@9:1");
    }

    private static final String ISOLATION = "no access on behalf of one VF reaches another";

    @Test
    void aPfWindowMappedToAnotherVfBreaksIsolationOnThatSchemeOnly() {
        Results r = ScenarioRun.of("linux-net-probe").vfs(4).schemes("pf-window", "mmio").notifyPaths().fault("pf-window-slot@1:2").run();
        assertThat(r).scheme("pf-window").violated(ISOLATION, "issued for VF 1, reached VF 2");
        // On mmio the fault has nothing to act on: no breach, and the run says the fault did not fire.
        org.assertj.core.api.Assertions.assertThat(r.scheme("mmio").violations()).doesNotContainKey(ISOLATION)
                .containsKey(org.virtiosim.testbench.compare.Testbench.FAULTS_FIRED);
        org.assertj.core.api.Assertions.assertThat(r.scheme("mmio").violations().get(org.virtiosim.testbench.compare.Testbench.FAULTS_FIRED))
                .contains("pf-window-slot@1:2 (it needs the pf-window scheme) did not fire");
    }

    @Test
    void aWrongGroupMemberBreaksIsolationAndANonexistentOneIsRefused() {
        Results swapped = ScenarioRun.of("linux-net-probe").vfs(4).schemes("aq").notifyPaths().fault("aq-member@8:1").run();
        assertThat(swapped).scheme("aq").violated(ISOLATION, "reached VF 1");
        Results missing = ScenarioRun.of("linux-net-probe").vfs(4).schemes("aq").notifyPaths().fault("aq-member@8:5").run();
        assertThat(missing).scheme("aq").failed().isEqualTo(1);
    }
}

package org.virtiosim.testbench.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.stats.LatencyStats;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.RunResult;

/** StudyResult's summaries, on hand-made results. */
class StudyResultTest {
    static RunResult result(String name, long mismatches, Map<String, String> violations) {
        LatencyStats s = new LatencyStats(name);
        s.record(10);
        return new RunResult(name, org.virtiosim.device.Backing.FIRMWARE, "vf-bar", 1, 1, 0, s, new LatencyStats("n"), null, 100, 1, 1, 20,
                20, 5, new LatencyStats("o"), new org.virtiosim.device.scheme.DeviceCost(0, 48, 256, 0, "x"), 0, mismatches, 0, 0, java.util.Map.of(), violations);
    }

    private static StudyResult of(List<RunResult> schemes, List<RunResult> notify) {
        return new StudyResult("s", CompareConfig.defaults(2), List.of(), schemes, notify);
    }

    @Test
    void mismatchesSumOverTheSchemeRuns() {
        StudyResult r = of(List.of(result("mmio", 2, Map.of()), result("aq", 3, Map.of())), List.of(result("vf-bar", 0, Map.of())));
        assertThat(r.mismatches()).isEqualTo(5);
        assertThat(of(List.of(), List.of()).mismatches()).isZero();
    }

    @Test
    void mismatchesOnNotifyRunsCountToo() {
        StudyResult r = of(List.of(result("mmio", 0, Map.of())), List.of(result("vf-bar", 7, Map.of())));
        assertThat(r.mismatches()).as("a wrong read in a notify run fails the run (exit 1) as one in a scheme run does").isEqualTo(7);
    }

    @Test
    void aViolationInAnyRunOfEitherKindIsSeen() {
        Map<String, String> v = Map.of(RunResult.CHECKS.get(0), "1 completion timeouts");
        assertThat(of(List.of(result("mmio", 0, Map.of())), List.of(result("vf-bar", 0, Map.of()))).hasViolations()).isFalse();
        assertThat(of(List.of(result("mmio", 0, Map.of()), result("aq", 0, v)), List.of()).hasViolations()).isTrue();
        assertThat(of(List.of(result("mmio", 0, Map.of())), List.of(result("vf-bar", 0, Map.of()), result("io-bar", 0, v))).hasViolations())
                .isTrue();
        assertThat(of(List.of(result("mmio", 9, Map.of())), List.of()).hasViolations()).as("a mismatch is not a violation").isFalse();
    }

    @Test
    void runsAreFoundByIdInTheirOwnListOnly() {
        RunResult aqScheme = result("aq", 0, Map.of());
        RunResult aqRoute = result("aq", 1, Map.of());
        RunResult vf = result("vf-bar", 0, Map.of());
        StudyResult r = of(List.of(result("mmio", 0, Map.of()), aqScheme), List.of(vf, aqRoute));
        assertThat(r.scheme("aq")).isSameAs(aqScheme);
        assertThat(r.notifyRoute("aq")).isSameAs(aqRoute);
        assertThat(r.notifyRoute("vf-bar")).isSameAs(vf);
        assertThat(r.scheme("vf-bar")).isNull();
        assertThat(r.notifyRoute("mmio")).isNull();
        assertThat(r.scheme("nope")).isNull();
    }
}

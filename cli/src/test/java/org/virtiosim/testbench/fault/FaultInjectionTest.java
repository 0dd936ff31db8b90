package org.virtiosim.testbench.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtiosim.testbench.cli.Main;

/** Each injected fault is seen by the checks a user relies on, and a healthy run stays clean. */
class FaultInjectionTest {
    record Run(int exit, String out, String err) {
    }

    private static Run compare(String... faultArgs) {
        String[] args = new String[4 + faultArgs.length];
        args[0] = "compare";
        args[1] = "--json";
        args[2] = "--vfs";
        args[3] = "4";
        System.arraycopy(faultArgs, 0, args, 4, faultArgs.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aHealthyRunHasNoFaultsAndPasses() {
        Run r = compare();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).doesNotContain("\"faults\"").contains("\"completion_timeouts\":0");
    }

    @Test
    void aDroppedCompletionIsACompletionTimeoutAndExitsOne() {
        Run r = compare("--fault", "drop-completion@3");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("\"faults\":[\"drop-completion@3\"]", "\"completion_timeouts\":1");
        assertThat(r.out()).contains("1 completion timeouts, 0 unexpected completions");
    }

    @Test
    void aLateCompletionTimesOutAndThenArrivesUnexpected() {
        Run r = compare("--fault", "late-completion@3");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("1 completion timeouts, 1 unexpected completions");
    }

    @Test
    void aPoisonedCompletionReadsAllOnesAndMismatches() {
        Run r = compare("--fault", "poison-completion@5");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).containsPattern("\"mismatches\":[1-9]");
        assertThat(r.err()).contains("mismatching reads").containsPattern("mmio [1-9]");
    }

    @Test
    void aSurpriseResetMidRunMakesLaterReadsMismatch() {
        Run healthy = compare();
        Run r = compare("--fault", "surprise-reset@4:150");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).containsPattern("\"mismatches\":[1-9]").isNotEqualTo(healthy.out());
    }

    @Test
    void aFirmwareStallStretchesTheAdminQueueButBreaksNothing() {
        Run healthy = compare("--schemes", "aq", "--notify", "aq");
        Run r = compare("--schemes", "aq", "--notify", "aq", "--fault", "stall-firmware@1:200");
        assertThat(r.exit()).isZero();
        assertThat(maxCycles(r.out())).isGreaterThan(maxCycles(healthy.out()));
    }

    @Test
    void aSpecIsReadTheSameWhateverItsCase() {
        // Validation lower-cases the spec: installing it must too, or the fault silently does nothing.
        Run r = compare("--fault", " DROP-Completion@3 ");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("1 completion timeouts, 0 unexpected completions");
    }

    @Test
    void theSameFaultGivesTheSameReport() {
        assertThat(compare("--fault", "late-completion@7").out()).isEqualTo(compare("--fault", "late-completion@7").out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"drop-completion", "drop-completion@0", "poison-completion@x", "stall-firmware@1", "stall-firmware@1:0",
            "surprise-reset@0:5", "surprise-reset@5:1", "melt@1",
        "stall-firmware@1:99999999999", "surprise-reset@1:9999999999999"})
    void aBadSpecIsAUsageError(String spec) {
        Run r = compare("--fault", spec);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains(spec);
        assertThat(r.out()).isEmpty();
    }

    private static long maxCycles(String json) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"total_cycles\":(\\d+)").matcher(json);
        long max = 0;
        while (m.find()) {
            max = Math.max(max, Long.parseLong(m.group(1)));
        }
        return max;
    }
}

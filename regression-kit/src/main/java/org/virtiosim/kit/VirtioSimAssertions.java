package org.virtiosim.kit;

import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractDoubleAssert;
import org.assertj.core.api.AbstractLongAssert;
import org.assertj.core.api.Assertions;
import org.virtiosim.core.stats.LatencyStats;
import org.virtiosim.testbench.compare.RunResult;

/**
 * AssertJ entry point for results: {@code assertThat(results).scheme("aq").accessCycles().p99().isLessThan(2_000)}.
 * Every assertion names the scheme and metric in its failure message.
 */
public final class VirtioSimAssertions {
    private VirtioSimAssertions() {
    }

    public static ResultsAssert assertThat(Results actual) {
        return new ResultsAssert(actual);
    }

    /** Assertions on a whole run. */
    public static final class ResultsAssert extends AbstractAssert<ResultsAssert, Results> {
        ResultsAssert(Results actual) {
            super(actual, ResultsAssert.class);
        }

        public RunResultAssert scheme(String name) {
            isNotNull();
            return new RunResultAssert(actual.scheme(name), actual.scenario() + " scheme " + name);
        }

        public RunResultAssert notifyPath(String name) {
            isNotNull();
            return new RunResultAssert(actual.notifyPath(name), actual.scenario() + " notify path " + name);
        }

        /**
         * No metric grew beyond {@code tolerancePct} percent over the baseline (a file from
         * {@link Results#saveBaseline} or {@code compare --save-baseline}), and no new completion
         * timeout or mismatch appeared; the failure names every regression.
         */
        public ResultsAssert isWithinBaseline(java.nio.file.Path baseline, double tolerancePct) {
            isNotNull();
            java.util.List<org.virtiosim.testbench.regress.Baseline.Regression> regressions;
            try {
                regressions = org.virtiosim.testbench.regress.Baseline.compare(org.virtiosim.testbench.regress.Baseline.read(baseline),
                        new com.fasterxml.jackson.databind.ObjectMapper().readTree(actual.json()), java.util.Map.of(), tolerancePct);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("baseline " + baseline + ": " + e.getMessage(), e);
            }
            if (!regressions.isEmpty()) {
                failWithMessage("%s regressed against baseline %s:%n%s", actual.scenario(), baseline, String.join("\n",
                        regressions.stream().map(org.virtiosim.testbench.regress.Baseline.Regression::line).toList()));
            }
            return this;
        }

        /** {@link #isWithinBaseline(java.nio.file.Path, double)} at the CLI's default tolerance, 5%. */
        public ResultsAssert isWithinBaseline(java.nio.file.Path baseline) {
            return isWithinBaseline(baseline, org.virtiosim.testbench.regress.Baseline.DEFAULT_TOLERANCE_PCT);
        }

        /** What the firmware did in every scheme and notify path run. */
        public FirmwareAssert firmware() {
            isNotNull();
            return new FirmwareAssert(actual);
        }

        /** No scheme and no path had a mismatch, a completion timeout or a protocol violation. */
        public ResultsAssert isClean() {
            for (RunResult r : actual.schemes().values()) {
                new RunResultAssert(r, actual.scenario() + " scheme " + r.name()).hasNoMismatches().hasNoCompletionTimeouts()
                        .hasNoProtocolViolations();
            }
            for (RunResult r : actual.notifyPaths().values()) {
                new RunResultAssert(r, actual.scenario() + " notify path " + r.name()).hasNoCompletionTimeouts().hasNoProtocolViolations();
            }
            return this;
        }
    }

    /**
     * The firmware's protocol checks over every run of a result ({@code RunResult.CHECKS}, the
     * firmware ones): a failure quotes the check's report (VF, register, time, expected value).
     */
    public static final class FirmwareAssert extends AbstractAssert<FirmwareAssert, Results> {
        FirmwareAssert(Results actual) {
            super(actual, FirmwareAssert.class);
        }

        /** No status read was answered 0 while its VF's reset was in progress. */
        public FirmwareAssert neverAnsweredDuringReset() {
            return passed(RunResult.CHECKS.get(5));
        }

        /** Every answer the firmware deferred was given before the run ended. */
        public FirmwareAssert deferredAnswersAllGiven() {
            return passed(RunResult.CHECKS.get(6));
        }

        /** No handler touched another VF's state than the one it ran for. */
        public FirmwareAssert touchesOnlyItsOwnVf() {
            return passed(RunResult.CHECKS.get(7));
        }

        /** Every admin command result the firmware gave fits its opcode's layout. */
        public FirmwareAssert resultsMatchTheirLayout() {
            return passed(RunResult.CHECKS.get(8));
        }

        /** MACs put into effect that the driver went on to overwrite, summed over the scheme runs. */
        public AbstractLongAssert<?> intermediateMacs() {
            long n = 0;
            StringBuilder by = new StringBuilder();
            for (RunResult r : actual.schemes().values()) {
                n += r.intermediateMacs();
                by.append(by.length() == 0 ? "" : ", ").append(r.name()).append(' ').append(r.intermediateMacs());
            }
            return Assertions.assertThat(n).as(actual.scenario() + " intermediate MACs over the schemes (" + by + ")");
        }

        private FirmwareAssert passed(String check) {
            isNotNull();
            StringBuilder failed = new StringBuilder();
            runs(actual.schemes(), " scheme ", check, failed);
            runs(actual.notifyPaths(), " notify path ", check, failed);
            if (failed.length() > 0) {
                failWithMessage("%s: \"%s\" failed:%s", actual.scenario(), check, failed);
            }
            return this;
        }

        private void runs(java.util.Map<String, RunResult> runs, String kind, String check, StringBuilder failed) {
            for (RunResult r : runs.values()) {
                String v = r.violations().get(check);
                if (v != null) {
                    failed.append(System.lineSeparator()).append("  ").append(actual.scenario()).append(kind).append(r.name()).append(": ").append(v);
                }
            }
        }
    }

    /** What a scheme asks of the device: {@code deviceCost().firmwareBytesPerVf().isEqualTo(7)}. */
    public static final class DeviceCostAssert {
        private final org.virtiosim.device.scheme.DeviceCost cost;
        private final String what;

        DeviceCostAssert(org.virtiosim.device.scheme.DeviceCost cost, String what) {
            this.cost = cost;
            this.what = what;
        }

        /** State per VF in firmware memory: the scheme's and what the firmware program declared. */
        public AbstractLongAssert<?> firmwareBytesPerVf() {
            return Assertions.assertThat(cost.firmwareBytesPerVf()).as(what + " firmware bytes per VF");
        }

        public AbstractLongAssert<?> fastPathBitsPerVf() {
            return Assertions.assertThat(cost.fastPathBitsPerVf()).as(what + " fast-path bits per VF");
        }
    }

    /** Assertions on one scheme's or path's result. */
    public static final class RunResultAssert extends AbstractAssert<RunResultAssert, RunResult> {
        private final String what;

        RunResultAssert(RunResult actual, String what) {
            super(actual, RunResultAssert.class);
            this.what = what;
        }

        public LatencyAssert accessCycles() {
            return new LatencyAssert(actual.accessCycles(), what + " access cycles");
        }

        public DeviceCostAssert deviceCost() {
            isNotNull();
            return new DeviceCostAssert(actual.deviceCost(), what + " device cost");
        }

        public AbstractLongAssert<?> totalCycles() {
            return Assertions.assertThat(actual.totalCycles()).as(what + " total cycles");
        }

        public AbstractLongAssert<?> tlps() {
            return Assertions.assertThat(actual.tlpsDown() + actual.tlpsUp()).as(what + " TLPs (both directions)");
        }

        public AbstractLongAssert<?> hostBusyNs() {
            return Assertions.assertThat(actual.hostBusyNs()).as(what + " host busy ns");
        }

        public RunResultAssert hasNoMismatches() {
            Assertions.assertThat(actual.mismatches()).as(what + " mismatching reads").isZero();
            return this;
        }

        public AbstractLongAssert<?> mismatches() {
            return Assertions.assertThat(actual.mismatches()).as(what + " mismatching reads");
        }

        /** Accesses that did not complete normally (a refused command, a failed load, a notify with nowhere to go). */
        public AbstractLongAssert<?> failed() {
            return Assertions.assertThat(actual.failed()).as(what + " failed accesses");
        }

        public AbstractLongAssert<?> completionTimeouts() {
            return Assertions.assertThat(actual.completionTimeouts()).as(what + " completion timeouts");
        }

        /** Every protocol check passed (one completion per non-posted request, credits, BARs, resets). */
        public RunResultAssert hasNoProtocolViolations() {
            Assertions.assertThat(actual.violations()).as(what + " protocol violations").isEmpty();
            return this;
        }

        /** The named check (one of {@code RunResult.CHECKS}) failed, with a report containing {@code text}. */
        public RunResultAssert violated(String check, String text) {
            Assertions.assertThat(RunResult.CHECKS).as("known protocol checks").contains(check);
            Assertions.assertThat(actual.violations()).as(what + " protocol violations").containsKey(check);
            Assertions.assertThat(actual.violations().get(check)).as(what + " report of " + check).contains(text);
            return this;
        }

        public RunResultAssert hasNoCompletionTimeouts() {
            Assertions.assertThat(actual.completionTimeouts()).as(what + " completion timeouts").isZero();
            return this;
        }
    }

    /** Assertions on a latency distribution, in device cycles. */
    public static final class LatencyAssert {
        private final LatencyStats stats;
        private final String what;

        LatencyAssert(LatencyStats stats, String what) {
            this.stats = stats;
            this.what = what;
        }

        public AbstractLongAssert<?> p50() {
            return Assertions.assertThat(stats.p50()).as(what + " p50");
        }

        public AbstractLongAssert<?> p99() {
            return Assertions.assertThat(stats.p99()).as(what + " p99");
        }

        public AbstractLongAssert<?> max() {
            return Assertions.assertThat(stats.max()).as(what + " max");
        }

        public AbstractDoubleAssert<?> mean() {
            return Assertions.assertThat(stats.mean()).as(what + " mean");
        }
    }
}

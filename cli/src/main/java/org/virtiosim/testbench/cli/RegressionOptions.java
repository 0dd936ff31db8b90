package org.virtiosim.testbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.virtiosim.core.param.NumberText;
import org.virtiosim.testbench.compare.RunResult;
import org.virtiosim.testbench.regress.Baseline;
import org.virtiosim.testbench.regress.JunitXml;
import picocli.CommandLine.Option;

/**
 * The regression options shared by {@code compare} and {@code replay}: a golden baseline to compare
 * with or to save, per-metric tolerances, and JUnit XML. Everything is checked before a run starts,
 * so a bad option leaves no partial output.
 */
final class RegressionOptions {
    @Option(names = "--save-baseline", paramLabel = "FILE", description = "save these results (compare JSON) as a baseline")
    Path saveBaseline;
    @Option(names = "--baseline", paramLabel = "FILE", description = "compare with a saved baseline; a regression exits 1 naming it")
    Path baseline;
    @Option(names = "--tolerance", paramLabel = "[METRIC=]PCT", description = "allowed growth in percent: one number for all metrics "
            + "(default 5) or METRIC=PCT for one, e.g. access_cycles.p99=10; repeatable")
    List<String> tolerances = new ArrayList<>();
    @Option(names = "--junit", paramLabel = "FILE.xml", description = "write JUnit XML: one test case per scheme and check")
    Path junit;

    private JsonNode baselineJson;
    private Output saveBaselineOutput;
    private Output junitOutput;
    private double defaultTolerance = Baseline.DEFAULT_TOLERANCE_PCT;
    private final Map<String, Double> perMetric = new HashMap<>();

    /** Checks the options and reads the baseline; declares the baseline an input and the JUnit XML and saved baseline outputs. */
    void validate(OutputPlan plan) {
        if (baseline != null) {
            // Checked before it is opened: a FIFO or device would block the read, or never end.
            if (!Files.exists(baseline)) {
                throw new UsageException("--baseline " + baseline + ": no such file");
            }
            if (!Files.isRegularFile(baseline)) {
                throw new UsageException("--baseline " + baseline + ": is not a regular file (a directory, FIFO or device); name a saved baseline");
            }
            try {
                baselineJson = Baseline.read(baseline);
            } catch (IOException e) {
                throw new UsageException("--baseline " + baseline + ": " + Baseline.reason(e));
            }
            plan.input("--baseline " + baseline, baseline);
        }
        for (String t : tolerances) {
            int eq = t.indexOf('=');
            if (eq < 0) {
                defaultTolerance = tolerance(t, t);
            } else {
                String m = t.substring(0, eq).strip();
                if (!Baseline.METRICS.contains(m)) {
                    throw new UsageException("--tolerance: unknown metric '" + NumberText.echo(m) + "' (known: "
                            + String.join(", ", Baseline.METRICS) + ")");
                }
                perMetric.put(m, tolerance(t, t.substring(eq + 1)));
            }
        }
        saveBaselineOutput = plan.optional("--save-baseline", saveBaseline, null);
        junitOutput = plan.optional("--junit", junit, null);
    }

    /** Largest tolerance, percent: a thousandfold growth (any more is "no check", which is not what a baseline is for). */
    static final double MAX_TOLERANCE_PCT = 100_000;

    private static double tolerance(String option, String pct) {
        try {
            return NumberText.decimal(pct, 0, MAX_TOLERANCE_PCT, "%");
        } catch (IllegalArgumentException e) {
            throw new UsageException("--tolerance '" + NumberText.echo(option) + "': expected PCT or METRIC=PCT: " + e.getMessage());
        }
    }

    /** Compares the results (compare JSON) with the baseline, if one was given, and saves them, if asked. */
    List<Baseline.Regression> check(String resultJson) {
        List<Baseline.Regression> regressions = List.of();
        if (baselineJson != null) {
            try {
                regressions = Baseline.compare(baselineJson, new ObjectMapper().readTree(resultJson), perMetric, defaultTolerance);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        OutputPlan.write(saveBaselineOutput, resultJson + "\n");
        return regressions;
    }

    /** Writes JUnit XML, if asked: a test case per scheme (or notify path) and check, and per baseline comparison. */
    void writeJunit(String suite, String name, List<RunResult> schemes, List<RunResult> notify, List<Baseline.Regression> regressions) {
        if (junit == null) {
            return;
        }
        JunitXml x = new JunitXml(suite);
        for (RunResult r : schemes) {
            x.add(name + "." + r.name(), "no mismatches", r.mismatches() == 0 ? null : r.mismatches() + " mismatching reads");
            for (String check : RunResult.CHECKS) {
                x.add(name + "." + r.name(), check, r.violations().get(check));
            }
        }
        for (RunResult r : notify) {
            x.add(name + ".notify." + r.name(), "all notifies delivered",
                    r.kickCycles() != null && r.kickCycles().count() == r.accesses() ? null : "notifies without a queue kick");
        }
        if (baselineJson != null) {
            for (String section : new String[] {"schemes", "notify"}) {
                for (RunResult r : section.equals("schemes") ? schemes : notify) {
                    String run = section + "/" + r.name();
                    String failure = regressions.stream().filter(g -> g.run().equals(run)).map(Baseline.Regression::line)
                            .reduce((a, b) -> a + "; " + b).orElse(null);
                    x.add(name + "." + (section.equals("notify") ? "notify." : "") + r.name(), "within baseline " + baseline, failure);
                }
            }
            for (Baseline.Regression g : regressions) {
                String run = g.run();
                boolean current = schemes.stream().anyMatch(r -> run.equals("schemes/" + r.name()))
                        || notify.stream().anyMatch(r -> run.equals("notify/" + r.name()));
                if (!current) {
                    x.add(name + "." + run.replace('/', '.'), "within baseline " + baseline, g.line());
                }
            }
        }
        OutputPlan.write(junitOutput, x.text());
    }

    static void printRegressions(PrintWriter err, List<Baseline.Regression> regressions) {
        for (Baseline.Regression g : regressions) {
            err.println("regression: " + g.line());
        }
    }
}

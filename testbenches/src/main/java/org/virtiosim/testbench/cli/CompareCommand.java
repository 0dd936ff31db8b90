package org.virtiosim.testbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.CompareReport;
import org.virtiosim.testbench.compare.RunResult;
import org.virtiosim.testbench.compare.Scenarios;
import org.virtiosim.testbench.compare.Testbench;
import org.virtiosim.testbench.fault.Faults;
import org.virtiosim.testbench.scenario.ScenarioFile;
import org.virtiosim.testbench.scenario.ScenarioFileException;
import org.virtiosim.testbench.scenario.ScenarioFileReader;
import org.virtiosim.testbench.trace.Trace;
import org.virtiosim.testbench.trace.TraceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The main job: a scenario once per scheme and once per notification path, side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare the legacy-access schemes and the notification paths on a scenario.",
            "Runs the scenario on every VF once per scheme (mmio, indirect, aq) and once per notification",
            "path (vf-bar, pf-bar, io-bar, aq), and prints them side by side."})
final class CompareCommand implements Callable<Integer> {
    static final List<String> SCHEMES = ScenarioFileReader.SCHEMES;
    static final List<String> PATHS = ScenarioFileReader.NOTIFY_PATHS;

    @Spec
    CommandSpec spec;
    @Option(names = "--scenario", paramLabel = "NAME|FILE", description = {"built-in scenario (see virtio-sim list), trace file, or scenario",
        "file (.yaml/.yml, docs/scenario-files.md; --vfs, --set, --schemes, --notify and --seed",
        "given here override it) (default ${DEFAULT-VALUE})"})
    String scenario = Scenarios.DEFAULT;
    @Option(names = "--vfs", description = "number of VFs, 1..65535 (default ${DEFAULT-VALUE})")
    long vfs = 8;
    @Option(names = "--schemes", split = ",", description = "schemes to run (default mmio,indirect,aq)")
    List<String> schemes = new ArrayList<>(SCHEMES);
    @Option(names = "--notify", split = ",", description = "notification paths to run (default vf-bar,pf-bar,io-bar,aq)")
    List<String> notify = new ArrayList<>(PATHS);
    @Option(names = "--seed", description = "run seed (default ${DEFAULT-VALUE}; the built-in scenarios draw nothing random)")
    long seed = 1;
    @Option(names = "--set", paramLabel = "name=value", description = "change a parameter (see docs/parameters.md); repeatable")
    List<String> settings = new ArrayList<>();
    @Option(names = "--json", description = "print JSON instead of tables")
    boolean json;
    @picocli.CommandLine.Mixin
    WaveformOptions waves;
    @Option(names = "--report", paramLabel = "FILE.html", description = "also write a self-contained HTML report (tables, SVG plots)")
    java.nio.file.Path report;
    @Option(names = "--save-baseline", paramLabel = "FILE", description = "save these results (compare JSON) as a baseline")
    java.nio.file.Path saveBaseline;
    @Option(names = "--baseline", paramLabel = "FILE", description = "compare with a saved baseline; a regression exits 1 naming it")
    java.nio.file.Path baseline;
    @Option(names = "--tolerance", paramLabel = "[METRIC=]PCT", description = "allowed growth in percent: one number for all metrics "
            + "(default 5) or METRIC=PCT for one, e.g. access_cycles.p99=10; repeatable")
    List<String> tolerances = new ArrayList<>();
    @Option(names = "--junit", paramLabel = "FILE.xml", description = "write JUnit XML: one test case per scheme and check")
    java.nio.file.Path junit;
    @Option(names = "--fault", paramLabel = "SPEC", description = "inject a fault into every run: drop-completion@N, poison-completion@N, "
            + "late-completion@N, stall-firmware@T_US:D_US, surprise-reset@VF:T_US; repeatable")
    List<String> faults = new ArrayList<>();

    @Override
    public Integer call() {
        ScenarioFile file = ScenarioFileReader.isScenarioFile(scenario) ? readScenarioFile(scenario) : null;
        int n = file != null && !given("--vfs") ? file.vfs() : (int) BenchCommand.inRange("--vfs", vfs, 1, 65535);
        long runSeed = file != null && !given("--seed") ? file.seed() : seed;
        List<String> schemes = file != null && !given("--schemes") ? file.schemes() : this.schemes;
        List<String> notify = file != null && !given("--notify") ? file.notifyPaths() : this.notify;
        for (String s : schemes) {
            if (!SCHEMES.contains(s)) {
                throw new UsageException("--schemes: unknown scheme '" + s + "' (known: mmio, indirect, aq)");
            }
        }
        for (String p : notify) {
            if (!PATHS.contains(p)) {
                throw new UsageException("--notify: unknown notification path '" + p + "' (known: vf-bar, pf-bar, io-bar, aq)");
            }
        }
        waves.validate();
        Trace trace;
        CompareConfig cfg;
        String name;
        if (file != null) {
            try {
                trace = file.workload().load(n);
            } catch (ScenarioFileException e) {
                throw new UsageException(e.getMessage());
            }
            cfg = file.config().withVfs(n);
            name = file.name();
        } else {
            trace = loadScenario(scenario, n);
            cfg = CompareConfig.defaults(n);
            name = Scenarios.displayName(scenario);
        }
        cfg = new CompareConfig(n, cfg.link(), cfg.rootComplex(), cfg.cpu(), cfg.device(), cfg.host(), cfg.mmioBacking(),
                cfg.mmioDuringReset(), cfg.indirectBacking(), cfg.aqMode(), cfg.aqPrefetch(), cfg.aqQueues(), cfg.completionTimeoutPs(), runSeed);
        for (String s : settings) {
            try {
                cfg = org.virtiosim.testbench.compare.Parameters.apply(cfg, s);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        ReportOption.check(report);
        try {
            Faults.validate(faults, cfg.vfs());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        com.fasterxml.jackson.databind.JsonNode baselineJson = null;
        if (baseline != null) {
            try {
                baselineJson = org.virtiosim.testbench.regress.Baseline.read(baseline);
            } catch (java.io.IOException e) {
                throw new UsageException("--baseline " + baseline + ": " + e.getMessage().replace('\n', ' '));
            }
        }
        double defaultTolerance = org.virtiosim.testbench.regress.Baseline.DEFAULT_TOLERANCE_PCT;
        java.util.Map<String, Double> perMetric = new java.util.HashMap<>();
        for (String t : tolerances) {
            int eq = t.indexOf('=');
            try {
                if (eq < 0) {
                    defaultTolerance = Double.parseDouble(t);
                } else {
                    String m = t.substring(0, eq);
                    if (!org.virtiosim.testbench.regress.Baseline.METRICS.contains(m)) {
                        throw new UsageException("--tolerance: unknown metric '" + m + "' (known: "
                                + String.join(", ", org.virtiosim.testbench.regress.Baseline.METRICS) + ")");
                    }
                    perMetric.put(m, Double.parseDouble(t.substring(eq + 1)));
                }
            } catch (NumberFormatException e) {
                throw new UsageException("--tolerance '" + t + "': expected PCT or METRIC=PCT");
            }
        }
        for (java.nio.file.Path f : new java.nio.file.Path[] {saveBaseline, junit}) {
            if (f != null && (f.toAbsolutePath().getParent() == null || !java.nio.file.Files.isDirectory(f.toAbsolutePath().getParent()))) {
                throw new UsageException(f + ": no such directory");
            }
        }
        Progress progress = new Progress("compare", schemes.size() + notify.size());
        List<RunResult> schemeResults = new ArrayList<>();
        int step = 0;
        for (String s : schemes) {
            progress.step(step++, s);
            CompareConfig c = cfg;
            schemeResults.add(waves.run(() -> {
                Testbench tb = new Testbench(c, s, Testbench.NotifyRoute.SCHEME, false, trace, null);
                Faults.install(tb, faults);
                return tb;
            }, runSeed, s, s, spec.commandLine().getErr()));
        }
        List<RunResult> notifyResults = new ArrayList<>();
        for (String p : notify) {
            progress.step(step++, p);
            Testbench tb = new Testbench(cfg, "mmio", Testbench.NotifyRoute.of(p), true, trace, null);
            Faults.install(tb, faults);
            notifyResults.add(tb.run(p));
        }
        progress.done();
        if (report != null) {
            try {
                org.virtiosim.testbench.report.HtmlReport.write(report,
                        org.virtiosim.testbench.report.HtmlReport.compare(Scenarios.displayName(scenario), cfg, schemeResults, notifyResults));
            } catch (java.io.IOException e) {
                throw new UsageException("--report " + report + ": " + e.getMessage());
            }
            spec.commandLine().getErr().println("report: " + report);
        }
        String resultJson = CompareReport.json(name, cfg, schemeResults, notifyResults, faults);
        java.util.List<org.virtiosim.testbench.regress.Baseline.Regression> regressions = java.util.List.of();
        if (baselineJson != null) {
            try {
                regressions = org.virtiosim.testbench.regress.Baseline.compare(baselineJson,
                        new com.fasterxml.jackson.databind.ObjectMapper().readTree(resultJson), perMetric, defaultTolerance);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        if (saveBaseline != null) {
            try {
                java.nio.file.Files.writeString(saveBaseline, resultJson + "\n");
            } catch (java.io.IOException e) {
                throw new UsageException("--save-baseline " + saveBaseline + ": " + e.getMessage());
            }
        }
        if (junit != null) {
            org.virtiosim.testbench.regress.JunitXml x = new org.virtiosim.testbench.regress.JunitXml("virtio-sim compare " + name);
            for (RunResult r : schemeResults) {
                x.add("compare." + name + "." + r.name(), "no mismatches", r.mismatches() == 0 ? null : r.mismatches() + " mismatching reads");
                for (String check : RunResult.CHECKS) {
                    x.add("compare." + name + "." + r.name(), check, r.violations().get(check));
                }
            }
            for (RunResult r : notifyResults) {
                x.add("compare." + name + ".notify." + r.name(), "all notifies delivered",
                        r.kickCycles() != null && r.kickCycles().count() == r.accesses() ? null : "notifies without a queue kick");
            }
            if (baselineJson != null) {
                for (String section : new String[] {"schemes", "notify"}) {
                    for (RunResult r : section.equals("schemes") ? schemeResults : notifyResults) {
                        String run = section + "/" + r.name();
                        String failure = regressions.stream().filter(g -> g.run().equals(run))
                                .map(org.virtiosim.testbench.regress.Baseline.Regression::line).reduce((a, b) -> a + "; " + b).orElse(null);
                        x.add("compare." + name + "." + (section.equals("notify") ? "notify." : "") + r.name(), "within baseline " + baseline,
                                failure);
                    }
                }
            }
            try {
                x.write(junit);
            } catch (java.io.IOException e) {
                throw new UsageException("--junit " + junit + ": " + e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(resultJson);
        } else {
            CompareReport.text(out, name, cfg, schemeResults, notifyResults, faults);
        }
        out.flush();
        long mismatches = schemeResults.stream().mapToLong(RunResult::mismatches).sum();
        PrintWriter err = spec.commandLine().getErr();
        for (org.virtiosim.testbench.regress.Baseline.Regression g : regressions) {
            err.println("regression: " + g.line());
        }
        err.flush();
        boolean violations = schemeResults.stream().anyMatch(r -> !r.violations().isEmpty())
                || notifyResults.stream().anyMatch(r -> !r.violations().isEmpty());
        return mismatches > 0 || violations || !regressions.isEmpty() ? Main.EXIT_VIOLATION : Main.EXIT_OK;
    }

    /** Whether the option was given on the command line (rather than left at its default). */
    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    static ScenarioFile readScenarioFile(String path) {
        try {
            return ScenarioFileReader.read(Path.of(path));
        } catch (ScenarioFileException e) {
            throw new UsageException(e.getMessage());
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException("--scenario: '" + path + "' is not a valid path");
        }
    }

    static Trace loadScenario(String scenario, int vfs) {
        try {
            return Scenarios.load(scenario, vfs);
        } catch (TraceException e) {
            throw new UsageException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}

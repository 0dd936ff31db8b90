package org.virtiosim.testbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.study.CompareReport;
import org.virtiosim.testbench.compare.RunResult;
import org.virtiosim.testbench.compare.Scenarios;
import org.virtiosim.device.Backing;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.testbench.fault.Fault;
import org.virtiosim.testbench.fault.Faults;
import org.virtiosim.testbench.study.Study;
import org.virtiosim.testbench.study.StudyResult;
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
            "Runs the scenario on every VF once per scheme and once per notification path",
            "(virtio-sim list names them), and prints them side by side."})
final class CompareCommand implements Callable<Integer> {
    static final List<String> SCHEMES = Catalog.SCHEMES.ids();
    static final List<String> PATHS = Catalog.NOTIFY_ROUTES.ids();

    @Spec
    CommandSpec spec;
    @Option(names = "--scenario", paramLabel = "NAME|FILE", completionCandidates = Candidates.BuiltInScenarios.class, description = {"built-in scenario (see virtio-sim list), trace file, or scenario",
        "file (.yaml/.yml, docs/scenario-files.md; --vfs, --set, --schemes, --notify and --seed",
        "given here override it) (default ${DEFAULT-VALUE})"})
    String scenario = Scenarios.DEFAULT;
    @Option(names = "--vfs", description = "number of VFs, 1..65279: the Routing IDs after the PF at 01:00.0 (NumVFs 65535 would need the root complex's 0x0000 too; default ${DEFAULT-VALUE})")
    long vfs = 8;
    @Option(names = "--schemes", split = ",", completionCandidates = Candidates.Schemes.class, description = "schemes to run, or none (default: all, see virtio-sim list)")
    List<String> schemes = new ArrayList<>(SCHEMES);
    @Option(names = "--notify", split = ",", completionCandidates = Candidates.NotifyRoutes.class, description = "notification paths to run, or none (default: all, see virtio-sim list)")
    List<String> notify = new ArrayList<>(PATHS);
    @Option(names = "--seed", description = {"run seed (default ${DEFAULT-VALUE}): each VF's start offset and think-time jitter",
        "are drawn from it (vf_start_spread_us, think_jitter_ns)"})
    long seed = 1;
    @Option(names = "--repeat", paramLabel = "N", description = {"run N seeds (the seed, then the next ones) and report each figure's",
        "mean with its 95%% confidence interval (JSON ci95), 1..1000 (default ${DEFAULT-VALUE})"})
    long repeat = 1;
    @Option(names = "--backing", split = ",", paramLabel = "B", completionCandidates = Candidates.Backings.class, description = {"what serves legacy accesses in the device, the same for",
        "every scheme: hardware, firmware, or both (rows per scheme per backing; default: the backing parameter)"})
    List<String> backings = new ArrayList<>();
    @Option(names = "--set", paramLabel = "name=value", completionCandidates = Candidates.Assignments.class, description = "change a parameter (see docs/parameters.md); repeatable")
    List<String> settings = new ArrayList<>();
    @picocli.CommandLine.Mixin
    DeviceProfileOption device;
    @Option(names = "--json", description = "print JSON instead of tables")
    boolean json;
    @picocli.CommandLine.Mixin
    WaveformOptions waves;
    @Option(names = "--report", paramLabel = "FILE.html", description = "also write a self-contained HTML report (tables, SVG plots)")
    java.nio.file.Path report;
    @Option(names = "--plot", paramLabel = "FILE.png", description = "also write the latency CDFs as one PNG, for slides")
    java.nio.file.Path plot;
    @picocli.CommandLine.Mixin
    RegressionOptions regression;
    @picocli.CommandLine.Mixin
    FirmwareOptions firmware;
    @picocli.CommandLine.Mixin
    ThreadsOption threads;
    @Option(names = "--fault", paramLabel = "SPEC", completionCandidates = Candidates.FaultKinds.class, description = "inject a fault into every run: drop-completion@N, poison-completion@N, "
            + "late-completion@N, stall-firmware@T_US:D_US, surprise-reset@VF:T_US; repeatable")
    List<String> faults = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return OutputPlan.execute(this::run);
    }

    private int run(OutputPlan plan) {
        ScenarioFile file = ScenarioFileReader.isScenarioFile(scenario) ? readScenarioFile(scenario) : null;
        int n = file != null && !given("--vfs") ? file.vfs() : BenchCommand.vfs("--vfs", vfs);
        long runSeed = file != null && !given("--seed") ? file.seed() : seed;
        List<String> schemes = file != null && !given("--schemes") ? file.schemes() : this.schemes;
        List<String> notify = file != null && !given("--notify") ? file.notifyPaths() : this.notify;
        // "none" runs no scheme (or no notify path): a study of one side only.
        schemes = schemes.equals(List.of("none")) ? List.of() : schemes;
        notify = notify.equals(List.of("none")) ? List.of() : notify;
        if (schemes.isEmpty() && notify.isEmpty()) {
            throw new UsageException("--schemes none and --notify none: nothing to run");
        }
        List<String> schemeIds = UsageException.distinct("--schemes", schemes);
        List<String> routeIds = UsageException.distinct("--notify", notify);
        List<org.virtiosim.device.scheme.LegacyScheme> schemeList = UsageException.check("--schemes",
                () -> schemeIds.stream().map(Catalog.SCHEMES::require).toList());
        List<org.virtiosim.device.notify.NotifyRoute> routeList = UsageException.check("--notify",
                () -> routeIds.stream().map(Catalog.NOTIFY_ROUTES::require).toList());
        waves.validate();
        Workload w = workload(file, scenario, n);
        Trace trace = w.trace();
        String name = w.name();
        // A scenario file's device_profile and parameters, then --device-profile, then --set: what is given here wins.
        CompareConfig cfg = device.apply(w.config().withSeed(runSeed), settings);
        List<Fault> parsedFaults = UsageException.check(null, () -> Faults.parse(faults, n));
        int seeds = (int) BenchCommand.inRange("--repeat", repeat, 1, 1000);
        List<Backing> backingList = backings.isEmpty() ? List.of(cfg.get(Backing.PARAM)) : UsageException.check("--backing",
                () -> backings.stream().map(Backing.PARAM::parse).distinct().toList());
        declareInputs(plan, scenario, file);
        Output reportOut = ReportOutputs.declareReport(plan, report);
        Output plotOut = ReportOutputs.declarePlot(plan, plot);
        regression.validate(plan);
        org.virtiosim.testbench.study.FirmwareChoice fw = firmware.choice(plan, file != null ? file.firmware() : null,
                file != null ? "--scenario " + scenario + ": key 'firmware'" : null);
        List<String> waveSuffixes = new ArrayList<>();
        for (Backing b : backingList) {
            for (String id : schemeIds) {
                waveSuffixes.add(backingList.size() > 1 ? id + "-" + org.virtiosim.core.param.Param.id(b) : id);
            }
        }
        waves.declare(plan, waveSuffixes);
        int total = (schemes.size() + notify.size()) * backingList.size() * seeds;
        Progress progress = new Progress("compare", total);
        PrintWriter stderr = spec.commandLine().getErr();
        boolean manyBackings = backingList.size() > 1;
        // Each traced run's "where the files went" line, in run order whatever order the runs finish in.
        String[] said = new String[total];
        List<StudyResult> runs;
        try (org.virtiosim.testbench.study.RunPool pool = threads.pool()) {
            runs = Study.of(name, trace, cfg).schemes(schemeList).notifyRoutes(routeList).faults(parsedFaults).firmwareChoice(fw)
                    .backings(backingList).repeat(seeds).pool(pool).runner((slot, tb) -> {
                        progress.step(slot.name());
                        // Waveforms are of the first seed's scheme runs, a file per scheme (and backing).
                        String wave = manyBackings ? slot.name() + "-" + org.virtiosim.core.param.Param.id(slot.backing()) : slot.name();
                        return slot.scheme() && slot.seed() == 0
                                ? waves.run(tb, runSeed, slot.name(), wave, line -> said[slot.index()] = line) : tb.get().run(slot.name());
                    }).build().runRepeated();
        }
        for (String line : said) {
            if (line != null) {
                plan.announce(stderr, line);
            }
        }
        progress.done();
        StudyResult result = runs.get(0);
        List<RunResult> schemeResults = result.schemes();
        List<RunResult> notifyResults = result.notifyRoutes();
        CompareConfig reported = cfg;
        ReportOutputs.writeReport(reportOut, () -> org.virtiosim.testbench.report.HtmlReport.compare("compare", Scenarios.displayName(scenario),
                reported, schemeResults, notifyResults, faults, fw.name()), spec.commandLine().getErr());
        ReportOutputs.writePlot(plotOut, "virtio-sim compare: " + Scenarios.displayName(scenario) + ", " + cfg.vfs() + " VFs",
                org.virtiosim.testbench.report.HtmlReport.compareCharts(schemeResults, notifyResults), spec.commandLine().getErr());
        String resultJson = CompareReport.json(runs);
        List<org.virtiosim.testbench.regress.Baseline.Regression> regressions = regression.check(resultJson);
        regression.writeJunit("virtio-sim compare " + name + " on firmware " + fw.name(), "compare." + name, schemeResults, notifyResults, regressions);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(resultJson);
        } else {
            CompareReport.text(out, runs);
        }
        out.flush();
        long mismatches = runs.stream().mapToLong(StudyResult::mismatches).sum();
        PrintWriter err = spec.commandLine().getErr();
        RegressionOptions.printRegressions(err, regressions);
        StringBuilder wrong = new StringBuilder();
        appendMismatches(wrong, "", schemeResults);
        appendMismatches(wrong, "notify ", notifyResults);
        if (wrong.length() > 0) {
            // The table shows it too; this line says why the exit code is 1 (replay names each read).
            err.println("mismatching reads (a read returned other than the scenario expects): " + wrong);
        }
        err.flush();
        boolean violations = runs.stream().anyMatch(StudyResult::hasViolations);
        return mismatches > 0 || violations || !regressions.isEmpty() ? Main.EXIT_VIOLATION : Main.EXIT_OK;
    }

    /** The files a scenario reads: a trace file, or a scenario file and the trace it names. */
    static void declareInputs(OutputPlan plan, String scenario, ScenarioFile file) {
        if (file != null) {
            plan.input("--scenario " + scenario, file.file());
            if (file.workload().trace() != null) {
                plan.input("the trace " + file.workload().trace() + " of --scenario " + scenario, file.workload().trace());
            }
        } else if (!Scenarios.BUILT_IN.contains(scenario)) {
            try {
                plan.input("--scenario " + scenario, Path.of(scenario));
            } catch (java.nio.file.InvalidPathException notAFile) {
                // not a path: the scenario's own check says what it is
            }
        }
    }

    /** "name count" of each run with mismatching reads, after {@code prefix}, comma-separated. */
    private static void appendMismatches(StringBuilder wrong, String prefix, List<RunResult> runs) {
        for (RunResult r : runs) {
            if (r.mismatches() > 0) {
                wrong.append(wrong.length() == 0 ? "" : ", ").append(prefix).append(r.name()).append(' ').append(r.mismatches());
            }
        }
    }

    /** Whether the option was given on the command line (rather than left at its default). */
    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** A scenario's trace for {@code vfs} VFs, its config (a scenario file's, or the defaults) and the name it is reported under. */
    record Workload(Trace trace, CompareConfig config, String name) {
    }

    /** From the scenario file if there is one, else the built-in scenario or trace file {@code scenario}. */
    static Workload workload(ScenarioFile file, String scenario, int vfs) {
        if (file == null) {
            return new Workload(loadScenario(scenario, vfs), Scenarios.config(scenario, vfs), Scenarios.displayName(scenario));
        }
        try {
            return new Workload(file.workload().load(vfs), file.config().withVfs(vfs), file.name());
        } catch (ScenarioFileException e) {
            throw new UsageException(e.getMessage());
        }
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

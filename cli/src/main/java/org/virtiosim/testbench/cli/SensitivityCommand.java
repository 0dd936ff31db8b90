package org.virtiosim.testbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.virtiosim.core.param.Param;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.device.scheme.LegacyScheme;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.Parameters;
import org.virtiosim.testbench.compare.Scenarios;
import org.virtiosim.testbench.report.HtmlReport;
import org.virtiosim.testbench.scenario.ScenarioFile;
import org.virtiosim.testbench.scenario.ScenarioFileReader;
import org.virtiosim.testbench.sensitivity.Evaluation;
import org.virtiosim.testbench.sensitivity.Figures;
import org.virtiosim.testbench.sensitivity.Sensitivity;
import org.virtiosim.testbench.sensitivity.SensitivityReport;
import org.virtiosim.testbench.sensitivity.SensitivityResult;
import org.virtiosim.testbench.sensitivity.StudyEvaluation;
import org.virtiosim.testbench.study.RunPool;
import org.virtiosim.testbench.trace.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code virtio-sim sensitivity}: which assumptions the ranking of the schemes hangs on. */
@Command(name = "sensitivity", mixinStandardHelpOptions = true,
        description = {"Vary every parameter over its study range, one at a time, and show what it does to each scheme.",
            "Per parameter: the change in mean and p99 access latency at the low and high end of its range",
            "(docs/parameters.md), whether the ranking of the schemes by mean changes, and if so the crossover",
            "value (bisected) and the first pair of schemes to swap."})
final class SensitivityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--scenario", paramLabel = "NAME|FILE", completionCandidates = Candidates.BuiltInScenarios.class, description = {"built-in scenario (see virtio-sim list), trace file, or scenario",
        "file (.yaml/.yml; --vfs, --set, --schemes and --seed given here override it) (default ${DEFAULT-VALUE})"})
    String scenario = Scenarios.DEFAULT;
    @Option(names = "--vfs", description = "number of VFs, 1..65279: the Routing IDs after the PF at 01:00.0 (NumVFs 65535 would need the root complex's 0x0000 too; default ${DEFAULT-VALUE})")
    long vfs = 8;
    @Option(names = "--schemes", split = ",", completionCandidates = Candidates.Schemes.class, description = "schemes to rank, two or more (default: all, see virtio-sim list)")
    List<String> schemes = new ArrayList<>(Catalog.SCHEMES.ids());
    @Option(names = "--parameters", split = ",", paramLabel = "NAME", completionCandidates = Candidates.ParameterNames.class, description = "parameters to vary (default: every one virtio-sim list shows)")
    List<String> parameters = new ArrayList<>(Parameters.ALL.names());
    @Option(names = "--set", paramLabel = "name=value", completionCandidates = Candidates.Assignments.class, description = "change the base a parameter is varied from; repeatable")
    List<String> settings = new ArrayList<>();
    @Option(names = "--seed", description = "run seed (default ${DEFAULT-VALUE})")
    long seed = 1;
    @Option(names = "--steps", description = "bisection steps per crossover, 0..30 (default ${DEFAULT-VALUE})")
    int steps = Sensitivity.DEFAULT_STEPS;
    @Option(names = "--tie", paramLabel = "FRACTION", description = {"two schemes whose means differ by no more than this fraction of the",
        "larger are tied and cannot swap, 0..0.5 (default ${DEFAULT-VALUE}: 1%; 0 compares exactly)"})
    double tie = 0.01;
    @Option(names = "--json", description = "print JSON instead of tables")
    boolean json;
    @Option(names = "--report", paramLabel = "FILE.html", description = "also write an HTML report with a tornado chart per scheme")
    Path report;
    @picocli.CommandLine.Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws Exception {
        return OutputPlan.execute(this::run);
    }

    private int run(OutputPlan plan) {
        ScenarioFile file = ScenarioFileReader.isScenarioFile(scenario) ? CompareCommand.readScenarioFile(scenario) : null;
        int n = file != null && !given("--vfs") ? file.vfs() : BenchCommand.vfs("--vfs", vfs);
        long runSeed = file != null && !given("--seed") ? file.seed() : seed;
        List<String> schemeIds = UsageException.distinct("--schemes", file != null && !given("--schemes") ? file.schemes() : this.schemes);
        if (schemeIds.size() < 2) {
            throw new UsageException("--schemes: a ranking needs two or more schemes, got " + schemeIds.size());
        }
        List<LegacyScheme> schemeList = UsageException.check("--schemes", () -> schemeIds.stream().map(Catalog.SCHEMES::require).toList());
        if (schemeIds.stream().distinct().count() != schemeIds.size()) {
            throw new UsageException("--schemes: a scheme is named twice: " + String.join(",", schemeIds));
        }
        List<Param<?>> varied = new ArrayList<>();
        for (String name : parameters) {
            Param<?> p = Parameters.ALL.find(name);
            if (p == null) {
                throw new UsageException("--parameters: unknown parameter '" + name + "' (known: " + String.join(", ", Parameters.ALL.names()) + ")");
            }
            varied.add(p);
        }
        BenchCommand.inRange("--steps", steps, 0, 30);
        if (!(tie >= 0 && tie <= 0.5)) {
            throw new UsageException("--tie: expected a fraction from 0 to 0.5, got " + tie);
        }
        CompareCommand.Workload w = CompareCommand.workload(file, scenario, n);
        Trace trace = w.trace();
        String name = w.name();
        CompareConfig cfg = w.config().withSeed(runSeed);
        for (String s : settings) {
            CompareConfig before = cfg;
            cfg = UsageException.check(null, () -> Parameters.apply(before, s));
        }
        CompareCommand.declareInputs(plan, scenario, file);
        Output reportOut = ReportOutputs.declareReport(plan, report);
        // An upper bound: every value of every range, and every bisection step on each side of a span.
        int bound = 1;
        for (Param<?> p : varied) {
            bound += p.study().orElseThrow().values().size() + (p.isRange() ? 2 * steps : 0);
        }
        Progress progress = new Progress("sensitivity (up to " + bound + " runs)", bound);
        SensitivityResult result;
        Sensitivity study;
        try (RunPool pool = threads.pool()) {
            Evaluation model = new StudyEvaluation(name, trace, cfg, schemeList, pool);
            Evaluation counted = values -> {
                progress.step("");
                return model.evaluate(values);
            };
            study = Sensitivity.of(schemeIds, counted, cfg.params(), varied).bisectionSteps(steps).tolerance(tie).pool(pool);
            result = study.run();
        }
        progress.done();
        CompareConfig base = cfg;
        ReportOutputs.writeReport(reportOut, () -> HtmlReport.sensitivity(name, base, result, SensitivityReport.baseSettings(base)),
                spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(SensitivityReport.json(name, cfg, study, result));
        } else {
            SensitivityReport.text(out, name, cfg, study, result);
        }
        out.flush();
        // The base is the comparison's footing: a broken base run is a failed check; a broken extreme is a finding, shown as such.
        boolean baseFailed = result.base().figures().stream().mapToLong(Figures::failed).sum() > 0;
        return baseFailed ? Main.EXIT_VIOLATION : Main.EXIT_OK;
    }

    /** Whether the option was given on the command line (rather than left at its default). */
    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }
}

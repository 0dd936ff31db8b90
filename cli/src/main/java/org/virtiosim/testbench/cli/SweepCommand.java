package org.virtiosim.testbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.virtiosim.core.param.NumberText;
import org.virtiosim.testbench.compare.Parameters;
import org.virtiosim.testbench.compare.Scenarios;
import org.virtiosim.testbench.regress.JunitXml;
import org.virtiosim.testbench.report.HtmlReport;
import org.virtiosim.testbench.sweep.Grid;
import org.virtiosim.testbench.sweep.Sweep;
import org.virtiosim.testbench.sweep.SweepOutput;
import org.virtiosim.testbench.sweep.SweepRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code virtio-sim sweep}: a parameter grid, in parallel, to results.csv and results.json. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a grid of compare runs (one scheme per point) in parallel over the cores.",
            "Dimensions: vfs, scheme (every scheme unless varied), device_profile and any --set parameter (virtio-sim list)."})
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--vary", paramLabel = "KEY=V1,V2,...", description = {"a grid dimension; repeatable; the first varies slowest;",
        "a list-valued parameter's values are separated by ';' (queue_sizes=256,256,256;256,256,64)"})
    List<String> vary = new ArrayList<>();
    @picocli.CommandLine.Mixin
    DeviceProfileOption device;
    @Option(names = "--scenario", paramLabel = "NAME|FILE", completionCandidates = Candidates.BuiltInScenarios.class, description = "built-in scenario or trace file (default ${DEFAULT-VALUE})")
    String scenario = Scenarios.DEFAULT;
    @Option(names = "--seed", description = "run seed, written in every row (default ${DEFAULT-VALUE})")
    long seed = 1;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where results.csv and results.json go")
    Path out;
    @Option(names = "--resume", description = "skip the points already in DIR's results")
    boolean resume;
    @Option(names = "--max-wall", paramLabel = "DURATION", description = "start no point after this long (e.g. 90s, 20m, 2h), keep what is done")
    String maxWall;
    @Option(names = "--shard", paramLabel = "I/N", description = "run only points with index mod N = I; I may be 'auto' "
            + "(from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)")
    String shard;
    @Option(names = "--threads", description = "parallel runs (default: the number of cores)")
    int threads = Runtime.getRuntime().availableProcessors();
    @Option(names = "--report", paramLabel = "FILE.html", description = "also write a self-contained HTML report (plots against the varied parameters)")
    Path report;
    @Option(names = "--plot", paramLabel = "FILE.png", description = "also write the plots against VFs as one PNG (needs --vary vfs)")
    Path plot;
    @Option(names = "--junit", paramLabel = "FILE.xml", description = "write JUnit XML: one test case per grid point and check")
    Path junit;
    @picocli.CommandLine.Mixin
    FirmwareOptions firmware;

    @Override
    public Integer call() throws Exception {
        return OutputPlan.execute(this::run);
    }

    private int run(OutputPlan plan) throws Exception {
        LinkedHashMap<String, List<String>> dims = new LinkedHashMap<>();
        for (String v : vary) {
            int eq = v.indexOf('=');
            if (eq <= 0 || eq == v.length() - 1) {
                throw new UsageException("--vary '" + v + "': expected KEY=V1,V2,...");
            }
            String key = v.substring(0, eq).trim();
            if (dims.containsKey(key)) {
                throw new UsageException("--vary " + key + " given twice");
            }
            List<String> values = new ArrayList<>();
            // A list-valued parameter's own text has commas (queue_sizes=256,256,64): its values are separated by ';'.
            org.virtiosim.core.param.Param<?> p = Parameters.ALL.find(key);
            for (String x : v.substring(eq + 1).split(p != null && p.isList() ? ";" : ",", -1)) {
                values.add(x.trim());
            }
            validate(key, values);
            dims.put(key, values);
        }
        if (device.profile != null) {
            if (dims.containsKey(Sweep.DEVICE_PROFILE)) {
                throw new UsageException("--device-profile and --vary " + Sweep.DEVICE_PROFILE + ": give the profile once");
            }
            validate(Sweep.DEVICE_PROFILE, List.of(device.profile));
            // One profile for every point: a dimension of one value, first, so each row names it.
            LinkedHashMap<String, List<String>> withProfile = new LinkedHashMap<>();
            withProfile.put(Sweep.DEVICE_PROFILE, List.of(device.profile));
            withProfile.putAll(dims);
            dims.clear();
            dims.putAll(withProfile);
        }
        if (!dims.containsKey("scheme")) {
            dims.put("scheme", CompareCommand.SCHEMES);
        }
        // Every row names its firmware: a dimension of one value unless varied (--vary firmware=a,b).
        ClassLoader firmwareLoader = firmware.loader(plan);
        if (dims.containsKey(Sweep.FIRMWARE) && firmware.given()) {
            throw new UsageException("--firmware and --vary firmware: give the firmware once");
        }
        if (!dims.containsKey(Sweep.FIRMWARE)) {
            dims.put(Sweep.FIRMWARE, List.of(firmware.given() ? firmware.firmware : org.virtiosim.testbench.study.FirmwareChoice.DEFAULT.name()));
        }
        for (String f : dims.get(Sweep.FIRMWARE)) {
            UsageException.check(firmware.given() ? "--firmware" : "--vary firmware",
                    () -> org.virtiosim.testbench.study.FirmwareChoice.resolve(f, firmwareLoader));
        }
        if (threads < 1 || threads > 256) {
            throw new UsageException("--threads must be 1..256, got " + threads);
        }
        int[] sh = parseShard();
        if (plot != null && (!dims.containsKey("vfs") || dims.get("vfs").size() < 2)) {
            throw new UsageException("--plot: the sweep's plots are against VFs; vary vfs over two values or more");
        }
        long deadline = Long.MAX_VALUE;
        if (maxWall != null) {
            long wall = parseDuration(maxWall).toNanos();
            long now = System.nanoTime();
            deadline = now > Long.MAX_VALUE - wall ? Long.MAX_VALUE : now + wall;
        }
        if (org.virtiosim.testbench.scenario.ScenarioFileReader.isScenarioFile(scenario)) {
            throw new UsageException("--scenario " + NumberText.echo(scenario) + ": sweep takes a built-in scenario or a trace file; "
                    + "a scenario file (.yaml) is for compare and sensitivity");
        }
        // A bad scenario fails now, not in a worker: at the fewest VFs of the grid (rows for a VF beyond them are an error).
        CompareCommand.loadScenario(scenario, dims.containsKey("vfs") ? dims.get("vfs").stream().mapToInt(v -> (int) parseLong("vfs", v))
                .min().orElse(1) : Sweep.DEFAULT_VFS);
        CompareCommand.declareInputs(plan, scenario, null);
        // The results are a checkpoint, rewritten whole after every point and kept if the run fails: --resume goes on from them.
        plan.reserve("--out", out, SweepOutput.JSON, SweepOutput.CSV);
        Output reportOut = ReportOutputs.declareReport(plan, report);
        Output plotOut = ReportOutputs.declarePlot(plan, plot);
        Output junitOut = plan.optional("--junit", junit, null);
        Grid grid;
        try {
            grid = new Grid(dims);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        TreeMap<Integer, SweepRow> done = new TreeMap<>();
        if (resume && Files.isRegularFile(out.resolve(SweepOutput.JSON))) {
            SweepOutput.Results prior;
            try {
                prior = SweepOutput.read(out);
            } catch (IOException e) {
                throw new UsageException(e.getMessage());
            }
            if (!prior.grid().equals(grid.dimensions()) || prior.seed() != seed
                    || !prior.scenario().equals(Scenarios.displayName(scenario))) {
                throw new UsageException("--resume: " + out.resolve(SweepOutput.JSON) + " holds a different grid, seed or scenario");
            }
            done = prior.rows();
            int points = new Sweep(grid, scenario, seed, out, 1).pointsInShard(0, 1);
            for (int p : done.keySet()) {
                if (p >= points) {
                    throw new UsageException("--resume: " + out.resolve(SweepOutput.JSON) + ": row " + p + " is beyond the grid's "
                            + points + " points (0.." + (points - 1) + ")");
                }
            }
        } else if (!resume && Files.exists(out.resolve(SweepOutput.JSON))) {
            throw new UsageException(out + " already holds results: use --resume to continue them, or another --out");
        }
        Sweep sweep = new Sweep(grid, scenario, seed, out, threads, firmwareLoader);
        int total = sweep.pointsInShard(sh[0], sh[1]);
        PrintWriter err = spec.commandLine().getErr();
        int already = done.size();
        long startNanos = System.nanoTime();
        long[] lastBeat = {startNanos};
        TreeMap<Integer, SweepRow> rows;
        try {
            if (System.console() != null) {
                try (ProgressBar bar = new ProgressBarBuilder().setTaskName("sweep").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                        .continuousUpdate().build()) {
                    bar.stepTo(already);
                    rows = sweep.run(sh[0], sh[1], done, deadline, n -> bar.stepTo(n));
                }
            } else {
                rows = sweep.run(sh[0], sh[1], done, deadline, n -> {
                    long now = System.nanoTime();
                    if (now - lastBeat[0] > 10_000_000_000L || n == total) {
                        lastBeat[0] = now;
                        err.printf(Locale.ROOT, "sweep: %d/%d points done%n", n, total);
                        err.flush();
                    }
                });
            }
        } catch (java.io.UncheckedIOException e) {
            throw new UsageException("--out " + out + ": " + OutputPath.reason(e));
        }
        int finished = rows.size();
        if (finished < total) {
            err.printf(Locale.ROOT, "sweep: stopped at --max-wall %s with %d of %d points done; --resume continues%n", maxWall, finished, total);
        }
        err.printf(Locale.ROOT, "sweep: %s, %s (%d points, %.1f s)%n", out.resolve(SweepOutput.CSV), out.resolve(SweepOutput.JSON),
                finished, (System.nanoTime() - startNanos) / 1e9);
        err.flush();
        TreeMap<Integer, SweepRow> results = rows;
        ReportOutputs.writeReport(reportOut, () -> HtmlReport.sweep(Scenarios.displayName(scenario), grid.dimensions(), results), err);
        err.flush();
        ReportOutputs.writePlot(plotOut, "virtio-sim sweep: " + Scenarios.displayName(scenario), HtmlReport.sweepCharts(grid.dimensions(), rows), err);
        if (junitOut != null) {
            OutputPlan.write(junitOut, junit(rows, grid.dimensions().keySet()).text());
            junitOut.announce(err, "junit: " + junit);
        }
        long failures = rows.values().stream().mapToLong(r -> r.figures().failures()).sum();
        return failures > 0 ? Main.EXIT_VIOLATION : Main.EXIT_OK;
    }

    private static void validate(String key, List<String> values) {
        for (String v : values) {
            if (v.isEmpty()) {
                throw new UsageException("--vary " + key + ": empty value");
            }
            switch (key) {
                case "vfs" -> BenchCommand.vfs("--vary vfs", parseLong(key, v));
                case "scheme" -> UsageException.check("--vary scheme", () -> org.virtiosim.device.catalog.Catalog.SCHEMES.require(v));
                case Sweep.DEVICE_PROFILE -> UsageException.check("--device-profile",
                        () -> org.virtiosim.device.profile.DeviceProfiles.REGISTRY.require(v));
                case Sweep.FIRMWARE -> {
                    // checked once the firmware class path is known
                }
                default -> UsageException.check("--vary", () -> Parameters.set(org.virtiosim.testbench.compare.CompareConfig.defaults(1), key, v));
            }
        }
    }

    private static long parseLong(String key, String v) {
        return UsageException.check("--vary " + key, () -> NumberText.whole(v, Long.MIN_VALUE, Long.MAX_VALUE, ""));
    }

    private int[] parseShard() {
        if (shard == null) {
            return new int[] {0, 1};
        }
        String[] p = shard.split("/", -1);
        try {
            if (p.length != 2) {
                throw new NumberFormatException();
            }
            int n = (int) NumberText.whole(p[1], 1, Integer.MAX_VALUE, "");
            int i;
            if (p[0].equals("auto")) {
                String env = System.getenv("SLURM_ARRAY_TASK_ID");
                if (env == null) {
                    env = System.getenv("JOB_COMPLETION_INDEX");
                }
                if (env == null) {
                    throw new UsageException("--shard auto/" + n + ": neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set");
                }
                i = (int) NumberText.whole(env, 0, Integer.MAX_VALUE, "");
            } else {
                i = (int) NumberText.whole(p[0], 0, Integer.MAX_VALUE, "");
            }
            if (n < 1 || i < 0 || i >= n) {
                throw new UsageException("--shard " + shard + ": need 0 <= I < N");
            }
            return new int[] {i, n};
        } catch (IllegalArgumentException e) {
            throw new UsageException("--shard must be I/N (or auto/N), got '" + NumberText.echo(shard) + "'");
        }
    }

    /** Longest --max-wall: a year; a longer one (or an overflowing one) is a typo, not a plan. */
    static final Duration MAX_WALL = Duration.ofDays(366);

    static Duration parseDuration(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        String usage = "--max-wall must be a positive duration up to 366 days, like 90s, 20m, 2h or PT1H30M, got '"
                + NumberText.echo(s) + "'";
        Duration d;
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(.+?)\\s*(ms|s|m|h)").matcher(t);
            if (t.startsWith("p")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else if (m.matches()) {
                Duration unit = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(1);
                    case "s" -> Duration.ofSeconds(1);
                    case "m" -> Duration.ofMinutes(1);
                    default -> Duration.ofHours(1);
                };
                long n = NumberText.whole(m.group(1), 1, MAX_WALL.dividedBy(unit), "");
                d = unit.multipliedBy(n);
            } else {
                throw new UsageException(usage);
            }
        } catch (IllegalArgumentException | ArithmeticException | java.time.format.DateTimeParseException e) {
            throw new UsageException(usage);
        }
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_WALL) > 0) {
            throw new UsageException(usage);
        }
        return d;
    }

    /** A test case per point and check, named by the point's parameters, so a CI page shows which point failed. */
    private JunitXml junit(TreeMap<Integer, SweepRow> rows, java.util.Set<String> keys) {
        String name = Scenarios.displayName(scenario);
        JunitXml x = new JunitXml("virtio-sim sweep " + name);
        for (SweepRow row : rows.values()) {
            StringBuilder point = new StringBuilder("sweep." + name);
            for (String k : keys) {
                point.append('.').append(k).append('=').append(row.parameters().get(k));
            }
            long m = row.figures().mismatches();
            long cto = row.figures().completionTimeouts();
            x.add(point.toString(), "no mismatches", m == 0 ? null : m + " mismatching reads");
            x.add(point.toString(), "no completion timeouts", cto == 0 ? null : cto + " completion timeouts");
            long pv = row.figures().protocolViolations();
            x.add(point.toString(), "protocol checks pass", pv == 0 ? null : pv + " of the protocol checks failed (run compare at this point for the report)");
        }
        return x;
    }
}

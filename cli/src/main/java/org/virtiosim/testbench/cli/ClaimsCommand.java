package org.virtiosim.testbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.virtiosim.testbench.claims.ClaimContext;
import org.virtiosim.testbench.claims.ClaimResult;
import org.virtiosim.testbench.claims.Claims;
import org.virtiosim.testbench.claims.ClaimsReport;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.Parameters;
import org.virtiosim.testbench.report.ClaimsHtml;
import org.virtiosim.testbench.study.RunPool;
import org.virtiosim.testbench.trust.TrustRow;
import org.virtiosim.testbench.trust.TrustStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The thread's claims, each checked against runs: evidence and a computed verdict. */
@Command(name = "claims", mixinStandardHelpOptions = true,
        description = {"Check the claims of the May 2023 virtio-comment thread against the simulation.",
            "Each claim: who made it, the figures measured, and a verdict computed by its stated rule:",
            "holds, refuted, or depends (naming the parameter and where the sensitivity analysis found it turns)."})
final class ClaimsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--vfs", description = "number of VFs, 1..65279: the Routing IDs after the PF at 01:00.0 (NumVFs 65535 would need the root complex's 0x0000 too; default ${DEFAULT-VALUE})")
    long vfs = 8;
    @Option(names = "--seed", description = "run seed (default ${DEFAULT-VALUE})")
    long seed = 1;
    @Option(names = "--set", paramLabel = "name=value", completionCandidates = Candidates.Assignments.class, description = "change a parameter every run starts from; repeatable")
    List<String> settings = new ArrayList<>();
    @Option(names = "--no-sensitivity", description = "judge comparative claims at the base only (faster: no sensitivity analysis)")
    boolean noSensitivity;
    @Option(names = "--no-trust", description = "leave out the trust study (PF-driver faults under each design, at "
            + TrustStudy.DEFAULT_VFS + " VFs)")
    boolean noTrust;
    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;
    @Option(names = "--series", split = ",", paramLabel = "N", description = {"VF counts of claim 4's reset-storm series, "
        + "ascending (default 1,4,16,64,256,1024,4096)"})
    List<Long> series = new ArrayList<>();
    @Option(names = "--report", paramLabel = "FILE.html", description = "also write a self-contained HTML report: a section per claim "
            + "with its evidence and plots")
    Path report;
    @picocli.CommandLine.Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws Exception {
        return OutputPlan.execute(this::run);
    }

    @SuppressWarnings("unchecked") // the parts' results, each of the type its part returns
    private int run(OutputPlan plan) {
        int n = BenchCommand.vfs("--vfs", vfs);
        CompareConfig cfg = CompareConfig.defaults(n).withSeed(seed);
        for (String s : settings) {
            try {
                cfg = Parameters.apply(cfg, s);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        List<Integer> seriesVfs = seriesVfs();
        Output reportOut = ReportOutputs.declareReport(plan, report);
        CompareConfig base = cfg;
        List<ClaimResult> results;
        List<TrustRow> trust;
        try (RunPool pool = threads.pool()) {
            ClaimContext context = UsageException.check("--series", () -> new ClaimContext(base, !noSensitivity, seriesVfs, pool));
            // The claims and the trust study at once; each part's runs on the same pool.
            List<Supplier<List<?>>> parts = List.of(() -> Claims.check(context),
                    () -> noTrust ? List.of() : new TrustStudy(TrustStudy.DEFAULT_VFS, seed).run(pool));
            List<List<?>> done = pool.parts(parts);
            results = (List<ClaimResult>) done.get(0);
            trust = (List<TrustRow>) done.get(1);
        }
        CompareConfig done = cfg;
        ReportOutputs.writeReport(reportOut, () -> ClaimsHtml.page(done, results, trust, parameters(n, seriesVfs)), spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(ClaimsReport.json(cfg, results, trust));
        } else {
            ClaimsReport.text(out, cfg, results, trust);
        }
        out.flush();
        return Main.EXIT_OK;
    }

    /** The series' VF counts: as given, each in range (the order is ClaimContext's to check), or the default. */
    private List<Integer> seriesVfs() {
        if (series.isEmpty()) {
            return ClaimContext.SERIES_VFS;
        }
        List<Integer> given = new ArrayList<>();
        for (long v : series) {
            given.add((int) BenchCommand.inRange("--series", v, 1, 65535));
        }
        return given;
    }

    /** What this run was given, as options (no output paths: the same run gives the same report bytes). */
    private List<String> parameters(int n, List<Integer> seriesVfs) {
        List<String> p = new ArrayList<>(List.of("--vfs " + n, "--seed " + seed));
        settings.forEach(s -> p.add("--set " + s));
        if (noSensitivity) {
            p.add("--no-sensitivity");
        }
        if (noTrust) {
            p.add("--no-trust");
        }
        p.add("--series " + String.join(",", seriesVfs.stream().map(String::valueOf).toList()));
        return p;
    }
}

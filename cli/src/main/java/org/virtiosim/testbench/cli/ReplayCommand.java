package org.virtiosim.testbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.study.CompareReport;
import org.virtiosim.testbench.compare.RunResult;
import org.virtiosim.testbench.compare.Testbench;
import org.virtiosim.testbench.fault.Faults;
import org.virtiosim.testbench.regress.Baseline;
import org.virtiosim.testbench.report.HtmlReport;
import org.virtiosim.testbench.trace.Trace;
import org.virtiosim.testbench.trace.TraceException;
import org.virtiosim.testbench.trace.TraceReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Replays a guest's legacy access trace on every VF through one scheme; a wrong read is reported and exits 1. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay a legacy access trace on every VF through one scheme.",
            "The trace is CSV: op,offset,size,value[,vf][,delay_ns]; it runs on every VF,",
            "each VF its own copy, concurrently. A read that returns other than the",
            "trace's expected value is a mismatch: reported with its line, exit code 1."})
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--trace", required = true, paramLabel = "FILE", description = "the trace, CSV")
    Path trace;
    @Option(names = "--scheme", required = true, completionCandidates = Candidates.Schemes.class, description = "a scheme (virtio-sim list names them)")
    String scheme;
    @Option(names = "--vfs", description = "number of VFs, 1..65279: the Routing IDs after the PF at 01:00.0 (NumVFs 65535 would need the root complex's 0x0000 too; default ${DEFAULT-VALUE})")
    long vfs = 8;
    @picocli.CommandLine.Mixin
    DeviceProfileOption device;
    @Option(names = "--set", paramLabel = "name=value", completionCandidates = Candidates.Assignments.class, description = "change a parameter (see docs/parameters.md); repeatable")
    List<String> settings = new ArrayList<>();
    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;
    @picocli.CommandLine.Mixin
    WaveformOptions waves;
    @Option(names = "--report", paramLabel = "FILE.html", description = "also write a self-contained HTML report (tables, SVG plots)")
    Path report;
    @Option(names = "--plot", paramLabel = "FILE.png", description = "also write the latency CDF as a PNG, for slides")
    Path plot;
    @picocli.CommandLine.Mixin
    RegressionOptions regression;
    @picocli.CommandLine.Mixin
    FirmwareOptions firmware;
    @Option(names = "--fault", paramLabel = "SPEC", completionCandidates = Candidates.FaultKinds.class, description = "inject a fault, as in compare; repeatable")
    List<String> faults = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return OutputPlan.execute(this::run);
    }

    private int run(OutputPlan plan) throws Exception {
        org.virtiosim.device.scheme.LegacyScheme legacyScheme = UsageException.check("--scheme",
                () -> org.virtiosim.device.catalog.Catalog.SCHEMES.require(scheme));
        int n = BenchCommand.vfs("--vfs", vfs);
        waves.validate();
        CompareConfig cfg = device.apply(CompareConfig.defaults(n), settings);
        List<org.virtiosim.testbench.fault.Fault> parsedFaults = UsageException.check(null, () -> Faults.parse(faults, n));
        if (!Files.isRegularFile(trace)) {
            throw new UsageException(trace + ": no such file");
        }
        plan.input("--trace " + trace, trace);
        Output reportOut = ReportOutputs.declareReport(plan, report);
        Output plotOut = ReportOutputs.declarePlot(plan, plot);
        regression.validate(plan);
        org.virtiosim.testbench.study.FirmwareChoice fw = firmware.choice(plan, null, null);
        waves.declare(plan, java.util.Collections.singletonList(null));
        Trace t;
        try {
            t = new TraceReader(TraceReader.VIRTIO_NET_MSIX_CONFIG_END).read(trace).requireVfs(n);
        } catch (TraceException e) {
            throw new UsageException(e.getMessage());
        }
        List<String> mismatches = new ArrayList<>();
        String file = trace.getFileName().toString();
        Trace trace0 = t;
        org.virtiosim.testbench.trace.RowRegisters registers = new org.virtiosim.testbench.trace.RowRegisters(t);
        RunResult r = org.virtiosim.testbench.study.Study.of(file, trace0, cfg).schemes(List.of(legacyScheme)).notifyRoutes(List.of())
                .faults(parsedFaults).firmwareChoice(fw).mismatchLog((vf, row, got) -> {
                    if (mismatches.size() < 100) {
                        mismatches.add(String.format(Locale.ROOT, "mismatch: %s:%d: VF %d read 0x%02x (%s, %d bytes) returned 0x%x, expected 0x%x",
                                file, row.line(), vf, row.offset(), registers.of(row), row.size(), got, row.value()));
                    }
                }).runner((slot, tb) -> waves.run(tb, 1, slot.name(), null, spec.commandLine().getErr())).build().run().schemes().get(0);
        ReportOutputs.writeReport(reportOut, () -> HtmlReport.compare("replay", file, cfg, List.of(r), List.of(), faults, fw.name()),
                spec.commandLine().getErr());
        ReportOutputs.writePlot(plotOut, "virtio-sim replay: " + file + ", " + n + " VFs, " + scheme, HtmlReport.compareCharts(List.of(r), List.of()),
                spec.commandLine().getErr());
        // The baseline is compare-shaped JSON (one scheme row), so compare and replay baselines read alike.
        List<Baseline.Regression> regressions = regression.check(CompareReport.json(file, cfg, List.of(r), List.of(), faults, fw.name()));
        regression.writeJunit("virtio-sim replay " + file + " on firmware " + fw.name(), "replay." + file, List.of(r), List.of(), regressions);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper m = new ObjectMapper();
            ObjectNode root = m.createObjectNode();
            root.put("schema_version", CompareReport.SCHEMA_VERSION);
            root.put("trace", file);
            root.put("vfs", n);
            root.put("firmware", fw.name());
            if (!faults.isEmpty()) {
                faults.forEach(root.putArray("faults")::add);
            }
            CompareReport.fields(root, r, "scheme");
            out.println(m.writeValueAsString(root));
        } else {
            CompareReport.text(out, file, cfg, List.of(r), List.of(), faults, fw.name());
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        for (String s : mismatches) {
            err.println(s);
        }
        if (r.mismatches() > mismatches.size()) {
            err.println("... " + (r.mismatches() - mismatches.size()) + " more mismatches");
        }
        long unchecked = trace0.reads(n, false);
        if (unchecked > 0) {
            err.println("reads: " + trace0.reads(n, true) + " checked, " + unchecked + " unchecked (value " + TraceReader.UNCHECKED
                    + " in the trace: a value the model does not reproduce, e.g. ISR with MSI-X off)");
        }
        RegressionOptions.printRegressions(err, regressions);
        err.flush();
        return r.mismatches() > 0 || !r.violations().isEmpty() || !regressions.isEmpty() ? Main.EXIT_VIOLATION : Main.EXIT_OK;
    }
}

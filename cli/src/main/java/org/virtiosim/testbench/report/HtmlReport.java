package org.virtiosim.testbench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.virtiosim.core.stats.LatencyStats;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.RunResult;
import org.virtiosim.testbench.sensitivity.ParameterEffect;
import org.virtiosim.testbench.sensitivity.Point;
import org.virtiosim.testbench.sensitivity.SensitivityReport;
import org.virtiosim.testbench.sensitivity.SensitivityResult;
import org.virtiosim.testbench.sweep.SweepRow;

/**
 * One self-contained HTML file per report: tables and inline SVG plots, no scripts, no external
 * files, the same bytes for the same results (no timestamps), written whole or not at all.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    private static final double[] CDF_PERCENTILES;

    static {
        double[] p = new double[102];
        for (int i = 0; i < 100; i++) {
            p[i] = i + 1;
        }
        p[100] = 99.9;
        p[101] = 99.99;
        java.util.Arrays.sort(p);
        CDF_PERCENTILES = p;
    }

    /** The report of a compare or replay run ({@code command}), with the faults injected, if any. */
    public static String compare(String command, String scenario, CompareConfig cfg, List<RunResult> schemes, List<RunResult> notify,
            List<String> faults) {
        return compare(command, scenario, cfg, schemes, notify, faults, org.virtiosim.testbench.study.FirmwareChoice.DEFAULT.name());
    }

    /** As the other, on the firmware named {@code firmware}. */
    public static String compare(String command, String scenario, CompareConfig cfg, List<RunResult> schemes, List<RunResult> notify,
            List<String> faults, String firmware) {
        StringBuilder b = begin("virtio-sim " + command + ": " + scenario);
        b.append("<p>").append(Svg.esc(String.format(Locale.ROOT, "scenario %s, %d VFs, PCIe gen%d x%d, device clock %d MHz, seed %d, firmware %s",
                scenario, cfg.vfs(), cfg.link().generation().number(), cfg.link().lanes(), 1_000_000 / cfg.device().clockPs(), cfg.seed(),
                firmware))).append("</p>\n");
        if (!schemes.isEmpty()) {
            b.append("<h2>Legacy register access, per scheme</h2>\n").append(table(schemes, false));
            b.append(Svg.lines(schemeCdf(schemes))).append('\n');
            b.append(perAccessBars(schemes, "scheme")).append('\n');
            if (!schemes.get(0).phases().isEmpty()) {
                b.append(phases(schemes));
            }
        }
        if (!notify.isEmpty()) {
            b.append("<h2>Queue notify, per notification path</h2>\n").append(table(notify, true));
            b.append(Svg.lines(notifyCdf(notify))).append('\n');
            b.append(perAccessBars(notify, "path")).append('\n');
        }
        b.append("<h2>Protocol checks</h2>\n<ul>\n");
        if (!faults.isEmpty()) {
            b.append("<li>faults injected: ").append(Svg.esc(String.join(", ", faults))).append("</li>\n");
        }
        boolean clean = true;
        for (List<RunResult> runs : List.of(schemes, notify)) {
            for (RunResult r : runs) {
                for (Map.Entry<String, String> e : r.violations().entrySet()) {
                    b.append("<li><b>VIOLATION</b> ").append(Svg.esc((runs == notify ? "notify " : "") + r.name() + ": " + e.getKey() + ": "
                            + e.getValue())).append("</li>\n");
                    clean = false;
                }
            }
        }
        if (clean) {
            b.append("<li>").append(Svg.esc(String.join("; ", RunResult.CHECKS))).append(": all passed</li>\n");
        }
        b.append("</ul>\n");
        return end(b);
    }

    /** Per phase of a marked trace, a column per scheme: the phase's accesses of one VF added up, µs (mean of one, ns). */
    private static String phases(List<RunResult> schemes) {
        StringBuilder b = new StringBuilder("<h2>Per trace phase (the guest's markers)</h2>\n<p>Per scheme: the phase's accesses of one VF"
                + " added up, µs (the mean of one, ns).</p>\n<table>\n<tr><th>phase</th><th>accesses per VF</th>");
        schemes.forEach(r -> b.append("<th>").append(Svg.esc(r.name())).append("</th>"));
        b.append("</tr>\n");
        RunResult first = schemes.get(0);
        for (org.virtiosim.testbench.compare.PhaseFigures p : first.phases()) {
            b.append("<tr><td>").append(Svg.esc(p.phase())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", (double) p.accesses() / p.vfs())).append("</td>");
            for (RunResult r : schemes) {
                org.virtiosim.testbench.compare.PhaseFigures q = r.phases().stream().filter(x -> x.phase().equals(p.phase())).findFirst()
                        .orElse(null);
                b.append("<td>").append(q == null ? "-" : String.format(Locale.ROOT, "%.2f (%.1f)", q.perVfUs(), q.meanNs())).append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    /** The report of a sweep: each varied parameter against the results, one line per scheme. */
    public static String sweep(String scenario, Map<String, List<String>> grid, TreeMap<Integer, SweepRow> rows) {
        StringBuilder b = begin("virtio-sim sweep: " + scenario);
        b.append("<p>").append(Svg.esc(rows.size() + " points; grid " + grid)).append("</p>\n");
        if (grid.containsKey("vfs") && grid.get("vfs").size() > 1) {
            b.append("<h2>Against the number of VFs</h2>\n");
            for (LineChart c : sweepCharts(grid, rows)) {
                b.append(Svg.lines(c)).append('\n');
            }
        }
        b.append("<h2>All points</h2>\n<table>\n");
        boolean header = true;
        for (SweepRow r : rows.values()) {
            if (header) {
                b.append("<tr>");
                r.cells().keySet().forEach(k -> b.append("<th>").append(Svg.esc(k)).append("</th>"));
                b.append("</tr>\n");
                header = false;
            }
            b.append("<tr>");
            r.cells().values().forEach(v -> b.append("<td>").append(Svg.esc(v)).append("</td>"));
            b.append("</tr>\n");
        }
        b.append("</table>\n");
        return end(b);
    }

    /**
     * The report of a sensitivity study: the base, a row per parameter (range, ranking change,
     * crossover), and a tornado chart per scheme of the change in mean access latency at each
     * parameter's low and high end, widest swing first.
     */
    public static String sensitivity(String scenario, CompareConfig cfg, SensitivityResult r, List<String> baseSettings) {
        StringBuilder b = begin("virtio-sim sensitivity: " + scenario);
        b.append("<p>").append(Svg.esc(String.format(Locale.ROOT, "scenario %s, %d VFs, seed %d, base %s; each parameter over its study "
                + "range (docs/parameters.md), the others at the base; %d runs", scenario, cfg.vfs(), cfg.seed(),
                baseSettings.isEmpty() ? "the defaults" : String.join(" ", baseSettings), r.runs()))).append("</p>\n");
        b.append("<h2>Base</h2>\n<table>\n<tr><th>scheme</th><th>mean cycles</th><th>p99</th></tr>\n");
        for (int i = 0; i < r.schemes().size(); i++) {
            b.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.1f</td><td>%d</td></tr>%n", Svg.esc(r.schemes().get(i)),
                    r.base().scheme(i).mean(), r.base().scheme(i).p99()));
        }
        b.append("</table>\n<p>ranking by mean: ").append(Svg.esc(SensitivityReport.ranking(r.base().ranking()))).append("</p>\n");
        b.append("<h2>Parameters</h2>\n<table>\n<tr><th>parameter</th><th>base</th><th>range</th><th>why that range</th>"
                + "<th>ranking</th></tr>\n");
        for (ParameterEffect e : r.parameters()) {
            String range = e.span() ? e.low().value() + ".." + e.high().value()
                    : String.join(" | ", e.points().stream().map(Point::value).toList());
            b.append("<tr><td>").append(Svg.esc(e.name() + (e.unit().isEmpty() ? "" : " (" + e.unit() + ")"))).append("</td><td>")
                    .append(Svg.esc(e.base().value())).append("</td><td>").append(Svg.esc(range)).append("</td><td style=\"text-align:left\">")
                    .append(Svg.esc(e.reason())).append("</td><td>").append(e.rankingChanges() ? "<b>" : "")
                    .append(Svg.esc(SensitivityReport.crossover(e))).append(e.rankingChanges() ? "</b>" : "").append("</td></tr>\n");
        }
        b.append("</table>\n<h2>Change in mean access latency at each end of a range, per scheme</h2>\n");
        for (int i = 0; i < r.schemes().size(); i++) {
            int scheme = i;
            List<ParameterEffect> bySpan = new ArrayList<>(r.parameters());
            bySpan.sort(java.util.Comparator.comparingDouble((ParameterEffect e) -> -e.meanSpan(scheme)));
            List<Svg.Swing> swings = new ArrayList<>();
            for (ParameterEffect e : bySpan) {
                double base = e.base().scheme(scheme).mean();
                swings.add(new Svg.Swing(e.name(), e.low().scheme(scheme).mean() - base, e.high().scheme(scheme).mean() - base));
            }
            b.append(Svg.tornado(r.schemes().get(i) + ": Δ mean access latency from the base", "Δ mean, device cycles", "low end", "high end",
                    swings)).append('\n');
        }
        return end(b);
    }

    /** The line charts of a compare (or replay) report: the latency CDFs, for the HTML and for --plot. */
    public static List<LineChart> compareCharts(List<RunResult> schemes, List<RunResult> notify) {
        List<LineChart> out = new ArrayList<>();
        if (!schemes.isEmpty()) {
            out.add(schemeCdf(schemes));
        }
        if (!notify.isEmpty()) {
            out.add(notifyCdf(notify));
        }
        return out;
    }

    /** The line charts of a sweep report: results against the number of VFs, when it was varied. */
    public static List<LineChart> sweepCharts(Map<String, List<String>> grid, TreeMap<Integer, SweepRow> rows) {
        if (!grid.containsKey("vfs") || grid.get("vfs").size() < 2) {
            return List.of();
        }
        return List.of(new LineChart("Mean access latency", "VFs (log)", "cycles (log)", byVfs(rows, "access_cycles_mean"), true, true),
                new LineChart("Whole scenario", "VFs (log)", "cycles (log)", byVfs(rows, "total_cycles"), true, true),
                new LineChart("TLPs per access (both directions)", "VFs (log)", "TLPs", perAccessByVfs(rows), true, false));
    }

    private static LineChart schemeCdf(List<RunResult> schemes) {
        return new LineChart("Access latency CDF per scheme", "cycles (log)", "fraction of accesses", cdf(schemes), true, false);
    }

    private static LineChart notifyCdf(List<RunResult> notify) {
        return new LineChart("Notify latency CDF per path (trap to retire)", "cycles (log)", "fraction of notifies", cdf(notify), true, false);
    }

    /** Writes the report whole: to a temporary file first, then moved into place; on failure neither is left. */
    public static void write(Path file, String html) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static List<Svg.Series> cdf(List<RunResult> runs) {
        List<Svg.Series> out = new ArrayList<>();
        for (RunResult r : runs) {
            LatencyStats s = r.accessCycles();
            if (s.count() == 0) {
                continue;
            }
            double[] x = new double[CDF_PERCENTILES.length];
            double[] y = new double[CDF_PERCENTILES.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = s.percentile(CDF_PERCENTILES[i]);
                y[i] = CDF_PERCENTILES[i] / 100;
            }
            out.add(new Svg.Series(r.name(), x, y));
        }
        return out;
    }

    private static String perAccessBars(List<RunResult> runs, String what) {
        List<String> names = new ArrayList<>();
        double[][] tlps = new double[runs.size()][2];
        double[][] bytes = new double[runs.size()][2];
        for (int i = 0; i < runs.size(); i++) {
            RunResult r = runs.get(i);
            names.add(r.name());
            double n = Math.max(1, r.accesses());
            tlps[i] = new double[] {r.tlpsDown() / n, r.tlpsUp() / n};
            bytes[i] = new double[] {r.bytesDown() / n, r.bytesUp() / n};
        }
        return Svg.bars("TLPs per access, per " + what, "TLPs", names, List.of("down", "up"), tlps) + "\n"
                + Svg.bars("Link bytes per access, per " + what, "bytes", names, List.of("down", "up"), bytes);
    }

    private static List<Svg.Series> byVfs(TreeMap<Integer, SweepRow> rows, String column) {
        Map<String, TreeMap<Double, List<Double>>> perScheme = new LinkedHashMap<>();
        for (SweepRow r : rows.values()) {
            Map<String, String> v = r.cells();
            perScheme.computeIfAbsent(label(v), k -> new TreeMap<>())
                    .computeIfAbsent(Double.parseDouble(v.get("vfs")), k -> new ArrayList<>()).add(Double.parseDouble(v.get(column)));
        }
        return series(perScheme);
    }

    private static List<Svg.Series> perAccessByVfs(TreeMap<Integer, SweepRow> rows) {
        Map<String, TreeMap<Double, List<Double>>> perScheme = new LinkedHashMap<>();
        for (SweepRow r : rows.values()) {
            Map<String, String> v = r.cells();
            double per = (Double.parseDouble(v.get("tlps_down")) + Double.parseDouble(v.get("tlps_up")))
                    / Math.max(1, Double.parseDouble(v.get("accesses")));
            perScheme.computeIfAbsent(label(v), k -> new TreeMap<>()).computeIfAbsent(Double.parseDouble(v.get("vfs")),
                    k -> new ArrayList<>()).add(per);
        }
        return series(perScheme);
    }

    /** A series per scheme and per value of every other varied parameter except vfs. */
    private static String label(Map<String, String> v) {
        StringBuilder b = new StringBuilder(v.get("scheme"));
        boolean params = false;
        for (Map.Entry<String, String> e : v.entrySet()) {
            if (e.getKey().equals("scenario")) {
                params = true;
                continue;
            }
            if (params && !e.getKey().equals("vfs") && !e.getKey().equals("scheme") && !e.getKey().equals("accesses")) {
                if (e.getKey().equals("access_cycles_mean")) {
                    break;
                }
                b.append(' ').append(e.getValue());
            }
            if (e.getKey().equals("accesses")) {
                break;
            }
        }
        return b.toString();
    }

    private static List<Svg.Series> series(Map<String, TreeMap<Double, List<Double>>> perScheme) {
        List<Svg.Series> out = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Double, List<Double>>> e : perScheme.entrySet()) {
            double[] x = new double[e.getValue().size()];
            double[] y = new double[x.length];
            int i = 0;
            for (Map.Entry<Double, List<Double>> p : e.getValue().entrySet()) {
                x[i] = p.getKey();
                y[i] = p.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(0);
                i++;
            }
            out.add(new Svg.Series(e.getKey(), x, y));
        }
        return out;
    }

    private static String table(List<RunResult> runs, boolean kick) {
        StringBuilder b = new StringBuilder("<table>\n<tr><th></th><th>backing</th><th>notify route</th><th>register accesses</th>"
                + "<th>notifies</th><th>mean cycles</th><th>p50</th><th>p99</th><th>max</th>");
        if (kick) {
            b.append("<th>kick mean</th>");
        }
        b.append("<th>total cycles</th><th>TLPs down/up</th><th>bytes down/up</th><th>host busy µs</th>"
                + (kick ? "" : "<th>fast-path bits/VF</th><th>firmware B/VF</th><th>BAR aperture B/VF</th><th>device fixed B</th>")
                + "<th>completion timeouts</th><th>mismatches</th></tr>\n");
        for (RunResult r : runs) {
            LatencyStats s = r.accessCycles();
            b.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%d</td><td>%d</td><td>%.1f</td><td>%d</td><td>%d</td>"
                    + "<td>%d</td>", Svg.esc(r.name()), org.virtiosim.core.param.Param.id(r.backing()), Svg.esc(r.notifyRoute()),
                    kick ? 0 : r.registerAccesses(), r.notifies(), s.mean(), s.count() == 0 ? 0 : s.p50(), s.count() == 0 ? 0 : s.p99(), s.max()));
            if (kick) {
                b.append(String.format(Locale.ROOT, "<td>%.1f</td>", r.kickCycles().mean()));
            }
            b.append(String.format(Locale.ROOT, "<td>%d</td><td>%d/%d</td><td>%d/%d</td><td>%.1f</td>", r.totalCycles(), r.tlpsDown(),
                    r.tlpsUp(), r.bytesDown(), r.bytesUp(), r.hostBusyNs() / 1000.0));
            if (!kick) {
                org.virtiosim.device.scheme.DeviceCost c = r.deviceCost();
                b.append(String.format(Locale.ROOT, "<td>%d</td><td>%d</td><td>%d</td><td>%d</td>", c.fastPathBitsPerVf(),
                        c.firmwareBytesPerVf(), c.barApertureBytesPerVf(), c.deviceFixedBytes()));
            }
            b.append(String.format(Locale.ROOT, "<td>%d</td><td>%d</td></tr>%n", r.completionTimeouts(), r.mismatches()));
        }
        return b.append("</table>\n").toString();
    }

    static StringBuilder begin(String title) {
        return begin(title, "");
    }

    /** The page's head, with {@code css} after the common style, and the title as its heading. */
    static StringBuilder begin(String title, String css) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(Svg.esc(title)).append("</title>\n");
        b.append("<style>body{font-family:sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse;margin:1em 0}"
                + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}"
                + "svg.chart{display:block;width:100%;max-width:1000px;height:auto;margin:1em 0}" + css + "</style>\n");
        b.append("</head><body>\n<h1>").append(Svg.esc(title)).append("</h1>\n");
        return b;
    }

    static String end(StringBuilder b) {
        return end(b, "latencies in device cycles; all figures simulated.");
    }

    /** The page's closing line ("Written by virtio-sim; " and {@code note}) and end. */
    static String end(StringBuilder b, String note) {
        return b.append("<p>Written by virtio-sim; ").append(Svg.esc(note)).append("</p>\n</body></html>\n").toString();
    }
}

package org.virtiosim.testbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.RunResult;
import org.virtiosim.testbench.compare.Scenarios;
import org.virtiosim.testbench.study.Study;
import org.virtiosim.testbench.study.StudyResult;
import org.virtiosim.testbench.sweep.SweepRow;

/** The HTML, SVG and PNG reports: self-contained, escaped, and the same bytes for the same results. */
class ReportTest {
    private static final CompareConfig CFG = CompareConfig.defaults(2);
    private static StudyResult result;

    @BeforeAll
    static void run() throws Exception {
        result = Study.of("probe", Scenarios.load(Scenarios.DEFAULT, 2), CFG).schemeIds(List.of("mmio", "aq")).notifyRouteIds(List.of("vf-bar", "io-bar"))
                .build().run();
    }

    private static String compareHtml(StudyResult r, List<String> faults) {
        return HtmlReport.compare("compare", "probe", CFG, r.schemes(), r.notifyRoutes(), faults);
    }

    private static TreeMap<Integer, SweepRow> sweepRows() throws Exception {
        TreeMap<Integer, SweepRow> rows = new TreeMap<>();
        int point = 0;
        for (int vfs : new int[] {2, 4}) {
            for (String scheme : List.of("mmio", "indirect")) {
                RunResult r = Study.of("probe", Scenarios.load(Scenarios.DEFAULT, vfs), CompareConfig.defaults(vfs)).schemeIds(List.of(scheme))
                        .notifyRouteIds(List.of()).build().run().scheme(scheme);
                LinkedHashMap<String, String> p = new LinkedHashMap<>();
                p.put("vfs", String.valueOf(vfs));
                p.put("scheme", scheme);
                rows.put(point, SweepRow.of(point, 1, "probe", p, r));
                point++;
            }
        }
        return rows;
    }

    private static Map<String, List<String>> grid() {
        Map<String, List<String>> g = new LinkedHashMap<>();
        g.put("vfs", List.of("2", "4"));
        g.put("scheme", List.of("mmio", "indirect"));
        return g;
    }

    /** No scripts, no fetched resources: only the SVG namespace URI may appear. */
    private static void assertSelfContained(String html) {
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</body></html>\n");
        assertThat(html.toLowerCase(java.util.Locale.ROOT)).doesNotContain("<script").doesNotContain("javascript:").doesNotContain("<link")
                .doesNotContain("<img").doesNotContain("<iframe").doesNotContain("@import").doesNotContain("url(");
        assertThat(Pattern.compile("\\b(src|href)\\s*=").matcher(html).find()).as("src= or href=").isFalse();
        String withoutNs = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertThat(withoutNs).doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn");
    }

    @Test
    void aCompareReportIsSelfContainedAndShowsEveryRun() {
        String html = compareHtml(result, List.of());
        assertSelfContained(html);
        assertThat(html).contains("<title>virtio-sim compare: probe</title>", "<h2>Legacy register access, per scheme</h2>",
                "<h2>Queue notify, per notification path</h2>", "<td>mmio</td>", "<td>aq</td>", "<td>vf-bar</td>", "<td>io-bar</td>",
                ": all passed</li>").doesNotContain("VIOLATION").doesNotContain("faults injected");
        assertThat(html).contains("scenario probe, 2 VFs");
        // Two latency CDFs and two bar charts per section.
        assertThat(html.split("<svg ", -1)).hasSize(1 + 6);
    }

    @Test
    void aCompareReportIsTheSameBytesForTheSameResults() throws Exception {
        String a = compareHtml(result, List.of("drop-completion@3"));
        assertThat(compareHtml(result, List.of("drop-completion@3"))).isEqualTo(a);
        StudyResult again = Study.of("probe", Scenarios.load(Scenarios.DEFAULT, 2), CFG).schemeIds(List.of("mmio", "aq"))
                .notifyRouteIds(List.of("vf-bar", "io-bar")).build().run();
        assertThat(compareHtml(again, List.of("drop-completion@3"))).isEqualTo(a);
    }

    @Test
    void faultsAndViolationsAreListedEscaped() {
        RunResult bad = result.scheme("mmio");
        RunResult violated = new RunResult("mmio", bad.backing(), bad.notifyRoute(), bad.accesses(), bad.registerAccesses(), bad.notifies(),
                bad.accessCycles(), bad.notifyCycles(), null, bad.totalCycles(), bad.tlpsDown(), bad.tlpsUp(),
                bad.bytesDown(), bad.bytesUp(), bad.hostBusyNs(), bad.vfOpenNs(), bad.deviceCost(), 1, 0, 1, 0, Map.of(),
                Map.of(RunResult.CHECKS.get(0), "1 completion timeouts <b>&</b>"));
        String html = HtmlReport.compare("compare", "a<b>&\"c", CFG, List.of(violated), List.of(), List.of("<x>&y"));
        assertSelfContained(html);
        assertThat(html).contains("<li>faults injected: &lt;x&gt;&amp;y</li>")
                .contains("<li><b>VIOLATION</b> mmio: " + RunResult.CHECKS.get(0) + ": 1 completion timeouts &lt;b&gt;&amp;&lt;/b&gt;</li>")
                .contains("<title>virtio-sim compare: a&lt;b&gt;&amp;&quot;c</title>").doesNotContain(": all passed")
                .doesNotContain("a<b>&\"c").doesNotContain("<x>");
        assertThat(html).doesNotContain("<h2>Queue notify");
    }

    @Test
    void aSweepReportIsSelfContainedAndTheSameBytesForTheSameResults() throws Exception {
        TreeMap<Integer, SweepRow> rows = sweepRows();
        String html = HtmlReport.sweep("probe", grid(), rows);
        assertSelfContained(html);
        assertThat(html).contains("<title>virtio-sim sweep: probe</title>", "4 points", "<h2>Against the number of VFs</h2>", "<h2>All points</h2>");
        assertThat(html.split("<svg ", -1)).hasSize(1 + 3);
        assertThat(html.split("<tr>", -1)).as("a header and a row per point").hasSize(1 + 1 + 4);
        for (String column : SweepRow.Figures.COLUMNS) {
            assertThat(html).contains("<th>" + column + "</th>");
        }
        assertThat(HtmlReport.sweep("probe", grid(), sweepRows())).isEqualTo(html);
        assertThat(HtmlReport.sweepCharts(grid(), rows)).hasSize(3)
                .allSatisfy(c -> assertThat(c.series()).extracting(Svg.Series::name).containsExactly("mmio", "indirect"));
    }

    @Test
    void aSweepWithOneVfCountHasNoCharts() throws Exception {
        TreeMap<Integer, SweepRow> rows = sweepRows();
        Map<String, List<String>> g = Map.of("scheme", List.of("mmio", "indirect"));
        assertThat(HtmlReport.sweepCharts(g, rows)).isEmpty();
        String html = HtmlReport.sweep("probe", g, rows);
        assertSelfContained(html);
        assertThat(html).doesNotContain("<svg").doesNotContain("Against the number of VFs");
    }

    @Test
    void writeLeavesTheWholeReportAndNoTemporary(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("r.html");
        String html = compareHtml(result, List.of());
        HtmlReport.write(f, html);
        assertThat(Files.readString(f)).isEqualTo(html);
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("r.html");
        }
    }

    @Test
    void aWriteThatFailsLeavesNeitherTheReportNorItsTemporary(@TempDir Path dir) throws Exception {
        // The target is a directory with something in it: the move into place fails after the temporary is written.
        Path taken = dir.resolve("r.html");
        Files.createDirectories(taken.resolve("inside"));
        assertThatThrownBy(() -> HtmlReport.write(taken, "<html></html>")).isInstanceOf(java.io.IOException.class);
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("r.html");
        }
        assertThat(Files.isDirectory(taken.resolve("inside"))).isTrue();
    }

    @Test
    void logBarsAreOnWholeDecadesAndEachBarCarriesItsValue() {
        String svg = Svg.bars("kicks", "cycles", List.of("vf-bar", "aq"), List.of("mean"), new double[][] {{20}, {30000}}, true);
        // 10 .. 100k: six decade lines, labelled as plain numbers.
        assertThat(svg).contains(">10<", ">100<", ">1k<", ">10k<", ">100k<", ">20<", ">30k<");
        Matcher m = Pattern.compile("<rect x=\"[^\"]*\" y=\"[^\"]*\" width=\"[^\"]*\" height=\"([^\"]*)\" fill=\"#1f77b4\"><title>")
                .matcher(svg);
        assertThat(m.find()).isTrue();
        double small = Double.parseDouble(m.group(1));
        assertThat(m.find()).isTrue();
        double big = Double.parseDouble(m.group(1));
        // On a log axis 30000 stands log10(3000)/log10(2) ≈ 11.5 times as tall as 20 above the 10 line, not 1500 times.
        assertThat(big / small).isCloseTo(Math.log10(3000) / Math.log10(2), org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void compareChartsAreOnePerNonEmptySection() {
        assertThat(HtmlReport.compareCharts(result.schemes(), result.notifyRoutes())).extracting(LineChart::title)
                .containsExactly("Access latency CDF per scheme", "Notify latency CDF per path (trap to retire)");
        assertThat(HtmlReport.compareCharts(result.schemes(), List.of())).hasSize(1);
        assertThat(HtmlReport.compareCharts(List.of(), List.of())).isEmpty();
        LineChart cdf = HtmlReport.compareCharts(result.schemes(), List.of()).get(0);
        assertThat(cdf.series()).extracting(Svg.Series::name).containsExactly("mmio", "aq");
        assertThat(cdf.logX()).isTrue();
        assertThat(cdf.logY()).isFalse();
    }

    @Test
    void svgEscapesTheFiveSpecialCharactersItMust() {
        assertThat(Svg.esc("a<b>&\"c")).isEqualTo("a&lt;b&gt;&amp;&quot;c");
        assertThat(Svg.esc("&lt;")).as("an ampersand first, so nothing is escaped twice wrongly").isEqualTo("&amp;lt;");
        assertThat(Svg.esc("plain")).isEqualTo("plain");
    }

    @Test
    void svgChartsEscapeTitlesLabelsAndNames() {
        LineChart c = new LineChart("t<1>", "x&y", "y\"z", List.of(new Svg.Series("s<&>", new double[] {1, 10}, new double[] {0.5, 1})), true, false);
        String svg = Svg.lines(c);
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>");
        assertThat(svg).contains(">t&lt;1&gt;</text>", ">x&amp;y</text>", ">y&quot;z</text>", ">s&lt;&amp;&gt;</text>").doesNotContain("s<&>");
        String bars = Svg.bars("b<", "y&", List.of("c\"1", "c2"), List.of("d<", "u>"), new double[][] {{1, 2}, {3, 4}});
        assertThat(bars).contains(">b&lt;</text>", ">y&amp;</text>", ">c&quot;1</text>", ">d&lt;</text>", ">u&gt;</text>")
                .contains("<title>c&quot;1 d&lt;: 1</title>").doesNotContain("c\"1").doesNotContain("d<");
        assertThat(bars.split("<rect x=", -1).length - 1).as("4 bars, 2 legend boxes, the plot frame").isEqualTo(4 + 2 + 1);
    }

    @Test
    void svgIsTheSameTextForTheSameDataAndDiffersForOtherData() {
        LineChart a = new LineChart("t", "x", "y", List.of(new Svg.Series("s", new double[] {1, 10, 100}, new double[] {1, 2, 3})), true, true);
        LineChart same = new LineChart("t", "x", "y", List.of(new Svg.Series("s", new double[] {1, 10, 100}, new double[] {1, 2, 3})), true, true);
        LineChart other = new LineChart("t", "x", "y", List.of(new Svg.Series("s", new double[] {1, 10, 200}, new double[] {1, 2, 3})), true, true);
        assertThat(Svg.lines(same)).isEqualTo(Svg.lines(a));
        assertThat(Svg.lines(other)).isNotEqualTo(Svg.lines(a));
        double[][] v = {{1.5, 2}};
        assertThat(Svg.bars("b", "y", List.of("c"), List.of("d", "u"), v)).isEqualTo(Svg.bars("b", "y", List.of("c"), List.of("d", "u"), v));
    }

    @Test
    void svgNumbersDoNotDependOnTheDefaultLocale() {
        java.util.Locale saved = java.util.Locale.getDefault();
        LineChart c = new LineChart("t", "x", "y", List.of(new Svg.Series("s", new double[] {1.25, 2.5}, new double[] {0.5, 0.75})), false, false);
        String root = Svg.lines(c);
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertThat(Svg.lines(c)).isEqualTo(root);
        } finally {
            java.util.Locale.setDefault(saved);
        }
        assertThat(root).doesNotContainPattern("\\d,\\d+\"");
    }

    @Test
    void aPngPlotIsTheSameBytesForTheSameChartsAndSizedTwoPerRow(@TempDir Path dir) throws Exception {
        List<LineChart> charts = HtmlReport.compareCharts(result.schemes(), result.notifyRoutes());
        Path a = dir.resolve("a.png");
        Path b = dir.resolve("b.png");
        PngPlot.write(a, "virtio-sim compare: probe", charts);
        PngPlot.write(b, "virtio-sim compare: probe", charts);
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
        BufferedImage img = ImageIO.read(a.toFile());
        assertThat(img.getWidth()).isEqualTo(1920);
        assertThat(img.getHeight()).isEqualTo(50 + 540);
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.png", "b.png");
        }
        Path one = dir.resolve("one.png");
        PngPlot.write(one, "one", charts.subList(0, 1));
        BufferedImage single = ImageIO.read(one.toFile());
        assertThat(single.getWidth()).isEqualTo(960);
        Path other = dir.resolve("other.png");
        PngPlot.write(other, "another heading", charts);
        assertThat(Files.readAllBytes(other)).isNotEqualTo(Files.readAllBytes(a));
    }

    @Test
    void aPngPlotOfNothingIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> PngPlot.write(dir.resolve("x.png"), "h", List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nothing to plot");
        assertThat(dir.resolve("x.png")).doesNotExist();
    }
}

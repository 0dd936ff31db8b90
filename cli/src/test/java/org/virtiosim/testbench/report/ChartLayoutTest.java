package org.virtiosim.testbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;

/** Charts sized to the page, labels that fit, the same ticks in the SVG and the PNG, the same bytes for the same data. */
class ChartLayoutTest {
    /** A CDF-like chart whose x axis ends on a wide label (100k). */
    private static final LineChart CDF = new LineChart("Notify latency CDF", "cycles (log)", "fraction",
            List.of(new Svg.Series("vf-bar", new double[] {1550, 1550, 1560}, new double[] {0.01, 0.5, 1}),
                    new Svg.Series("pf-bar", new double[] {1550, 1550, 1560}, new double[] {0.01, 0.5, 1}),
                    new Svg.Series("aq", new double[] {90000, 99000, 99999}, new double[] {0.01, 0.5, 1})), true, false);

    private static List<String> texts(String svg, String anchor) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<text [^>]*text-anchor=\"" + anchor + "\" font-size=\"" + Svg.TICK_FONT + "\">([^<]*)</text>").matcher(svg);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void anSvgChartIsAsWideAsThePageAndKeepsItsProportions() {
        String svg = Svg.lines(CDF);
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"100%\" viewBox=\"0 0 1000 ");
        assertThat(svg.substring(0, svg.indexOf('>'))).doesNotContain("height=");
        assertThat(Svg.bars("b", "y", List.of("c"), List.of("s"), new double[][] {{1}})).contains("width=\"100%\" viewBox=\"0 0 1000 ");
        assertThat(Svg.tornado("t", "x", "lo", "hi", List.of(new Svg.Swing("p", -1, 2)))).contains("width=\"100%\" viewBox=\"0 0 1000 ");
        String page = HtmlReport.end(HtmlReport.begin("t"));
        assertThat(page).contains("svg.chart{display:block;width:100%;max-width:1000px;height:auto");
    }

    @Test
    void theSvgTicksAreTheSharedOnesAndItsLastXLabelFitsRightOfThePlot() {
        String svg = Svg.lines(CDF);
        Axis x = ChartAxes.x(CDF, Svg.xTicks(Svg.W - Svg.L - Svg.R));
        Axis y = ChartAxes.y(CDF, Svg.yTicks(Svg.PH));
        assertThat(texts(svg, "middle")).containsExactlyElementsOf(x.labels()).contains("1k", "2k", "5k", "10k", "100k");
        assertThat(texts(svg, "end")).containsExactlyElementsOf(y.labels());
        String last = x.labels().get(x.labels().size() - 1);
        assertThat((double) Svg.R).as("room for half of " + last).isGreaterThanOrEqualTo(Svg.textWidth(last, Svg.TICK_FONT) / 2);
        assertThat((double) Svg.L).as("room for the widest y label").isGreaterThan(y.labels().stream()
                .mapToDouble(l -> Svg.textWidth(l, Svg.TICK_FONT)).max().orElse(0) + 24);
    }

    @Test
    void theTornadoAxisIsRoundAndSymmetric() {
        String svg = Svg.tornado("mmio", "Δ mean", "low end", "high end", List.of(new Svg.Swing("reset_cycles", -700, 21800),
                new Svg.Swing("host_cpus", 14000, 0)));
        assertThat(texts(svg, "middle")).containsExactly("-25k", "-20k", "-15k", "-10k", "-5k", "0", "5k", "10k", "15k", "20k", "25k");
    }

    @Test
    void thePngDrawsTheSharedTicksAndLeavesRoomForItsLastXLabel() {
        JFreeChart chart = PngPlot.chart(CDF);
        BufferedImage img = new BufferedImage(960, 540, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        ChartRenderingInfo info = new ChartRenderingInfo();
        Rectangle2D area = new Rectangle2D.Double(0, 0, 960, 540);
        chart.draw(g, area, info);
        XYPlot plot = chart.getXYPlot();
        Rectangle2D data = info.getPlotInfo().getDataArea();
        List<String> labels = new ArrayList<>();
        for (Object t : plot.getDomainAxis().refreshTicks(g, new AxisState(), data, RectangleEdge.BOTTOM)) {
            labels.add(((NumberTick) t).getText());
        }
        assertThat(labels).contains("1k", "2k", "5k", "10k", "100k").last().isEqualTo("100k");
        assertThat(plot.getDomainAxis().getUpperBound()).as("the axis ends on its last tick (log10 of 100k)").isEqualTo(5.0);
        FontMetrics fm = g.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, PngPlot.TICK_FONT));
        double half = fm.stringWidth(labels.get(labels.size() - 1)) / 2.0;
        assertThat(area.getMaxX() - data.getMaxX()).as("right of the plot, half of the last label, centred on its edge").isGreaterThanOrEqualTo(half);
        g.dispose();
        assertThat(plot.getDataset().getSeriesKey(1)).isEqualTo("pf-bar (overlaps vf-bar)");
        assertThat(plot.getDataset().getSeriesKey(2)).isEqualTo("aq");
    }

    @Test
    void thePngIsTheSameBytesForTheSameChartUnderAnyLocale() throws Exception {
        java.util.Locale saved = java.util.Locale.getDefault();
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            PngPlot.write(a, "h", List.of(CDF));
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            PngPlot.write(b, "h", List.of(CDF));
        } finally {
            java.util.Locale.setDefault(saved);
        }
        assertThat(b.toByteArray()).isEqualTo(a.toByteArray());
    }
}

package org.virtiosim.testbench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Small, deterministic SVG charts for the HTML report: a line chart (series of x/y points, linear
 * or log axes), a grouped bar chart and a tornado chart. Hand-written rather than a charting
 * library: the output is plain text, identical for identical data, and diffable. Each chart is as
 * wide as the page ({@code width="100%"} over a {@value #W}-unit viewBox, so its text is at its
 * stated size on a 1000 px column and scales with the page); ticks are round ({@link Ticks}),
 * labels compact ({@link NumberLabel}); the legend runs under the plot.
 */
public final class Svg {
    /** One line of a line chart. */
    public record Series(String name, double[] x, double[] y) {
    }

    /** The viewBox width: the chart's text is at its stated size when the chart is drawn this many px wide. */
    static final int W = 1000;
    /** Plot area: left margin (y tick labels and the y label), top (title), right (room for half the last x tick label). */
    static final int L = 90;
    static final int T = 40;
    static final int R = 40;
    /** The plot area's height. */
    static final int PH = 320;
    static final int TICK_FONT = 13;
    private static final int LABEL_FONT = 14;
    private static final int LEGEND_FONT = 13;
    private static final int LEGEND_ROW = 20;
    /** The horizontal room between x ticks, and the vertical room between y ticks, at the least. */
    private static final int X_TICK_ROOM = 70;
    private static final int Y_TICK_ROOM = 36;
    private static final double LINE_WIDTH = 2.5;
    /** A line lying on an earlier one is drawn thinner, on top of it, so both colours show. */
    private static final double OVERLAPPING_LINE_WIDTH = 1.5;
    private static final double MARKER_RADIUS = 4;

    private Svg() {
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** A generous estimate of a text's width in a sans-serif font of {@code size}: 0.6 em a character. */
    static double textWidth(String s, int size) {
        return s.length() * size * 0.6;
    }

    /** The most ticks an x axis of the plot width {@code pw} takes. */
    static int xTicks(double pw) {
        return Math.max(2, (int) (pw / X_TICK_ROOM) + 1);
    }

    /** The most ticks a y axis of the plot height {@code ph} takes. */
    static int yTicks(double ph) {
        return Math.max(2, (int) (ph / Y_TICK_ROOM) + 1);
    }

    /** A line chart, with log scales where the chart asks (latencies spanning decades). */
    public static String lines(LineChart c) {
        List<Series> series = c.series();
        int pw = W - L - R;
        Axis x = ChartAxes.x(c, xTicks(pw));
        Axis y = ChartAxes.y(c, yTicks(PH));
        int[] overlaps = Overlaps.of(series, x, y);
        List<String> names = Overlaps.legend(series, overlaps);
        int legendTop = T + PH + 64;
        List<double[]> slots = legendSlots(names, legendTop);
        StringBuilder b = open(c.title(), height(slots));
        frame(b, c.xLabel(), c.yLabel(), pw);
        xTicks(b, x, pw, true);
        yTicks(b, y, pw);
        for (int si = 0; si < series.size(); si++) {
            Series s = series.get(si);
            String color = SeriesStyle.color(si);
            double width = overlaps[si] < 0 ? LINE_WIDTH : OVERLAPPING_LINE_WIDTH;
            b.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"").append(f(width)).append('"')
                    .append(dashAttribute(si, width)).append(" points=\"");
            StringBuilder marks = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                double px = L + pw * x.fraction(s.x()[i]);
                double py = T + PH - PH * y.fraction(s.y()[i]);
                b.append(f(px)).append(',').append(f(py)).append(' ');
                if (SeriesStyle.marked(si, series.size(), s.x().length, i)) {
                    marker(marks, si, overlaps[si] >= 0, px, py, color,
                            s.name() + " at " + NumberLabel.value(s.x()[i]) + ": " + NumberLabel.value(s.y()[i]));
                }
            }
            b.append("\"/>").append(marks);
        }
        for (int si = 0; si < series.size(); si++) {
            double[] at = slots.get(si);
            String color = SeriesStyle.color(si);
            b.append("<line x1=\"").append(f(at[0])).append("\" y1=\"").append(f(at[1] - 4)).append("\" x2=\"").append(f(at[0] + 28))
                    .append("\" y2=\"").append(f(at[1] - 4)).append("\" stroke=\"").append(color).append("\" stroke-width=\"")
                    .append(f(LINE_WIDTH)).append('"').append(dashAttribute(si, LINE_WIDTH)).append("/>");
            marker(b, si, overlaps[si] >= 0, at[0] + 14, at[1] - 4, color, null);
            legendText(b, at, 34, names.get(si));
        }
        return b.append("</svg>").toString();
    }

    /** A bar chart: one group per category, one bar per series value. */
    public static String bars(String title, String yLabel, List<String> categories, List<String> seriesNames, double[][] values) {
        return bars(title, yLabel, categories, seriesNames, values, false);
    }

    /**
     * A bar chart: one group per category, one bar per series value, its value written above it;
     * with {@code logY} on a log axis (figures orders of magnitude apart) from a tick below the
     * smallest value, so every value above 0 gets a bar.
     */
    public static String bars(String title, String yLabel, List<String> categories, List<String> seriesNames, double[][] values,
                              boolean logY) {
        double maxY = 0;
        double minPositive = Double.MAX_VALUE;
        for (double[] row : values) {
            for (double v : row) {
                maxY = Math.max(maxY, v);
                if (v > 0) {
                    minPositive = Math.min(minPositive, v);
                }
            }
        }
        if (maxY <= 0) {
            maxY = 1;
            minPositive = 1;
        }
        // Headroom above the tallest bar for its value; on a log axis, a tick below the shortest.
        Axis y = logY ? Ticks.log(minPositive / 1.2, maxY * 1.25, yTicks(PH)) : Ticks.linear(0, maxY * 1.08, yTicks(PH));
        int pw = W - L - R;
        List<double[]> slots = legendSlots(seriesNames, T + PH + 44);
        StringBuilder b = open(title, height(slots));
        frame(b, "", yLabel, pw);
        yTicks(b, y, pw);
        double group = (double) pw / categories.size();
        // Bars no wider than a few label widths, centred in their group.
        double bar = Math.min(group * 0.8 / seriesNames.size(), 80);
        for (int c = 0; c < categories.size(); c++) {
            double gx = L + group * c + (group - bar * seriesNames.size()) / 2;
            for (int si = 0; si < seriesNames.size(); si++) {
                double v = values[c][si];
                double h = logY && v <= 0 ? 0 : PH * Math.max(0, y.fraction(v));
                double x = gx + bar * si;
                b.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(T + PH - h)).append("\" width=\"")
                        .append(f(bar * 0.9)).append("\" height=\"").append(f(h)).append("\" fill=\"").append(SeriesStyle.color(si))
                        .append("\"><title>").append(esc(categories.get(c) + " " + seriesNames.get(si) + ": " + NumberLabel.value(v)))
                        .append("</title></rect>");
                b.append("<text x=\"").append(f(x + bar * 0.45)).append("\" y=\"").append(f(T + PH - h - 4))
                        .append("\" text-anchor=\"middle\" font-size=\"12\">").append(NumberLabel.value(v)).append("</text>");
            }
            b.append("<text x=\"").append(f(L + group * c + group / 2)).append("\" y=\"").append(T + PH + 20)
                    .append("\" text-anchor=\"middle\" font-size=\"").append(LABEL_FONT).append("\">").append(esc(categories.get(c)))
                    .append("</text>");
        }
        boxLegend(b, seriesNames, slots);
        return b.append("</svg>").toString();
    }

    /** One bar of a tornado chart: a parameter and the change at its low and at its high end. */
    public record Swing(String label, double low, double high) {
    }

    /**
     * A tornado chart: one row per swing, in the order given (widest first, as the caller sorts
     * them), a bar from zero to the change at the low end (upper half of the row) and one to the
     * change at the high end (lower half), on one linear axis through zero with round ticks.
     */
    public static String tornado(String title, String xLabel, String lowName, String highName, List<Swing> swings) {
        double max = 0;
        double widest = 0;
        for (Swing s : swings) {
            max = Math.max(max, Math.max(Math.abs(s.low()), Math.abs(s.high())));
            widest = Math.max(widest, textWidth(s.label(), LABEL_FONT - 1));
        }
        if (max <= 0) {
            max = 1;
        }
        int left = (int) Math.ceil(Math.max(120, widest + 14));
        int row = 22;
        int bottom = T + Math.max(1, swings.size()) * row;
        int pw = W - left - R;
        Axis x = Ticks.linear(-max, max, xTicks(pw));
        double zero = left + pw * x.fraction(0);
        double scale = pw / (x.hi() - x.lo());
        List<double[]> slots = legendSlots(List.of(lowName, highName), bottom + 64);
        StringBuilder b = open(title, height(slots));
        double[] t = x.ticks();
        List<String> labels = x.labels();
        for (int k = 0; k < t.length; k++) {
            double px = left + pw * x.fraction(t[k]);
            b.append("<line x1=\"").append(f(px)).append("\" y1=\"").append(T).append("\" x2=\"").append(f(px)).append("\" y2=\"")
                    .append(bottom).append("\" stroke=\"").append(t[k] == 0 ? "#333" : "#ddd").append("\"/>");
            b.append("<text x=\"").append(f(px)).append("\" y=\"").append(bottom + 20).append("\" text-anchor=\"middle\" font-size=\"")
                    .append(TICK_FONT).append("\">").append(labels.get(k)).append("</text>");
        }
        b.append("<text x=\"").append(f(left + pw / 2.0)).append("\" y=\"").append(bottom + 42).append("\" text-anchor=\"middle\" font-size=\"")
                .append(LABEL_FONT).append("\">").append(esc(xLabel)).append("</text>");
        for (int i = 0; i < swings.size(); i++) {
            Swing s = swings.get(i);
            int y = T + i * row;
            b.append("<text x=\"").append(left - 8).append("\" y=\"").append(y + row / 2 + 4).append("\" text-anchor=\"end\" font-size=\"")
                    .append(LABEL_FONT - 1).append("\">").append(esc(s.label())).append("</text>");
            swingBar(b, s.label() + " " + lowName, s.low(), zero, scale, y + 2, row / 2 - 2, SeriesStyle.color(0));
            swingBar(b, s.label() + " " + highName, s.high(), zero, scale, y + row / 2, row / 2 - 2, SeriesStyle.color(1));
        }
        boxLegend(b, List.of(lowName, highName), slots);
        return b.append("</svg>").toString();
    }

    private static void swingBar(StringBuilder b, String what, double v, double zero, double scale, int y, int height, String color) {
        double x = v < 0 ? zero + v * scale : zero;
        b.append("<rect class=\"swing\" x=\"").append(f(x)).append("\" y=\"").append(y).append("\" width=\"").append(f(Math.abs(v) * scale))
                .append("\" height=\"").append(height).append("\" fill=\"").append(color).append("\"><title>")
                .append(esc(what + ": " + (v < 0 ? "" : "+") + NumberLabel.value(v))).append("</title></rect>");
    }

    /** The chart's height: down to the last legend row. */
    private static int height(List<double[]> slots) {
        double last = slots.isEmpty() ? T + PH + 50 : slots.get(slots.size() - 1)[1];
        return (int) Math.ceil(last + 12);
    }

    /** The svg element's opening (as wide as its container, its height from the viewBox), a white background and the title. */
    private static StringBuilder open(String title, int height) {
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"100%\" viewBox=\"0 0 ").append(W).append(' ').append(height)
                .append("\" font-family=\"sans-serif\">");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        b.append("<text x=\"").append(W / 2).append("\" y=\"22\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">")
                .append(esc(title)).append("</text>");
        return b;
    }

    /** The plot's frame and the axis labels. */
    private static void frame(StringBuilder b, String xLabel, String yLabel, int pw) {
        b.append("<text x=\"").append(L + pw / 2).append("\" y=\"").append(T + PH + 44).append("\" text-anchor=\"middle\" font-size=\"")
                .append(LABEL_FONT).append("\">").append(esc(xLabel)).append("</text>");
        b.append("<text transform=\"translate(18,").append(T + PH / 2).append(") rotate(-90)\" text-anchor=\"middle\" font-size=\"")
                .append(LABEL_FONT).append("\">").append(esc(yLabel)).append("</text>");
        b.append("<rect x=\"").append(L).append("\" y=\"").append(T).append("\" width=\"").append(pw).append("\" height=\"").append(PH)
                .append("\" fill=\"none\" stroke=\"#333\"/>");
    }

    private static void xTicks(StringBuilder b, Axis x, int pw, boolean grid) {
        double[] t = x.ticks();
        List<String> labels = x.labels();
        for (int k = 0; k < t.length; k++) {
            double px = L + pw * x.fraction(t[k]);
            if (grid) {
                b.append("<line x1=\"").append(f(px)).append("\" y1=\"").append(T).append("\" x2=\"").append(f(px)).append("\" y2=\"")
                        .append(T + PH).append("\" stroke=\"#eee\"/>");
            }
            b.append("<line x1=\"").append(f(px)).append("\" y1=\"").append(T + PH).append("\" x2=\"").append(f(px)).append("\" y2=\"")
                    .append(T + PH + 5).append("\" stroke=\"#333\"/>");
            b.append("<text x=\"").append(f(px)).append("\" y=\"").append(T + PH + 20).append("\" text-anchor=\"middle\" font-size=\"")
                    .append(TICK_FONT).append("\">").append(labels.get(k)).append("</text>");
        }
    }

    private static void yTicks(StringBuilder b, Axis y, int pw) {
        double[] t = y.ticks();
        List<String> labels = y.labels();
        for (int k = 0; k < t.length; k++) {
            double py = T + PH - PH * y.fraction(t[k]);
            b.append("<line x1=\"").append(L).append("\" y1=\"").append(f(py)).append("\" x2=\"").append(L + pw).append("\" y2=\"")
                    .append(f(py)).append("\" stroke=\"#ddd\"/>");
            b.append("<text x=\"").append(L - 8).append("\" y=\"").append(f(py + 4)).append("\" text-anchor=\"end\" font-size=\"")
                    .append(TICK_FONT).append("\">").append(labels.get(k)).append("</text>");
        }
    }

    private static String dashAttribute(int series, double width) {
        float[] d = SeriesStyle.dash(series, (float) width);
        if (d.length == 0) {
            return "";
        }
        StringBuilder s = new StringBuilder(" stroke-dasharray=\"");
        for (int i = 0; i < d.length; i++) {
            s.append(i == 0 ? "" : " ").append(f(d[i]));
        }
        return s.append('"').toString();
    }

    /**
     * The series' marker at px, py, with a hover text when {@code title} is given; {@code hollow}
     * (a line lying on an earlier one) as a larger outline, so the earlier line's marker shows inside.
     */
    private static void marker(StringBuilder b, int series, boolean hollow, double px, double py, String color, String title) {
        double radius = hollow ? MARKER_RADIUS * SeriesStyle.HOLLOW_MARKER_SCALE : MARKER_RADIUS;
        double[][] poly = SeriesStyle.marker(series, radius);
        if (poly == null) {
            b.append("<circle cx=\"").append(f(px)).append("\" cy=\"").append(f(py)).append("\" r=\"").append(f(radius * 0.9)).append('"');
        } else {
            b.append("<polygon points=\"");
            for (int i = 0; i < poly.length; i++) {
                b.append(i == 0 ? "" : " ").append(f(px + poly[i][0])).append(',').append(f(py + poly[i][1]));
            }
            b.append('"');
        }
        b.append(hollow ? " fill=\"none\" stroke=\"" + color + "\" stroke-width=\"1.5\"" : " fill=\"" + color + "\" stroke=\"white\" stroke-width=\"0.8\"");
        if (title == null) {
            b.append("/>");
        } else {
            b.append("><title>").append(esc(title)).append("</title>").append(poly == null ? "</circle>" : "</polygon>");
        }
    }

    /**
     * Where each legend entry goes, under the plot: left to right from the plot's left edge, a new
     * row when the next would pass the chart's right edge; per entry its x and its text baseline.
     */
    private static List<double[]> legendSlots(List<String> names, int top) {
        List<double[]> out = new ArrayList<>();
        double x = L;
        double y = top;
        for (String n : names) {
            double w = 34 + textWidth(n, LEGEND_FONT) + 24;
            if (x > L && x + w > W - 10) {
                x = L;
                y += LEGEND_ROW;
            }
            out.add(new double[] {x, y});
            x += w;
        }
        return out;
    }

    private static void legendText(StringBuilder b, double[] at, int dx, String name) {
        b.append("<text x=\"").append(f(at[0] + dx)).append("\" y=\"").append(f(at[1])).append("\" font-size=\"").append(LEGEND_FONT)
                .append("\">").append(esc(name)).append("</text>");
    }

    private static void boxLegend(StringBuilder b, List<String> names, List<double[]> slots) {
        for (int i = 0; i < names.size(); i++) {
            double[] at = slots.get(i);
            b.append("<rect x=\"").append(f(at[0])).append("\" y=\"").append(f(at[1] - 11)).append("\" width=\"12\" height=\"12\" fill=\"")
                    .append(SeriesStyle.color(i)).append("\"/>");
            legendText(b, at, 18, names.get(i));
        }
    }
}

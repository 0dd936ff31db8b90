package org.virtiosim.testbench.report;

import java.util.List;
import java.util.Locale;

/**
 * Small, deterministic SVG charts for the HTML report: a line chart (series of x/y points, linear
 * or log x) and a grouped bar chart. Hand-written rather than a charting library: the output is
 * plain text, identical for identical data, and diffable.
 */
public final class Svg {
    /** One line of a line chart. */
    public record Series(String name, double[] x, double[] y) {
    }

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
    private static final String[] DASHES = {"", "8 4", "3 3", "10 3 2 3", "2 5", "6 2"};
    /** Lines of at most this many points get a marker at each (a series over a few VF counts); CDFs do not. */
    private static final int MARKED_POINTS = 32;
    private static final int W = 640;
    private static final int H = 360;
    private static final int L = 70;
    private static final int R = 150;
    private static final int T = 30;
    private static final int B = 50;

    private Svg() {
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Three significant digits, trailing zeros dropped, with k, M or G: 32, 1.6, 5.62k, 31.6G. */
    private static String label(double v) {
        if (v >= 1e9) {
            return digits(v / 1e9) + "G";
        }
        if (v >= 1e6) {
            return digits(v / 1e6) + "M";
        }
        if (v >= 1e3) {
            return digits(v / 1e3) + "k";
        }
        return digits(v);
    }

    private static String digits(double v) {
        String s = String.format(Locale.ROOT, "%.3g", v);
        return s.contains(".") && !s.contains("e") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** A line chart, with log scales where the chart asks (latencies spanning decades). */
    public static String lines(LineChart c) {
        return lines(c.title(), c.xLabel(), c.yLabel(), c.series(), c.logX(), c.logY());
    }

    /** A line chart with optional log scales on both axes (schemes that differ by orders of magnitude). */
    private static String lines(String title, String xLabel, String yLabel, List<Series> series, boolean logX, boolean logY) {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = 0;
        double minY = logY ? Double.MAX_VALUE : 0;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                double x = logX ? Math.log10(Math.max(1, s.x()[i])) : s.x()[i];
                double y = logY ? Math.log10(Math.max(1, s.y()[i])) : s.y()[i];
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                maxY = Math.max(maxY, y);
                minY = Math.min(minY, y);
            }
        }
        if (logY) {
            minY = Math.floor(minY);
            maxY = Math.ceil(maxY);
        } else if (minY == 0 && maxY > 0) {
            maxY = 4 * roundStep(maxY / 4);
        }
        if (maxX <= minX) {
            maxX = minX + 1;
        }
        if (maxY <= minY) {
            maxY = minY + 1;
        }
        StringBuilder b = header(title, xLabel, yLabel);
        int pw = W - L - R;
        int ph = H - T - B;
        for (int k = 0; k <= 4; k++) {
            double xv = minX + (maxX - minX) * k / 4;
            double px = L + pw * k / 4.0;
            b.append("<line x1=\"").append(f(px)).append("\" y1=\"").append(T + ph).append("\" x2=\"").append(f(px)).append("\" y2=\"")
                    .append(T + ph + 4).append("\" stroke=\"#333\"/>");
            b.append("<text x=\"").append(f(px)).append("\" y=\"").append(T + ph + 18).append("\" text-anchor=\"middle\" font-size=\"11\">")
                    .append(label(logX ? Math.pow(10, xv) : xv)).append("</text>");
        }
        // A log y axis is whole decades: a line at each (every other past eight), labelled as plain numbers.
        int decades = (int) Math.round(maxY - minY);
        int yTicks = logY ? (decades > 8 ? (decades + 1) / 2 : decades) : 4;
        double yStep = logY ? (double) decades / yTicks : (maxY - minY) / 4;
        for (int k = 0; k <= yTicks; k++) {
            double yv = Math.min(maxY, minY + yStep * k);
            double py = T + ph - ph * (yv - minY) / (maxY - minY);
            b.append("<line x1=\"").append(L).append("\" y1=\"").append(f(py)).append("\" x2=\"").append(L + pw).append("\" y2=\"")
                    .append(f(py)).append("\" stroke=\"#ddd\"/>");
            b.append("<text x=\"").append(L - 6).append("\" y=\"").append(f(py + 4)).append("\" text-anchor=\"end\" font-size=\"11\">")
                    .append(label(logY ? Math.pow(10, yv) : yv)).append("</text>");
        }
        for (int si = 0; si < series.size(); si++) {
            Series s = series.get(si);
            String color = COLORS[si % COLORS.length];
            // A dash pattern per line as well as a colour, so a line drawn over an equal one still shows both.
            String dash = DASHES[si % DASHES.length];
            b.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\"")
                    .append(dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"").append(" points=\"");
            StringBuilder marks = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                double x = logX ? Math.log10(Math.max(1, s.x()[i])) : s.x()[i];
                double y = logY ? Math.log10(Math.max(1, s.y()[i])) : s.y()[i];
                String px = f(L + pw * (x - minX) / (maxX - minX));
                String py = f(T + ph - ph * (y - minY) / (maxY - minY));
                b.append(px).append(',').append(py).append(' ');
                if (s.x().length <= MARKED_POINTS) {
                    marks.append("<circle cx=\"").append(px).append("\" cy=\"").append(py).append("\" r=\"3\" fill=\"").append(color)
                            .append("\"><title>").append(esc(s.name() + " at " + label(s.x()[i]) + ": " + label(s.y()[i])))
                            .append("</title></circle>");
                }
            }
            b.append("\"/>").append(marks);
            legend(b, si, s.name(), color);
        }
        return b.append("</svg>").toString();
    }

    /** A bar chart: one group per category, one bar per series value. */
    public static String bars(String title, String yLabel, List<String> categories, List<String> seriesNames, double[][] values) {
        return bars(title, yLabel, categories, seriesNames, values, false);
    }

    /**
     * A bar chart: one group per category, one bar per series value, its value written above it;
     * with {@code logY} on a log axis of whole decades (figures orders of magnitude apart), where a
     * value below the lowest decade gets no bar.
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
        // The axis: linear from 0 in four round steps past the largest value (room for its label), or
        // log10 from the decade below the smallest value to the one above the largest.
        double lo = logY ? Math.floor(Math.log10(minPositive)) : 0;
        double hi = logY ? Math.floor(Math.log10(maxY)) + 1 : 4 * roundStep(maxY * 1.08 / 4);
        StringBuilder b = header(title, "", yLabel);
        int pw = W - L - R;
        int ph = H - T - B;
        double group = (double) pw / categories.size();
        double bar = group * 0.8 / seriesNames.size();
        int ticks = logY ? (int) (hi - lo) : 4;
        for (int k = 0; k <= ticks; k++) {
            double py = T + ph - ph * k / (double) ticks;
            b.append("<line x1=\"").append(L).append("\" y1=\"").append(f(py)).append("\" x2=\"").append(L + pw).append("\" y2=\"")
                    .append(f(py)).append("\" stroke=\"#ddd\"/>");
            b.append("<text x=\"").append(L - 6).append("\" y=\"").append(f(py + 4)).append("\" text-anchor=\"end\" font-size=\"11\">")
                    .append(label(logY ? Math.pow(10, lo + k) : hi * k / 4)).append("</text>");
        }
        for (int c = 0; c < categories.size(); c++) {
            double gx = L + group * c + group * 0.1;
            for (int si = 0; si < seriesNames.size(); si++) {
                double v = values[c][si];
                double h = logY ? (v <= 0 ? 0 : ph * Math.max(0, Math.log10(v) - lo) / (hi - lo)) : ph * v / hi;
                double x = gx + bar * si;
                b.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(T + ph - h)).append("\" width=\"")
                        .append(f(bar * 0.9)).append("\" height=\"").append(f(h)).append("\" fill=\"").append(COLORS[si % COLORS.length])
                        .append("\"><title>").append(esc(categories.get(c) + " " + seriesNames.get(si) + ": " + label(v))).append("</title></rect>");
                b.append("<text x=\"").append(f(x + bar * 0.45)).append("\" y=\"").append(f(T + ph - h - 3))
                        .append("\" text-anchor=\"middle\" font-size=\"10\">").append(label(v)).append("</text>");
            }
            b.append("<text x=\"").append(f(L + group * c + group / 2)).append("\" y=\"").append(T + ph + 18)
                    .append("\" text-anchor=\"middle\" font-size=\"12\">").append(esc(categories.get(c))).append("</text>");
        }
        for (int si = 0; si < seriesNames.size(); si++) {
            legend(b, si, seriesNames.get(si), COLORS[si % COLORS.length]);
        }
        return b.append("</svg>").toString();
    }

    /** The smallest round step (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) that is at least {@code v}. */
    private static double roundStep(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** One bar of a tornado chart: a parameter and the change at its low and at its high end. */
    public record Swing(String label, double low, double high) {
    }

    /**
     * A tornado chart: one row per swing, in the order given (widest first, as the caller sorts
     * them), a bar from zero to the change at the low end (upper half of the row) and one to the
     * change at the high end (lower half), on one linear axis through zero.
     */
    public static String tornado(String title, String xLabel, String lowName, String highName, List<Swing> swings) {
        double max = 0;
        for (Swing s : swings) {
            max = Math.max(max, Math.max(Math.abs(s.low()), Math.abs(s.high())));
        }
        if (max <= 0) {
            max = 1;
        }
        int left = 170;
        int row = 22;
        int h = T + B + Math.max(1, swings.size()) * row;
        int pw = W - left - R;
        double zero = left + pw / 2.0;
        double scale = pw / 2.0 / max;
        StringBuilder b = open(title, h);
        int bottom = h - B;
        for (int k = -2; k <= 2; k++) {
            double px = zero + pw / 4.0 * k;
            b.append("<line x1=\"").append(f(px)).append("\" y1=\"").append(T).append("\" x2=\"").append(f(px)).append("\" y2=\"")
                    .append(bottom).append("\" stroke=\"").append(k == 0 ? "#333" : "#ddd").append("\"/>");
            double v = max * k / 2;
            b.append("<text x=\"").append(f(px)).append("\" y=\"").append(bottom + 18).append("\" text-anchor=\"middle\" font-size=\"11\">")
                    .append(v < 0 ? "-" + label(-v) : label(v)).append("</text>");
        }
        b.append("<text x=\"").append(f(zero)).append("\" y=\"").append(h - 8).append("\" text-anchor=\"middle\" font-size=\"12\">")
                .append(esc(xLabel)).append("</text>");
        for (int i = 0; i < swings.size(); i++) {
            Swing s = swings.get(i);
            int y = T + i * row;
            b.append("<text x=\"").append(left - 6).append("\" y=\"").append(y + row / 2 + 4)
                    .append("\" text-anchor=\"end\" font-size=\"12\">").append(esc(s.label())).append("</text>");
            swingBar(b, s.label() + " " + lowName, s.low(), zero, scale, y + 2, row / 2 - 2, COLORS[0]);
            swingBar(b, s.label() + " " + highName, s.high(), zero, scale, y + row / 2, row / 2 - 2, COLORS[1]);
        }
        legend(b, 0, lowName, COLORS[0]);
        legend(b, 1, highName, COLORS[1]);
        return b.append("</svg>").toString();
    }

    private static void swingBar(StringBuilder b, String what, double v, double zero, double scale, int y, int height, String color) {
        double x = v < 0 ? zero + v * scale : zero;
        b.append("<rect class=\"swing\" x=\"").append(f(x)).append("\" y=\"").append(y).append("\" width=\"").append(f(Math.abs(v) * scale))
                .append("\" height=\"").append(height).append("\" fill=\"").append(color).append("\"><title>")
                .append(esc(what + ": " + (v < 0 ? "-" + label(-v) : "+" + label(v)))).append("</title></rect>");
    }

    /** The svg element's opening, a white background and the title. */
    private static StringBuilder open(String title, int height) {
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(height).append("\" font-family=\"sans-serif\">");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        b.append("<text x=\"").append(W / 2).append("\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">")
                .append(esc(title)).append("</text>");
        return b;
    }

    private static StringBuilder header(String title, String xLabel, String yLabel) {
        StringBuilder b = open(title, H);
        b.append("<text x=\"").append(L + (W - L - R) / 2).append("\" y=\"").append(H - 8).append("\" text-anchor=\"middle\" font-size=\"12\">")
                .append(esc(xLabel)).append("</text>");
        b.append("<text transform=\"translate(14,").append(T + (H - T - B) / 2).append(") rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">")
                .append(esc(yLabel)).append("</text>");
        b.append("<rect x=\"").append(L).append("\" y=\"").append(T).append("\" width=\"").append(W - L - R).append("\" height=\"")
                .append(H - T - B).append("\" fill=\"none\" stroke=\"#333\"/>");
        return b;
    }

    private static void legend(StringBuilder b, int i, String name, String color) {
        int y = T + 10 + 18 * i;
        int x = W - R + 12;
        b.append("<rect x=\"").append(x).append("\" y=\"").append(y - 9).append("\" width=\"12\" height=\"12\" fill=\"").append(color).append("\"/>");
        b.append("<text x=\"").append(x + 18).append("\" y=\"").append(y + 1).append("\" font-size=\"12\">").append(esc(name)).append("</text>");
    }
}

package org.virtiosim.testbench.report;

/**
 * How the i-th line of a chart is drawn, the same in the SVG and the PNG: a colour, a dash
 * pattern and a marker shape each, so two lines that coincide still show both (the later one is
 * drawn on top, thinner, dashed, its markers hollow and larger, on a long line at other points).
 */
final class SeriesStyle {
    static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
    /** Dash and gap lengths, in stroke units of a 2 px line; empty for solid. */
    private static final float[][] DASHES = {{}, {8, 4}, {3, 3}, {10, 3, 2, 3}, {2, 5}, {6, 2}};
    /** Marker outlines as polygons on a unit radius; the first is a circle (null). */
    private static final double[][][] MARKERS = {
        null,
        {{-0.85, -0.85}, {0.85, -0.85}, {0.85, 0.85}, {-0.85, 0.85}},
        {{0, -1.15}, {1, 0.75}, {-1, 0.75}},
        {{0, -1.25}, {1.25, 0}, {0, 1.25}, {-1.25, 0}},
        {{0, 1.15}, {1, -0.75}, {-1, -0.75}},
        {{-0.35, -1}, {0.35, -1}, {0.35, -0.35}, {1, -0.35}, {1, 0.35}, {0.35, 0.35}, {0.35, 1}, {-0.35, 1}, {-0.35, 0.35}, {-1, 0.35},
            {-1, -0.35}, {-0.35, -0.35}},
    };
    /** A line lying on an earlier one has its markers this much larger, as outlines, around the earlier line's. */
    static final double HOLLOW_MARKER_SCALE = 1.7;
    /** A line of at most this many points gets a marker at each (a series over a few VF counts). */
    static final int MARK_EVERY_POINT_UP_TO = 32;
    /** A longer line (a CDF) gets about this many markers, at points that differ from line to line. */
    private static final int MARKS_ON_A_LONG_LINE = 10;

    private SeriesStyle() {
    }

    static String color(int series) {
        return COLORS[series % COLORS.length];
    }

    /** The dash pattern, in units of the stroke width given, or an empty array for a solid line. */
    static float[] dash(int series, float strokeWidth) {
        float[] d = DASHES[series % DASHES.length].clone();
        for (int i = 0; i < d.length; i++) {
            d[i] *= strokeWidth / 2;
        }
        return d;
    }

    /** The marker's polygon scaled to {@code radius}, as x, y pairs; null for a circle. */
    static double[][] marker(int series, double radius) {
        double[][] unit = MARKERS[series % MARKERS.length];
        if (unit == null) {
            return null;
        }
        double[][] out = new double[unit.length][2];
        for (int i = 0; i < unit.length; i++) {
            out[i][0] = unit[i][0] * radius;
            out[i][1] = unit[i][1] * radius;
        }
        return out;
    }

    /**
     * Whether point {@code i} of line {@code series} (of {@code seriesCount}) carries a marker: every
     * point of a short line; on a long one every k-th, starting at a different point per line, so
     * the markers of two equal lines fall side by side rather than on top of each other.
     */
    static boolean marked(int series, int seriesCount, int points, int i) {
        if (points <= MARK_EVERY_POINT_UP_TO) {
            return true;
        }
        int every = (points + MARKS_ON_A_LONG_LINE - 1) / MARKS_ON_A_LONG_LINE;
        int phase = (series % Math.max(1, seriesCount)) * every / Math.max(1, seriesCount);
        return i % every == phase;
    }
}

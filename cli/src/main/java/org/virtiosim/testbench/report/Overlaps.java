package org.virtiosim.testbench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Which lines of a chart lie on an earlier one (pf-bar on vf-bar): every point within a thousandth
 * of each axis's length of the other line's point, which is under a pixel at any size the charts
 * are drawn. Such a line is named in the legend with "(overlaps X)", as well as drawn thinner and
 * dashed on top of X ({@link SeriesStyle}).
 */
final class Overlaps {
    /** A thousandth of an axis: less than a pixel on a 1000 px chart. */
    static final double TOLERANCE = 1e-3;

    private Overlaps() {
    }

    /** Per line, the index of the first earlier line it overlaps, or -1. */
    static int[] of(List<Svg.Series> series, Axis x, Axis y) {
        int[] out = new int[series.size()];
        for (int i = 0; i < series.size(); i++) {
            out[i] = -1;
            for (int j = 0; j < i && out[i] < 0; j++) {
                if (same(series.get(i), series.get(j), x, y)) {
                    out[i] = j;
                }
            }
        }
        return out;
    }

    /** The legend's names: a line's own, with "(overlaps X)" where it lies on X. */
    static List<String> legend(List<Svg.Series> series, int[] overlaps) {
        List<String> out = new ArrayList<>(series.size());
        for (int i = 0; i < series.size(); i++) {
            out.add(series.get(i).name() + (overlaps[i] < 0 ? "" : " (overlaps " + series.get(overlaps[i]).name() + ")"));
        }
        return out;
    }

    private static boolean same(Svg.Series a, Svg.Series b, Axis x, Axis y) {
        if (a.x().length != b.x().length || a.x().length == 0) {
            return false;
        }
        for (int k = 0; k < a.x().length; k++) {
            if (Math.abs(x.fraction(a.x()[k]) - x.fraction(b.x()[k])) > TOLERANCE
                    || Math.abs(y.fraction(a.y()[k]) - y.fraction(b.y()[k])) > TOLERANCE) {
                return false;
            }
        }
        return true;
    }
}

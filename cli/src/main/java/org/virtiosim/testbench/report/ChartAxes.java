package org.virtiosim.testbench.report;

import java.util.List;

/**
 * A line chart's two axes, from its data: x over the data's range, y from 0 (linear) or over the
 * data's range (log); a log axis leaves out values of 0 or below (an empty run), as it cannot show
 * them. The SVG and the PNG ask here, with as many ticks as their axis lengths leave room for.
 */
final class ChartAxes {
    private ChartAxes() {
    }

    static Axis x(LineChart c, int maxTicks) {
        return axis(c.series(), true, c.logX(), false, maxTicks);
    }

    static Axis y(LineChart c, int maxTicks) {
        return axis(c.series(), false, c.logY(), !c.logY(), maxTicks);
    }

    private static Axis axis(List<Svg.Series> series, boolean xs, boolean log, boolean fromZero, int maxTicks) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Svg.Series s : series) {
            for (double v : xs ? s.x() : s.y()) {
                if (Double.isFinite(v) && (!log || v > 0)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min > max) {
            min = log ? 1 : 0;
            max = log ? 10 : 1;
        }
        if (fromZero) {
            min = Math.min(0, min);
            max = Math.max(0, max);
        }
        return Ticks.of(log, min, max, maxTicks);
    }
}

package org.virtiosim.testbench.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A JFreeChart axis that draws the ticks {@link Ticks} chose, labelled as the SVG labels them, over
 * exactly the range they span. A log axis is drawn in log10 units (the data is given as its log10),
 * so one linear axis class serves both and puts each tick where the SVG does.
 */
final class PngAxis extends NumberAxis {
    private static final long serialVersionUID = 1L;
    private final transient Axis axis;

    PngAxis(String label, Axis axis) {
        super(label);
        this.axis = axis;
        setAutoRange(false);
        setRange(axis.scaled(axis.lo()), axis.scaled(axis.hi()));
    }

    /** A value as this axis plots it: its log10 on a log axis. */
    double plotted(double v) {
        return axis.scaled(v);
    }

    @Override
    public List<NumberTick> refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        TextAnchor anchor = edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : edge == RectangleEdge.BOTTOM ? TextAnchor.TOP_CENTER
                : edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT;
        double[] t = axis.ticks();
        List<String> labels = axis.labels();
        List<NumberTick> out = new ArrayList<>(t.length);
        for (int i = 0; i < t.length; i++) {
            out.add(new NumberTick(axis.scaled(t[i]), labels.get(i), anchor, TextAnchor.CENTER, 0.0));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PngAxis p && super.equals(o) && p.axis == axis;
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}

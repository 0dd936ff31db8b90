package org.virtiosim.testbench.report;

import java.util.List;

/** One plot of a report, independent of how it is drawn (inline SVG in HTML, PNG for slides). */
public record LineChart(String title, String xLabel, String yLabel, List<Svg.Series> series, boolean logX, boolean logY) {
}

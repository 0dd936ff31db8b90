package org.virtiosim.testbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A line on top of an equal one stays visible and the legend says which it covers. */
class OverlapsTest {
    private static final double[] VFS = {1, 4, 16, 64, 256};

    private static Svg.Series line(String name, double... y) {
        return new Svg.Series(name, VFS, y);
    }

    private static int[] overlaps(List<Svg.Series> series) {
        LineChart c = new LineChart("t", "VFs", "cycles", series, true, true);
        return Overlaps.of(series, ChartAxes.x(c, 10), ChartAxes.y(c, 10));
    }

    @Test
    void anEqualLineIsMarkedAsOverlappingTheFirstItEquals() {
        List<Svg.Series> s = List.of(line("vf-bar", 1550, 1550, 1600, 2000, 4000), line("pf-bar", 1550, 1550, 1600, 2000, 4000),
                line("io-bar", 2400, 2400, 2500, 3000, 6000), line("again", 1550, 1550, 1600, 2000, 4000));
        assertThat(overlaps(s)).containsExactly(-1, 0, -1, 0);
        assertThat(Overlaps.legend(s, overlaps(s))).containsExactly("vf-bar", "pf-bar (overlaps vf-bar)", "io-bar", "again (overlaps vf-bar)");
    }

    @Test
    void linesApartByMoreThanAThousandthOfTheAxisAreNot() {
        // 1 .. 100k on the y axis (whole decades: 1-2-5 would be too many ticks): 3% apart is log10(1.03)/5 ≈ 0.0026 of it.
        List<Svg.Series> s = List.of(line("a", 1, 10, 100, 1000, 10000), line("b", 1, 10, 100, 1000, 10300),
                line("c", 1, 10, 100, 1000, 10001));
        assertThat(overlaps(s)).containsExactly(-1, -1, 0);
        assertThat(overlaps(List.of(line("a", 1, 2, 3, 4, 5), new Svg.Series("short", new double[] {1, 4}, new double[] {1, 2}))))
                .as("a line of other points is not the same line").containsExactly(-1, -1);
    }

    @Test
    void theSvgDrawsTheOverlappingLineThinnerDashedWithHollowMarkersAndNamesItInTheLegend() {
        List<Svg.Series> s = List.of(line("mmio", 2600, 2600, 2750, 10000, 45000), line("pf-window", 2600, 2600, 2750, 10000, 45000));
        String svg = Svg.lines(new LineChart("Mean access latency", "VFs (log)", "cycles (log)", s, true, true));
        assertThat(svg).contains(">pf-window (overlaps mmio)</text>", ">mmio</text>");
        Matcher m = Pattern.compile("<polyline fill=\"none\" stroke=\"(#[0-9a-f]+)\" stroke-width=\"([0-9.]+)\"( stroke-dasharray=\"[^\"]+\")?").matcher(svg);
        List<String> widths = new ArrayList<>();
        List<String> dashes = new ArrayList<>();
        List<String> colors = new ArrayList<>();
        while (m.find()) {
            colors.add(m.group(1));
            widths.add(m.group(2));
            dashes.add(String.valueOf(m.group(3)));
        }
        assertThat(colors).hasSize(2).doesNotHaveDuplicates();
        assertThat(Double.parseDouble(widths.get(1))).as("drawn on top, thinner, so the line under it shows at its edges")
                .isLessThan(Double.parseDouble(widths.get(0)));
        assertThat(dashes.get(0)).isEqualTo("null");
        assertThat(dashes.get(1)).contains("stroke-dasharray");
        assertThat(svg).contains("fill=\"none\" stroke=\"" + colors.get(1) + "\"");
    }

    @Test
    void onLongEqualLinesTheMarkersFallAtDifferentPoints() {
        int n = 102;
        for (int count = 2; count <= 6; count++) {
            List<List<Integer>> marked = new ArrayList<>();
            for (int si = 0; si < count; si++) {
                List<Integer> at = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (SeriesStyle.marked(si, count, n, i)) {
                        at.add(i);
                    }
                }
                assertThat(at.size()).isBetween(8, 12);
                for (List<Integer> other : marked) {
                    assertThat(at).as(count + " lines").doesNotContainAnyElementsOf(other);
                }
                marked.add(at);
            }
        }
        assertThat(SeriesStyle.marked(3, 6, SeriesStyle.MARK_EVERY_POINT_UP_TO, 7)).as("a short line is marked at every point").isTrue();
    }

    @Test
    void everyLineOfAChartHasItsOwnColourDashAndMarker() {
        for (int a = 0; a < SeriesStyle.COLORS.length; a++) {
            for (int b = a + 1; b < SeriesStyle.COLORS.length; b++) {
                assertThat(SeriesStyle.color(a)).isNotEqualTo(SeriesStyle.color(b));
                assertThat(SeriesStyle.dash(a, 2)).isNotEqualTo(SeriesStyle.dash(b, 2));
                assertThat(SeriesStyle.marker(a, 1)).isNotEqualTo(SeriesStyle.marker(b, 1));
            }
        }
    }
}

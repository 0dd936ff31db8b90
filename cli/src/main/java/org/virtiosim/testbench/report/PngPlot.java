package org.virtiosim.testbench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's plots as one PNG for slides ({@code --plot}): the same charts as the HTML report,
 * drawn by JFreeChart, two per row, 1920 px wide (a 16:9 slide's width), with the SVG's ticks
 * ({@link Ticks}, drawn by {@link PngAxis}), labels, colours, dashes and markers ({@link SeriesStyle})
 * and legend notes ({@link Overlaps}). No timestamp or randomness, so the same results give the
 * same image on the same JDK.
 */
public final class PngPlot {
    private static final int CHART_W = 960;
    private static final int CHART_H = 540;
    private static final int HEADER_H = 50;
    static final int TICK_FONT = 14;
    /** Ticks that fit a 960 px chart: one every 70 px across, every 40 px up. */
    private static final int X_TICKS = 13;
    private static final int Y_TICKS = 10;
    private static final float LINE_WIDTH = 3f;
    private static final float OVERLAPPING_LINE_WIDTH = 1.5f;
    private static final double MARKER_RADIUS = 5;
    private static final double RIGHT_MARGIN = 8;
    /** Text measured as it is drawn (antialiased, fractional metrics), independent of any screen. */
    private static final FontRenderContext RENDERING = new FontRenderContext(null, true, true);

    private PngPlot() {
    }

    /** Draws the charts under a one-line heading; writes the file whole or not at all. */
    public static void write(Path file, String heading, List<LineChart> charts) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (java.io.OutputStream out = Files.newOutputStream(tmp)) {
            write(out, heading, charts);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Draws the charts under a one-line heading as PNG bytes into {@code out} (which stays open). */
    public static void write(java.io.OutputStream out, String heading, List<LineChart> charts) throws IOException {
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot");
        }
        System.setProperty("java.awt.headless", "true");
        int cols = charts.size() == 1 ? 1 : 2;
        int rows = (charts.size() + cols - 1) / cols;
        BufferedImage img = new BufferedImage(cols * CHART_W, HEADER_H + rows * CHART_H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 24));
            g.drawString(heading, 20, 34);
            for (int i = 0; i < charts.size(); i++) {
                int x = (i % cols) * CHART_W;
                int y = HEADER_H + (i / cols) * CHART_H;
                chart(charts.get(i)).draw(g, new Rectangle2D.Double(x, y, CHART_W, CHART_H));
            }
        } finally {
            g.dispose();
        }
        // ImageIO.write to a File prints its own stack trace when it cannot create the file; a stream it is given cannot fail that way.
        ImageIO.setUseCache(false);
        if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer in this JDK");
        }
    }

    /** One chart as JFreeChart draws it: the shared ticks and styles, room on the right for the last x tick label. */
    static JFreeChart chart(LineChart c) {
        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, TICK_FONT);
        Axis x = ChartAxes.x(c, X_TICKS);
        Axis y = ChartAxes.y(c, Y_TICKS);
        int[] overlaps = Overlaps.of(c.series(), x, y);
        List<String> names = Overlaps.legend(c.series(), overlaps);
        PngAxis xAxis = axis(c.xLabel(), x, tickFont);
        PngAxis yAxis = axis(c.yLabel(), y, tickFont);
        XYSeriesCollection data = new XYSeriesCollection();
        for (int si = 0; si < c.series().size(); si++) {
            Svg.Series s = c.series().get(si);
            XYSeries xy = new XYSeries(names.get(si), false, true);
            for (int i = 0; i < s.x().length; i++) {
                // A log axis cannot show 0 or below; such points (an empty run) are left out.
                if ((!c.logX() || s.x()[i] > 0) && (!c.logY() || s.y()[i] > 0)) {
                    xy.add(xAxis.plotted(s.x()[i]), yAxis.plotted(s.y()[i]));
                }
            }
            data.addSeries(xy);
        }
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer(c, overlaps));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(c.title(), new Font(Font.SANS_SERIF, Font.BOLD, 20), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        ((TextTitle) chart.getTitle()).setPaint(Color.BLACK);
        chart.setPadding(new RectangleInsets(4, 8, 4, rightPadding(x, tickFont)));
        return chart;
    }

    /** Room right of the plot for half the last x tick label (it is centred on the plot's right edge), and a margin. */
    static double rightPadding(Axis x, Font tickFont) {
        List<String> labels = x.labels();
        Rectangle2D last = tickFont.getStringBounds(labels.get(labels.size() - 1), RENDERING);
        return Math.ceil(last.getWidth() / 2) + RIGHT_MARGIN;
    }

    /** Per line its colour, dash and marker shape as in the SVG; a line lying on an earlier one thinner, on top. */
    private static XYLineAndShapeRenderer renderer(LineChart c, int[] overlaps) {
        int count = c.series().size();
        int[] points = new int[count];
        for (int i = 0; i < count; i++) {
            points[i] = c.series().get(i).x().length;
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true) {
            private static final long serialVersionUID = 1L;

            @Override
            public boolean getItemShapeVisible(int series, int item) {
                return SeriesStyle.marked(series, count, points[series], item);
            }
        };
        for (int i = 0; i < count; i++) {
            float width = overlaps[i] < 0 ? LINE_WIDTH : OVERLAPPING_LINE_WIDTH;
            float[] dash = SeriesStyle.dash(i, width);
            renderer.setSeriesPaint(i, Color.decode(SeriesStyle.color(i)));
            renderer.setSeriesStroke(i, dash.length == 0 ? new BasicStroke(width)
                    : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
            boolean hollow = overlaps[i] >= 0;
            renderer.setSeriesShape(i, shape(i, hollow ? MARKER_RADIUS * SeriesStyle.HOLLOW_MARKER_SCALE : MARKER_RADIUS));
            renderer.setSeriesShapesFilled(i, !hollow);
            renderer.setSeriesOutlineStroke(i, new BasicStroke(2f));
        }
        renderer.setUseOutlinePaint(false);
        return renderer;
    }

    private static Shape shape(int series, double radius) {
        double[][] poly = SeriesStyle.marker(series, radius);
        if (poly == null) {
            return new Ellipse2D.Double(-radius * 0.9, -radius * 0.9, radius * 1.8, radius * 1.8);
        }
        Path2D.Double p = new Path2D.Double();
        p.moveTo(poly[0][0], poly[0][1]);
        for (int i = 1; i < poly.length; i++) {
            p.lineTo(poly[i][0], poly[i][1]);
        }
        p.closePath();
        return p;
    }

    private static PngAxis axis(String label, Axis ticks, Font tickFont) {
        PngAxis a = new PngAxis(label, ticks);
        a.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        a.setTickLabelFont(tickFont);
        return a;
    }
}

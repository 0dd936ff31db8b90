package org.virtiosim.testbench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's plots as one PNG for slides ({@code --plot}): the same charts as the HTML report,
 * drawn by JFreeChart, two per row, 1920 px wide (a 16:9 slide's width). No timestamp or
 * randomness, so the same results give the same image on the same JDK.
 */
public final class PngPlot {
    private static final int CHART_W = 960;
    private static final int CHART_H = 540;
    private static final int HEADER_H = 50;
    /** The same palette as the SVG charts, so a plot on a slide matches the report. */
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
        new Color(0xff7f0e), new Color(0x8c564b)};

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

    private static JFreeChart chart(LineChart c) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Svg.Series s : c.series()) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.x().length; i++) {
                // A log axis cannot show 0 or below; such points (an empty run) are left out.
                if ((!c.logX() || s.x()[i] > 0) && (!c.logY() || s.y()[i] > 0)) {
                    xy.add(s.x()[i], s.y()[i]);
                }
            }
            data.addSeries(xy);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < c.series().size(); i++) {
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(3f));
        }
        XYPlot plot = new XYPlot(data, axis(c.xLabel(), c.logX()), axis(c.yLabel(), c.logY()), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(c.title(), new Font(Font.SANS_SERIF, Font.BOLD, 20), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        ((TextTitle) chart.getTitle()).setPaint(Color.BLACK);
        return chart;
    }

    private static ValueAxis axis(String label, boolean log) {
        Font labels = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
        Font ticks = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        ValueAxis a;
        if (log) {
            LogAxis l = new LogAxis(label);
            l.setSmallestValue(1);
            // Plain numbers at the ticks (2,512 rather than 10^3.4): what a slide's reader wants.
            l.setNumberFormatOverride(new java.text.DecimalFormat("#,##0", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)));
            a = l;
        } else {
            NumberAxis n = new NumberAxis(label);
            // Tick labels in a fixed locale: the same inputs give the same PNG bytes under any JVM locale.
            n.setStandardTickUnits(NumberAxis.createStandardTickUnits(java.util.Locale.ROOT));
            n.setAutoRangeIncludesZero(false);
            a = n;
        }
        a.setLabelFont(labels);
        a.setTickLabelFont(ticks);
        return a;
    }
}

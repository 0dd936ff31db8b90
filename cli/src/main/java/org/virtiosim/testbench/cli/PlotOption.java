package org.virtiosim.testbench.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.virtiosim.testbench.report.LineChart;
import org.virtiosim.testbench.report.PngPlot;

/** {@code --plot FILE.png}: checked before anything runs, written whole after. */
final class PlotOption {
    private PlotOption() {
    }

    static void check(Path plot) {
        ReportOption.check("--plot", plot, "png");
    }

    static void write(Path plot, String heading, List<LineChart> charts, java.io.PrintWriter err) {
        if (plot == null) {
            return;
        }
        try {
            PngPlot.write(plot, heading, charts);
        } catch (IOException e) {
            throw new UsageException("--plot " + plot + ": cannot be written (" + ReportOption.reason(e) + ")");
        }
        err.println("plot: " + plot);
    }
}

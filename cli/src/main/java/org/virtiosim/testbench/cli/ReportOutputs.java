package org.virtiosim.testbench.cli;

import java.io.PrintWriter;
import java.util.List;
import org.virtiosim.testbench.report.LineChart;
import org.virtiosim.testbench.report.PngPlot;

/** {@code --plot FILE.png} and {@code --report FILE.html}: declared before anything runs, written whole after. */
final class ReportOutputs {
    private ReportOutputs() {
    }

    static Output declarePlot(OutputPlan plan, java.nio.file.Path plot) {
        return plan.optional("--plot", plot, "png");
    }

    static Output declareReport(OutputPlan plan, java.nio.file.Path report) {
        return plan.optional("--report", report, "html");
    }

    /** Writes the PNG, if asked, and says where it went. */
    static void writePlot(Output plot, String heading, List<LineChart> charts, PrintWriter err) {
        if (plot != null) {
            plot.write(out -> PngPlot.write(out, heading, charts));
            plot.announce(err, "plot: " + plot.named());
        }
    }

    /** Writes the HTML report, if asked, and says where it went. */
    static void writeReport(Output report, java.util.function.Supplier<String> html, PrintWriter err) {
        if (report != null) {
            OutputPlan.write(report, html.get());
            report.announce(err, "report: " + report.named());
        }
    }
}

package org.virtiosim.testbench.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.virtiosim.testbench.report.HtmlReport;
import org.virtiosim.testbench.sweep.SweepRow;

/** Writes reports for the commands, turning an I/O failure into a one-line error. */
final class HtmlReportWriter {
    private HtmlReportWriter() {
    }

    static void sweep(Path file, String scenario, Map<String, List<String>> grid, TreeMap<Integer, SweepRow> rows) {
        try {
            HtmlReport.write(file, HtmlReport.sweep(scenario, grid, rows));
        } catch (IOException e) {
            throw new UsageException("--report " + file + ": " + e.getMessage());
        }
    }
}

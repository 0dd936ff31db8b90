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
        write(file, HtmlReport.sweep(scenario, grid, rows));
    }

    /** Writes {@code html} whole to {@code file}, or nothing: a failure is a one-line usage error (exit 2). */
    static void write(Path file, String html) {
        try {
            HtmlReport.write(file, html);
        } catch (IOException e) {
            throw new UsageException("--report " + file + ": " + e.getMessage());
        }
    }
}

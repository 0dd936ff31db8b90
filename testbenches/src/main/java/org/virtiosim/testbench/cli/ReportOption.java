package org.virtiosim.testbench.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks a {@code --report} path before anything runs, so a bad one leaves no partial output. */
final class ReportOption {
    private ReportOption() {
    }

    static void check(Path report) {
        if (report == null) {
            return;
        }
        Path dir = report.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException("--report " + report + ": no such directory");
        }
        if (!report.getFileName().toString().endsWith(".html")) {
            throw new UsageException("--report " + report + ": the report is HTML; name it FILE.html");
        }
    }
}

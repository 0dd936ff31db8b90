package org.virtiosim.testbench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Checks a report or plot path before anything runs, so a bad one leaves no partial output. */
final class ReportOption {
    private ReportOption() {
    }

    static void check(Path report) {
        check("--report", report, "html");
    }

    /** The file's directory exists and its name ends in {@code .ext}. */
    static void check(String option, Path file, String ext) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException(option + " " + file + ": no such directory");
        }
        if (!file.getFileName().toString().endsWith("." + ext)) {
            throw new UsageException(option + " " + file + ": the file is " + ext.toUpperCase(Locale.ROOT) + "; name it FILE." + ext);
        }
    }
}

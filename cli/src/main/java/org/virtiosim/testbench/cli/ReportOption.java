package org.virtiosim.testbench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Checks an output path (report, plot, baseline, JUnit XML, VCD) before anything runs, so a bad one leaves no partial output. */
final class ReportOption {
    private ReportOption() {
    }

    static void check(Path report) {
        check("--report", report, "html");
    }

    /** The output file's directory exists (the file is written only after the run). */
    static void checkDirectory(String option, Path file) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException(option + " " + file + ": no such directory");
        }
        if (!Files.isWritable(dir)) {
            throw new UsageException(option + " " + file + ": directory not writable");
        }
        if (Files.isDirectory(file)) {
            throw new UsageException(option + " " + file + ": is a directory");
        }
    }

    /** The file's directory exists and its name ends in {@code .ext}. */
    static void check(String option, Path file, String ext) {
        checkDirectory(option, file);
        if (file != null && !file.getFileName().toString().endsWith("." + ext)) {
            throw new UsageException(option + " " + file + ": the file is " + ext.toUpperCase(Locale.ROOT) + "; name it FILE." + ext);
        }
    }
}

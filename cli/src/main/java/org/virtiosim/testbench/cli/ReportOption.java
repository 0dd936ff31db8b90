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
    }

    /** The file's directory exists and its name ends in {@code .ext}. */
    static void check(String option, Path file, String ext) {
        checkDirectory(option, file);
        if (file != null && !file.getFileName().toString().endsWith("." + ext)) {
            throw new UsageException(option + " " + file + ": the file is " + ext.toUpperCase(Locale.ROOT) + "; name it FILE." + ext);
        }
    }

    /** What went wrong with a path, in words (no exception class names). */
    static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException || e instanceof java.nio.file.NotDirectoryException) {
            return "a file is in the way";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "its directory does not exist or takes no new files";
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            return f.getReason() != null ? f.getReason() : "the file system refuses it";
        }
        return e.getMessage() == null ? "cannot be written" : e.getMessage();
    }

}

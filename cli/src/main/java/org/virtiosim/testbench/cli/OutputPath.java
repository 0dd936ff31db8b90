package org.virtiosim.testbench.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** The checks on one output path, made before a run, and the one-line reason of an I/O failure. */
final class OutputPath {
    /** An echoed reason is cut here: a message is one readable line. */
    private static final int MAX_REASON = 160;

    private OutputPath() {
    }

    /**
     * Checks that {@code file} (derived from what {@code option} gave, {@code given}) can be written
     * by a rename from a temporary file beside it, and returns the real path to write: the file a
     * symbolic link names, the directory with its links resolved.
     *
     * @param marker for a sidecar, how a file virtio-sim wrote begins; an existing file that does
     *               not is the user's and is refused (null: a named output, which is replaced)
     */
    static Path checked(String option, Path given, Path file, String marker) {
        String what = label(option, given, file);
        checkName(what, file);
        if (Files.exists(file)) {
            checkReplaceable(what, file);
            if (marker != null && !beginsWith(file, marker)) {
                throw new UsageException(what + ": exists and virtio-sim did not write it; move it, or choose another name");
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException(what + ": no such directory");
        }
        if (!Files.isWritable(dir)) {
            throw new UsageException(what + ": the directory is not writable");
        }
        return planned(file);
    }

    /** "--vcd w.vcd", or "--vcd w.vcd (its w.gtkw)" for a file written beside the one given. */
    static String label(String option, Path given, Path file) {
        String head = option + " " + given;
        return file.equals(given) ? head : head + " (its " + file.getFileName() + ")";
    }

    /** A file name, not {@code .}, {@code ..} or a hidden name (which {@code ls} would not show). */
    static void checkName(String what, Path file) {
        Path name = file.getFileName();
        if (name == null || name.toString().equals(".") || name.toString().equals("..")) {
            throw new UsageException(what + ": names a directory, not a file");
        }
        if (name.toString().startsWith(".")) {
            throw new UsageException(what + ": would be a hidden file; name it without a leading dot");
        }
    }

    /** An existing output must be a regular file: never a directory, FIFO, device or socket (not even opened). */
    static void checkReplaceable(String what, Path file) {
        if (Files.isDirectory(file)) {
            throw new UsageException(what + ": is a directory");
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException(what + ": is not a regular file (a FIFO, device or socket); name a file");
        }
    }

    /** A directory that does not exist yet can be made: its nearest existing ancestor is a writable directory. */
    static void checkCreatable(String what, Path directory) {
        Path a = directory.toAbsolutePath().getParent();
        while (a != null && !Files.exists(a)) {
            a = a.getParent();
        }
        if (a == null || !Files.isDirectory(a)) {
            throw new UsageException(what + ": cannot be created (" + (a == null ? "no such directory" : a + " is a file") + ")");
        }
        if (!Files.isWritable(a)) {
            throw new UsageException(what + ": cannot be created (" + a + " is not writable)");
        }
    }

    /** The real path of an existing file (links resolved). */
    static Path real(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return planned(file);
        }
    }

    /** The real path {@code file} has or will have: its nearest existing ancestor resolved, the rest as named. */
    static Path planned(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            return real(abs);
        }
        Path a = abs;
        while (a.getParent() != null && !Files.exists(a.getParent(), LinkOption.NOFOLLOW_LINKS)) {
            a = a.getParent();
        }
        Path parent = a.getParent();
        if (parent == null) {
            return abs;
        }
        try {
            return parent.toRealPath().resolve(parent.relativize(abs));
        } catch (IOException e) {
            return abs;
        }
    }

    /** Whether two real paths are one file: equal, or (both existing) hard links to one inode. */
    static boolean same(Path a, Path b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean beginsWith(Path file, String marker) {
        byte[] want = marker.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return java.util.Arrays.equals(in.readNBytes(want.length), want);
        } catch (IOException e) {
            return false;
        }
    }

    /** Why an I/O operation failed, as a lower-case phrase with no file name (the caller names the user's file). */
    static String reason(Throwable e) {
        // The deepest I/O cause says why (ImageIO's "I/O error writing PNG file!" wraps the disk's "No space left on device").
        Throwable t = e;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                t = c;
            }
        }
        String r;
        if (t instanceof NoSuchFileException) {
            r = "no such directory";
        } else if (t instanceof AccessDeniedException) {
            r = "permission denied";
        } else if (t instanceof FileSystemException f && f.getReason() != null) {
            r = f.getReason();
        } else {
            String m = t == null ? null : t.getMessage();
            if (m == null || m.isBlank()) {
                r = "input/output error";
            } else {
                // FileNotFoundException says "PATH (reason)"; keep the reason only.
                java.util.regex.Matcher paren = java.util.regex.Pattern.compile(".*\\((.+)\\)\\s*$").matcher(m);
                r = paren.matches() ? paren.group(1) : m;
            }
        }
        r = r.replace('\n', ' ').trim();
        if (r.length() > MAX_REASON) {
            r = r.substring(0, MAX_REASON) + "...";
        }
        if (r.isEmpty()) {
            return "input/output error";
        }
        boolean acronym = r.length() > 1 && !Character.isLowerCase(r.charAt(1));
        return acronym ? r : r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1);
    }
}

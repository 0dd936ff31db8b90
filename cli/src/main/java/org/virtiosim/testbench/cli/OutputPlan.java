package org.virtiosim.testbench.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The files one run of a command reads and writes, declared before it runs: the one output
 * discipline of the CLI.
 *
 * <p>Declaring an output checks its path at once ({@link OutputPath}): a name that is not hidden,
 * an existing writable directory, not a directory or other non-regular file, not the same file as
 * an input of the run or as another output of it (sidecars included). Writing an output goes to a
 * temporary file in its directory; {@link #commit()} (when the run has finished) moves every
 * written output into place, each with one atomic rename. {@link #close()} without a commit (bad
 * input found late, a write error, disk full, Ctrl-C) removes every temporary file, every output
 * already moved and every directory the run created, so the files on disk are as before the run.
 * Every failure is a {@link UsageException} of one line naming the option and the file the user
 * gave, never a temporary name.
 */
final class OutputPlan implements AutoCloseable {
    private final List<Input> inputs = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();
    private final List<Path> reserved = new ArrayList<>();
    private final List<Path> createdDirectories = new ArrayList<>();
    private final Thread onInterrupt = new Thread(this::discard, "output-plan-cleanup");
    private final List<Runnable> announcements = new ArrayList<>();
    private boolean committed;
    private boolean hooked;

    /** A file the run reads: an output may never name it. */
    private record Input(String label, Path real) {
    }

    /**
     * Declares a file the run reads ({@code label} names it in a message, e.g. "--trace t.csv").
     * Null, or a file that does not exist (its own check reports that), declares nothing.
     */
    OutputPlan input(String label, Path file) {
        if (file == null || !Files.exists(file)) {
            return this;
        }
        Path real = OutputPath.real(file);
        for (Output o : outputs) {
            if (OutputPath.same(o.target(), real)) {
                throw new UsageException(o.label() + ": is also " + label + ", an input of this run; an output never replaces an input");
            }
        }
        inputs.add(new Input(label, real));
        return this;
    }

    /** Declares an output written only by this run, named {@code FILE.ext} ({@code ext} null for any name). */
    Output output(String option, Path file, String ext) {
        if (ext != null && !file.getFileName().toString().endsWith("." + ext)) {
            throw new UsageException(option + " " + file + ": the file is " + ext.toUpperCase(Locale.ROOT) + "; name it FILE." + ext);
        }
        return add(new Output(this, OutputPath.label(option, file, file), file, OutputPath.checked(option, file, file, null), null));
    }

    /** {@link #output} for an option that may be absent: null for a null file. */
    Output optional(String option, Path file, String ext) {
        return file == null ? null : output(option, file, ext);
    }

    /** Declares file {@code name} in {@code directory}, which is created when the output is written (merge --out DIR). */
    Output inDirectory(String option, Path directory, String name) {
        Path file = directory.resolve(name);
        String label = OutputPath.label(option, directory, file);
        checkDirectory(option, directory);
        Path target = Files.exists(directory) ? OutputPath.checked(option, directory, file, null) : OutputPath.planned(file);
        return add(new Output(this, label, file, target, null));
    }

    /**
     * Declares a file written beside an output ({@code given}): its .gtkw, its tlp_types.txt. The
     * same sidecar declared twice (tlp_types.txt beside every VCD of a run) is one output. An
     * existing file of that name is replaced only if it begins with {@code marker}, i.e. virtio-sim
     * wrote it: a user's file is never silently overwritten.
     */
    Output sidecar(String option, Path given, Path file, String marker) {
        Path real = OutputPath.planned(file);
        for (Output o : outputs) {
            if (o.target().equals(real) && marker.equals(o.marker())) {
                return o;
            }
        }
        return add(new Output(this, OutputPath.label(option, given, file), file, OutputPath.checked(option, given, file, marker), marker));
    }

    /**
     * Reserves files another writer keeps up to date during the run (a sweep's results: a
     * checkpoint that --resume continues, so kept on failure): checked like outputs, and no output
     * of this run may name them.
     */
    void reserve(String option, Path directory, String... names) {
        checkDirectory(option, directory);
        for (String name : names) {
            Path file = directory.resolve(name);
            String label = OutputPath.label(option, directory, file);
            if (Files.exists(file)) {
                OutputPath.checkReplaceable(label, file);
            }
            Path real = OutputPath.planned(file);
            checkUnclaimed(label, real);
            reserved.add(real);
        }
    }

    /** An output directory: an existing directory, or one that can be made. */
    private static void checkDirectory(String option, Path directory) {
        String what = option + " " + directory;
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new UsageException(what + ": is a file, not a directory");
        }
        if (!Files.exists(directory)) {
            OutputPath.checkCreatable(what, directory);
        } else if (!Files.isWritable(directory)) {
            throw new UsageException(what + ": the directory is not writable");
        }
    }

    private Output add(Output o) {
        checkUnclaimed(o.label(), o.target());
        outputs.add(o);
        return o;
    }

    private void checkUnclaimed(String what, Path real) {
        for (Input i : inputs) {
            if (OutputPath.same(real, i.real())) {
                throw new UsageException(what + ": is also " + i.label() + ", an input of this run; an output never replaces an input");
            }
        }
        for (Output o : outputs) {
            if (o.target().equals(real)) {
                throw new UsageException(what + ": is also the output " + o.label() + " of this run; give each output its own file");
            }
        }
        for (Path r : reserved) {
            if (r.equals(real)) {
                throw new UsageException(what + ": is one of the results files this run keeps up to date; name another file");
            }
        }
    }

    /** Moves every written output into place. After this, {@link #close()} removes nothing. */
    void commit() {
        List<Output> moved = new ArrayList<>();
        try {
            for (Output o : outputs) {
                if (o.moveIntoPlace()) {
                    moved.add(o);
                }
            }
        } catch (UsageException e) {
            for (Output o : moved) {
                o.removeTarget();
            }
            throw e;
        }
        committed = true;
        unhook();
        announcements.forEach(Runnable::run);
    }

    /**
     * Says where an output went ({@code line} on {@code err}) once it is there: a run that fails
     * later names no file it did not leave.
     */
    synchronized void announce(PrintWriter err, String line) {
        announcements.add(() -> {
            err.println(line);
            err.flush();
        });
    }

    /** Without a commit: removes every temporary file, every output moved and every directory created. */
    @Override
    public void close() {
        if (!committed) {
            discard();
        }
        unhook();
    }

    private synchronized void discard() {
        if (committed) {
            return;
        }
        for (Output o : outputs) {
            o.removeTemporary();
        }
        for (int i = createdDirectories.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(createdDirectories.get(i));
            } catch (IOException notEmpty) {
                // something else was put there meanwhile: it is not ours to remove
            }
        }
        createdDirectories.clear();
    }

    /** A temporary file is on disk: Ctrl-C must not leave it behind. */
    synchronized void hook() {
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(onInterrupt);
        }
    }

    private void unhook() {
        if (hooked) {
            hooked = false;
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it removed what was left
            }
        }
    }

    synchronized void created(List<Path> directories) {
        createdDirectories.addAll(directories);
    }

    /** A command's work, given the plan to declare its inputs and outputs to. */
    @FunctionalInterface
    interface Run {
        int run(OutputPlan plan) throws Exception;
    }

    /**
     * Runs {@code work} with a fresh plan: its outputs are moved into place when it returns, and
     * removed if it fails in any way. Returns its exit code.
     */
    static int execute(Run work) throws Exception {
        try (OutputPlan plan = new OutputPlan()) {
            int exit = work.run(plan);
            plan.commit();
            return exit;
        }
    }

    /** How an output's content is produced: into the stream given (which the plan closes). */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Opens a temporary file for writing; tests replace it to fail a write (disk full) at a chosen point. */
    @FunctionalInterface
    interface Opener {
        OutputStream open(Path temporary) throws IOException;
    }

    /**
     * Outputs bypass the page cache where the file system allows (a traced 4096-VF compare writes
     * 3.6 GB of VCD, whose kernel copies and writeback had taken about 4 s of the writer's CPU and
     * more of the kernel's on a two-core machine); the bytes are the same either way.
     */
    private static volatile Opener opener = org.virtiosim.waveforms.DirectFileOutput::open;

    /** For tests: runs {@code body} with temporary files opened by {@code o}. */
    static <T> T withOpener(Opener o, java.util.function.Supplier<T> body) {
        Opener before = opener;
        opener = o;
        try {
            return body.get();
        } finally {
            opener = before;
        }
    }

    static OutputStream open(Path temporary) throws IOException {
        return opener.open(temporary);
    }

    /** Writes {@code text} (UTF-8) as output {@code o}, if it was declared. */
    static void write(Output o, String text) {
        if (o != null) {
            o.write(out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        }
    }
}

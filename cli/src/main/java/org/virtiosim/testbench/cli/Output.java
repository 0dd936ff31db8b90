package org.virtiosim.testbench.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One declared output of an {@link OutputPlan}: written to a temporary file beside its target,
 * renamed onto it when the plan commits, removed when the plan is closed without a commit.
 */
final class Output {
    private static final AtomicLong TEMPORARIES = new AtomicLong();

    private final OutputPlan plan;
    private final String label;
    private final Path named;
    private final Path target;
    private final String marker;
    private Path temporary;
    private boolean moved;

    Output(OutputPlan plan, String label, Path named, Path target, String marker) {
        this.plan = plan;
        this.label = label;
        this.named = named;
        this.target = target;
        this.marker = marker;
    }

    /** The option and the file as the user gave them, e.g. "--vcd w.vcd (its w.gtkw)". */
    String label() {
        return label;
    }

    /** The file as the user named it (or as derived from what they named), for messages. */
    Path named() {
        return named;
    }

    /** Says {@code line} on {@code err} when this run's outputs are in place (not if it fails). */
    void announce(java.io.PrintWriter err, String line) {
        plan.announce(err, line);
    }

    /** The real path this output goes to. */
    Path target() {
        return target;
    }

    /** How a sidecar virtio-sim wrote begins (null for a named output). */
    String marker() {
        return marker;
    }

    /**
     * Writes the whole content to the temporary file; any failure is a one-line UsageException.
     * Synchronized, as {@link #open()}: runs carried out at once write the same sidecar (tlp_types.txt).
     */
    synchronized void write(OutputPlan.Content content) {
        try (OutputStream out = open()) {
            content.writeTo(out);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw failed(e);
        }
    }

    /**
     * A stream to the temporary file, for content written while the run goes (a VCD); the caller
     * closes it. A second open starts the content again.
     */
    synchronized OutputStream open() {
        try {
            return OutputPlan.open(newTemporary());
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /**
     * A channel to the temporary file, for content written while the run goes that must go back to
     * complete its header (an FST); the caller closes it. A second open starts the content again.
     */
    synchronized java.nio.channels.SeekableByteChannel openChannel() {
        try {
            return java.nio.channels.FileChannel.open(newTemporary(), java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** A fresh temporary file name beside the target (the directory made if need be), removed if the plan is not committed. */
    private Path newTemporary() throws IOException {
        removeTemporary();
        Path dir = target.getParent();
        plan.created(createDirectories(dir));
        temporary = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + TEMPORARIES.incrementAndGet() + ".tmp");
        plan.hook();
        return temporary;
    }

    /** The one-line error for a failed write of this output; its temporary file is removed. */
    UsageException failed(Throwable e) {
        removeTemporary();
        return new UsageException(label + ": " + OutputPath.reason(e));
    }

    /** Renames the temporary file onto the target, if this output was written. */
    boolean moveIntoPlace() {
        if (temporary == null) {
            return false;
        }
        try {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw failed(e);
        }
        temporary = null;
        moved = true;
        return true;
    }

    void removeTemporary() {
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // nothing more can be done; the run's own error is what the user sees
            }
            temporary = null;
        }
    }

    /** After a failed commit: an output already moved into place is removed too. */
    void removeTarget() {
        if (moved) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException e) {
                // as above
            }
            moved = false;
        }
    }

    /** Creates {@code dir} and its missing ancestors; returns those it created, outermost first. */
    private static List<Path> createDirectories(Path dir) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path d = dir; d != null && !Files.exists(d); d = d.getParent()) {
            missing.add(0, d);
        }
        for (Path d : missing) {
            Files.createDirectory(d);
        }
        return missing;
    }
}

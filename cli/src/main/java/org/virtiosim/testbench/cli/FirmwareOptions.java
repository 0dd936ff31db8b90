package org.virtiosim.testbench.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.virtiosim.core.param.NumberText;
import org.virtiosim.testbench.study.FirmwareChoice;
import picocli.CommandLine.Option;

/**
 * The device firmware of {@code compare}, {@code replay} and {@code sweep}: a built-in one by name, or
 * a firmware team's compiled model (its class, from its jars). Checked before anything runs.
 */
final class FirmwareOptions {
    @Option(names = "--firmware", paramLabel = "NAME|CLASS", completionCandidates = Candidates.BuiltInFirmwares.class, description = {"the device firmware: a built-in one (virtio-sim list), or",
        "the binary name of a FirmwareProgram (or cost-only Firmware) class on --firmware-classpath (default: default)"})
    String firmware;
    @Option(names = "--firmware-classpath", paramLabel = "JAR[:JAR...]", description = {"the jars (or class directories) of a",
        "firmware team's compiled model, loaded in a class loader of their own"})
    String classpath;

    /** Whether --firmware was given. */
    boolean given() {
        return firmware != null;
    }

    /** The loader --firmware-classpath names (the tool's own without it); declares each jar an input. */
    ClassLoader loader(OutputPlan plan) {
        List<Path> jars = new ArrayList<>();
        if (classpath != null) {
            for (String part : classpath.split(java.io.File.pathSeparator, -1)) {
                if (part.isBlank()) {
                    throw new UsageException("--firmware-classpath '" + NumberText.echo(classpath) + "': an empty entry");
                }
                try {
                    jars.add(Path.of(part));
                } catch (InvalidPathException e) {
                    throw new UsageException("--firmware-classpath: '" + NumberText.echo(part) + "' is not a valid path");
                }
            }
        }
        jars.forEach(j -> plan.input("--firmware-classpath " + j, j));
        return UsageException.check("--firmware-classpath", () -> FirmwareChoice.classLoader(jars));
    }

    /** The firmware named by --firmware, else by {@code fallback} (a scenario file's key; null for the default). */
    FirmwareChoice choice(OutputPlan plan, String fallback, String fallbackLabel) {
        ClassLoader loader = loader(plan);
        String name = firmware != null ? firmware : fallback;
        if (name == null) {
            return FirmwareChoice.DEFAULT;
        }
        return UsageException.check(firmware != null ? "--firmware" : fallbackLabel, () -> FirmwareChoice.resolve(name, loader));
    }
}

package org.virtiosim.testbench.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.virtiosim.testbench.compare.Parameters;
import org.virtiosim.testbench.compare.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code virtio-sim list}: what there is to run and to change. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the built-in scenarios, the schemes, the notification paths and every --set parameter.")
final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("scenarios (--scenario NAME, or a trace file):");
        for (String d : Scenarios.DESCRIPTIONS) {
            out.println("  " + d);
        }
        out.println();
        out.println("schemes (--schemes): " + String.join(", ", CompareCommand.SCHEMES));
        out.println("notification paths (--notify): " + String.join(", ", CompareCommand.PATHS));
        out.println();
        out.println("parameters (--set name=value; all defaults with sources: docs/parameters.md):");
        out.printf(Locale.ROOT, "  %-24s %-14s %-42s %s%n", "name", "default", "meaning", "source");
        for (String[] row : Parameters.table()) {
            out.printf(Locale.ROOT, "  %-24s %-14s %-42s %s%n", row[0], row[1], row[2], row[3]);
        }
        out.flush();
        return Main.EXIT_OK;
    }
}

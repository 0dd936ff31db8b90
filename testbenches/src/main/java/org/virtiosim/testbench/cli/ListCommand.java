package org.virtiosim.testbench.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.virtiosim.core.param.Param;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.device.notify.NotifyRoute;
import org.virtiosim.device.scheme.LegacyScheme;
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
        out.println("schemes (--schemes):");
        for (LegacyScheme s : Catalog.SCHEMES.all()) {
            out.printf(Locale.ROOT, "  %-12s %s%n", s.id(), s.description());
            if (!s.knobs().isEmpty()) {
                out.printf(Locale.ROOT, "  %-12s knobs: %s%n", "", String.join(", ", s.knobs().stream().map(Param::name).toList()));
            }
        }
        out.println("notification paths (--notify):");
        for (NotifyRoute r : Catalog.NOTIFY_ROUTES.all()) {
            out.printf(Locale.ROOT, "  %-12s %s%n", r.id(), r.description());
        }
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

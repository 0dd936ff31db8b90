package org.virtiosim.testbench.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.virtiosim.core.registry.Registry;
import org.virtiosim.testbench.trace.Trace;
import org.virtiosim.testbench.trace.TraceException;
import org.virtiosim.testbench.trace.TraceReader;

/** The built-in scenarios, and scenario files given by path. */
public final class Scenarios {
    /** The default: what a Linux guest's legacy virtio-net driver does on every VF (docs/linux-probe-sequence.md). */
    public static final String DEFAULT = "linux-net-probe";

    private static final TraceReader READER = new TraceReader(TraceReader.VIRTIO_NET_MSIX_CONFIG_END);

    /** The built-in scenarios, in the order {@code list} shows them. */
    public static final Registry<Scenario> REGISTRY = new Registry<>("built-in scenario", Scenario::id, List.of(
            resource("linux-net-probe", "Linux legacy virtio-net probe: reset to DRIVER_OK, link status, open, 64 notifies (default)"),
            resource("reset-storm", "every VF resets at once and reads its status back (sets vf_start_spread_us=0)",
                    "vf_start_spread_us=0"),
            resource("mac-bytewise", "the MAC written and read back one byte at a time, as legacy drivers do"),
            resource("mac-coalesced", "the same MAC written as one 6-byte access, read back as 4 + 2 bytes: what coalescing saves"),
            resource("steady-notify", "set up, then 500 tx notifies 2 us apart"),
            new Scenario("mixed-at-scale", "VFs probing, resetting and notifying at once (VF n: n mod 3 picks which)", Scenarios::mixed)));

    public static final List<String> BUILT_IN = REGISTRY.ids();

    /** One line per built-in scenario, for {@code virtio-sim list}. */
    public static final List<String> DESCRIPTIONS = REGISTRY.all().stream()
            .map(sc -> String.format(java.util.Locale.ROOT, "%-16s %s", sc.id(), sc.description())).toList();

    /** A scenario whose trace is a CSV file among the jar's resources, the same for every VF. */
    private static Scenario resource(String id, String description, String... settings) {
        return new Scenario(id, description, vfs -> READER.readResource("scenarios/" + id + ".csv"), List.of(settings));
    }

    /** The defaults for {@code vfs} VFs with what the built-in scenario sets (nothing for a trace file). */
    public static CompareConfig config(String nameOrFile, int vfs) {
        return config(nameOrFile, CompareConfig.defaults(vfs));
    }

    /** {@code base} with what the built-in scenario sets (nothing for a trace file). */
    public static CompareConfig config(String nameOrFile, CompareConfig base) {
        CompareConfig c = base;
        Scenario builtIn = REGISTRY.find(nameOrFile);
        if (builtIn != null) {
            for (String s : builtIn.settings()) {
                c = Parameters.apply(c, s);
            }
        }
        return c;
    }

    private Scenarios() {
    }

    /** A built-in scenario by name, or a trace file by path. */
    public static Trace load(String nameOrFile) throws TraceException {
        return read(nameOrFile, 1);
    }

    /**
     * As {@link #load(String)}; {@code vfs} sizes the scenarios that give each VF its own part, and a trace
     * file's rows for a VF beyond them are an error ({@link Trace#requireVfs}).
     */
    public static Trace load(String nameOrFile, int vfs) throws TraceException {
        return read(nameOrFile, vfs).requireVfs(vfs);
    }

    private static Trace read(String nameOrFile, int vfs) throws TraceException {
        Scenario builtIn = REGISTRY.find(nameOrFile);
        if (builtIn != null) {
            return builtIn.load(vfs);
        }
        Path p = Path.of(nameOrFile);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("unknown scenario '" + nameOrFile + "': not a built-in (" + String.join(", ", BUILT_IN)
                    + ") and no such file");
        }
        return READER.read(p);
    }

    /**
     * VF n runs the Linux probe (n mod 3 = 1), a reset and status read-back (n mod 3 = 2), or the
     * steady notify stream (n mod 3 = 0), all at once: probes, resets and notifies compete.
     */
    private static Trace mixed(int vfs) throws TraceException {
        Trace[] parts = {REGISTRY.require("steady-notify").load(1), REGISTRY.require("linux-net-probe").load(1),
            REGISTRY.require("reset-storm").load(1)};
        java.util.List<org.virtiosim.testbench.trace.TraceRow> rows = new java.util.ArrayList<>();
        for (int vf = 1; vf <= vfs; vf++) {
            for (org.virtiosim.testbench.trace.TraceRow r : parts[vf % 3].rows()) {
                rows.add(new org.virtiosim.testbench.trace.TraceRow(r.op(), r.offset(), r.size(), r.value(), r.hasExpected(), vf,
                        r.delayNs(), r.line()));
            }
        }
        return new Trace("mixed-at-scale", TraceReader.VIRTIO_NET_MSIX_CONFIG_END, rows);
    }

    /** The name a scenario is reported under. */
    public static String displayName(String nameOrFile) {
        return BUILT_IN.contains(nameOrFile) ? nameOrFile : Path.of(nameOrFile).getFileName().toString();
    }
}

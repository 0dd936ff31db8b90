package org.virtiosim.testbench.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.virtiosim.testbench.trace.Trace;
import org.virtiosim.testbench.trace.TraceException;
import org.virtiosim.testbench.trace.TraceReader;

/** The built-in scenarios, and scenario files given by path. */
public final class Scenarios {
    /** The default: what a Linux guest's legacy virtio-net driver does on every VF (docs/linux-probe-sequence.md). */
    public static final String DEFAULT = "linux-net-probe";
    public static final List<String> BUILT_IN = List.of("linux-net-probe", "reset-storm", "mac-bytewise", "mac-coalesced",
            "steady-notify", "mixed-at-scale");

    /** One line per built-in scenario, for {@code virtio-sim list}. */
    public static final List<String> DESCRIPTIONS = List.of(
            "linux-net-probe  Linux legacy virtio-net probe: reset to DRIVER_OK, link status, open, 64 notifies (default)",
            "reset-storm      every VF resets at once and reads its status back",
            "mac-bytewise     the MAC written and read back one byte at a time, as legacy drivers do",
            "mac-coalesced    the same MAC as one 4-byte and one 2-byte access: what coalescing saves",
            "steady-notify    set up, then 500 tx notifies 2 us apart",
            "mixed-at-scale   VFs probing, resetting and notifying at once (VF n: n mod 3 picks which)");

    private Scenarios() {
    }

    /** A built-in scenario by name, or a trace file by path. */
    public static Trace load(String nameOrFile) throws TraceException {
        return load(nameOrFile, 1);
    }

    /** As {@link #load(String)}; {@code vfs} sizes the scenarios that give each VF its own part. */
    public static Trace load(String nameOrFile, int vfs) throws TraceException {
        TraceReader reader = new TraceReader(TraceReader.VIRTIO_NET_MSIX_CONFIG_END);
        if (nameOrFile.equals("mixed-at-scale")) {
            return mixed(reader, vfs);
        }
        if (BUILT_IN.contains(nameOrFile)) {
            return reader.readResource("scenarios/" + nameOrFile + ".csv");
        }
        Path p = Path.of(nameOrFile);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("unknown scenario '" + nameOrFile + "': not a built-in (" + String.join(", ", BUILT_IN)
                    + ") and no such file");
        }
        return reader.read(p);
    }

    /**
     * VF n runs the Linux probe (n mod 3 = 1), a reset and status read-back (n mod 3 = 2), or the
     * steady notify stream (n mod 3 = 0), all at once: probes, resets and notifies compete.
     */
    private static Trace mixed(TraceReader reader, int vfs) throws TraceException {
        Trace[] parts = {reader.readResource("scenarios/steady-notify.csv"), reader.readResource("scenarios/linux-net-probe.csv"),
            reader.readResource("scenarios/reset-storm.csv")};
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

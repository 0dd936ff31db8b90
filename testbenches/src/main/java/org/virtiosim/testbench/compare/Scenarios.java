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
    public static final List<String> BUILT_IN = List.of("linux-net-probe", "reset-storm");

    private Scenarios() {
    }

    /** A built-in scenario by name, or a trace file by path. */
    public static Trace load(String nameOrFile) throws TraceException {
        TraceReader reader = new TraceReader(TraceReader.VIRTIO_NET_MSIX_CONFIG_END);
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

    /** The name a scenario is reported under. */
    public static String displayName(String nameOrFile) {
        return BUILT_IN.contains(nameOrFile) ? nameOrFile : Path.of(nameOrFile).getFileName().toString();
    }
}

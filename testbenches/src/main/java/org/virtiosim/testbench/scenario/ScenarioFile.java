package org.virtiosim.testbench.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.Scenarios;
import org.virtiosim.testbench.trace.Trace;
import org.virtiosim.testbench.trace.TraceException;

/**
 * A scenario file's content, validated and resolved by {@link ScenarioFileReader} (which documents the format).
 *
 * @param file the YAML file read
 * @param name {@code name}, or the file name without its extension
 * @param seed {@code seed}, or 1
 * @param vfs {@code topology.vfs}, or 8
 * @param link {@code topology.link} as written, or null when not given
 * @param parameters {@code parameters}, in file order, each value as {@code --set} would take it
 * @param schemes {@code schemes}, or every scheme in the catalog
 * @param notifyPaths {@code notify}, or vf-bar, pf-bar, io-bar, aq
 * @param firmware {@code firmware} as written (a built-in firmware's name or a class name), or null for the default
 * @param workload {@code workload}
 * @param config ready to run: {@code CompareConfig.defaults(vfs)} with the seed, the link and every parameter applied
 */
public record ScenarioFile(Path file, String name, long seed, int vfs, String link, Map<String, String> parameters,
                           List<String> schemes, List<String> notifyPaths, String firmware, Workload workload, CompareConfig config) {
    public ScenarioFile {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        schemes = List.copyOf(schemes);
        notifyPaths = List.copyOf(notifyPaths);
    }

    /** The workload's trace for the file's own {@link #vfs()}. */
    public Trace loadTrace() throws ScenarioFileException {
        return workload.load(vfs);
    }

    /** The workload: a built-in scenario by name, or a trace file (read and checked by the reader already). */
    public static final class Workload {
        private final String scenario;
        private final Path trace;
        private final Trace parsed;
        private final String fileName;
        private final int line;
        private final String key;

        Workload(String scenario, Path trace, Trace parsed, String fileName, int line, String key) {
            this.scenario = scenario;
            this.trace = trace;
            this.parsed = parsed;
            this.fileName = fileName;
            this.line = line;
            this.key = key;
        }

        /** The built-in scenario's name, or null for a trace file. */
        public String scenario() {
            return scenario;
        }

        /** The trace file, resolved against the YAML file's directory; null for a built-in scenario. */
        public Path trace() {
            return trace;
        }

        /** The name a run is reported under: the built-in's name or the trace file's name. */
        public String displayName() {
            return scenario != null ? scenario : String.valueOf(trace.getFileName());
        }

        /**
         * The trace to run on {@code vfs} VFs ({@code mixed-at-scale} gives each VF its part). A trace that
         * cannot be read is reported on one line naming the scenario file's line and the trace's own.
         */
        public Trace load(int vfs) throws ScenarioFileException {
            try {
                return parsed != null ? parsed.requireVfs(vfs) : Scenarios.load(scenario, vfs);
            } catch (TraceException | IllegalArgumentException e) {
                throw new ScenarioFileException(fileName, line, key, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return scenario != null ? "scenario " + scenario : "trace " + trace;
        }
    }
}

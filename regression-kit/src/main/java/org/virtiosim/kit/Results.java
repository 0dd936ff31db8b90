package org.virtiosim.kit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.study.CompareReport;
import org.virtiosim.testbench.compare.RunResult;

/** What a {@link ScenarioRun} produced: one result per scheme and per notification path. */
public record Results(String scenario, CompareConfig config, Map<String, RunResult> schemes, Map<String, RunResult> notifyPaths) {
    public RunResult scheme(String name) {
        RunResult r = schemes.get(name);
        if (r == null) {
            throw new IllegalArgumentException("no scheme '" + name + "' in this run (ran: " + schemes.keySet() + ")");
        }
        return r;
    }

    public RunResult notifyPath(String name) {
        RunResult r = notifyPaths.get(name);
        if (r == null) {
            throw new IllegalArgumentException("no notification path '" + name + "' in this run (ran: " + notifyPaths.keySet() + ")");
        }
        return r;
    }

    /** The results as {@code compare --json} prints them: what a baseline file holds. */
    public String json() {
        return CompareReport.json(scenario, config, List.copyOf(schemes.values()), List.copyOf(notifyPaths.values()));
    }

    /** Saves these results as a golden baseline, the same file {@code compare --save-baseline} writes. */
    public void saveBaseline(Path file) throws IOException {
        Files.writeString(file, json() + "\n");
    }
}

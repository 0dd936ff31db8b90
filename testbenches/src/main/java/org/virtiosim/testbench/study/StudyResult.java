package org.virtiosim.testbench.study;

import java.util.List;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.RunResult;

/**
 * What a {@link Study} found: a result per scheme and per notify route, in the order run.
 *
 * @param name the study's name (scenario or trace)
 * @param config what every run was built from
 * @param faults the fault specs injected into every run
 * @param firmware the device firmware's name ({@link FirmwareChoice#name()})
 */
public record StudyResult(String name, CompareConfig config, List<String> faults, List<RunResult> schemes, List<RunResult> notifyRoutes,
                          String firmware) {
    /** A study on the default firmware. */
    public StudyResult(String name, CompareConfig config, List<String> faults, List<RunResult> schemes, List<RunResult> notifyRoutes) {
        this(name, config, faults, schemes, notifyRoutes, FirmwareChoice.DEFAULT.name());
    }

    /** Reads that returned other than the workload expected, over every run, scheme and notify route alike. */
    public long mismatches() {
        return schemes.stream().mapToLong(RunResult::mismatches).sum() + notifyRoutes.stream().mapToLong(RunResult::mismatches).sum();
    }

    /** Whether any run failed a protocol check. */
    public boolean hasViolations() {
        return schemes.stream().anyMatch(r -> !r.violations().isEmpty()) || notifyRoutes.stream().anyMatch(r -> !r.violations().isEmpty());
    }

    /** The scheme run of that id, or null. */
    public RunResult scheme(String id) {
        return schemes.stream().filter(r -> r.name().equals(id)).findFirst().orElse(null);
    }

    /** The notify-route run of that id, or null. */
    public RunResult notifyRoute(String id) {
        return notifyRoutes.stream().filter(r -> r.name().equals(id)).findFirst().orElse(null);
    }
}

package org.virtiosim.testbench.sensitivity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.core.stats.LatencyStats;
import org.virtiosim.device.scheme.LegacyScheme;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.RunResult;
import org.virtiosim.testbench.study.RunPool;
import org.virtiosim.testbench.study.Study;
import org.virtiosim.testbench.trace.Trace;

/**
 * The simulator as an {@link Evaluation}: one {@link Study} of the workload per set of values,
 * schemes only (no notify-route runs), on the base config's VFs and seed.
 */
public final class StudyEvaluation implements Evaluation {
    private final String name;
    private final Trace workload;
    private final CompareConfig config;
    private final List<LegacyScheme> schemes;
    private final Study.Runner runner;
    private final RunPool pool;

    /**
     * @param name the study's name (the scenario)
     * @param workload loaded for the config's number of VFs
     * @param config VFs and seed; its parameter values are replaced by each evaluation's
     * @param runner how each run is carried out (the CLI counts them for its progress line)
     * @param pool where each evaluation's scheme runs are carried out (at once, on several threads)
     */
    public StudyEvaluation(String name, Trace workload, CompareConfig config, List<LegacyScheme> schemes, Study.Runner runner,
                           RunPool pool) {
        this.name = Objects.requireNonNull(name);
        this.workload = Objects.requireNonNull(workload);
        this.config = Objects.requireNonNull(config);
        this.schemes = List.copyOf(schemes);
        this.runner = Objects.requireNonNull(runner);
        this.pool = Objects.requireNonNull(pool);
    }

    /** Runs carried out plainly, on {@code pool}. */
    public StudyEvaluation(String name, Trace workload, CompareConfig config, List<LegacyScheme> schemes, RunPool pool) {
        this(name, workload, config, schemes, (slot, tb) -> tb.get().run(slot.name()), pool);
    }

    public StudyEvaluation(String name, Trace workload, CompareConfig config, List<LegacyScheme> schemes) {
        this(name, workload, config, schemes, RunPool.SEQUENTIAL);
    }

    @Override
    public List<Figures> evaluate(ParamValues values) {
        List<RunResult> runs = Study.of(name, workload, config.withParams(values)).schemes(schemes).notifyRoutes(List.of()).runner(runner)
                .pool(pool).build().run().schemes();
        List<Figures> out = new ArrayList<>(runs.size());
        for (RunResult r : runs) {
            LatencyStats s = r.accessCycles();
            out.add(new Figures(s.mean(), s.count() == 0 ? 0 : s.p99(), r.failed() + r.mismatches()));
        }
        return out;
    }
}

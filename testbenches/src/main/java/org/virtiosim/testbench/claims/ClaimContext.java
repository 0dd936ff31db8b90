package org.virtiosim.testbench.claims;

import java.util.List;
import java.util.Optional;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.Parameters;
import org.virtiosim.testbench.compare.RunResult;
import org.virtiosim.testbench.compare.Scenarios;
import org.virtiosim.testbench.sensitivity.Crossover;
import org.virtiosim.testbench.sensitivity.ParameterEffect;
import org.virtiosim.testbench.sensitivity.Sensitivity;
import org.virtiosim.testbench.sensitivity.SensitivityResult;
import org.virtiosim.testbench.sensitivity.StudyEvaluation;
import org.virtiosim.testbench.study.OnceEach;
import org.virtiosim.testbench.study.RunPool;
import org.virtiosim.testbench.study.Study;
import org.virtiosim.testbench.study.StudyResult;
import org.virtiosim.testbench.trace.TraceException;

/**
 * What the claims are checked against: studies of built-in scenarios on the run's VFs, seed and
 * base parameters (each run once and shared between claims), and, for a comparative claim, the
 * sensitivity analysis of the two schemes it compares.
 */
public final class ClaimContext {
    /** Schemes within this fraction of each other are tied (as `sensitivity --tie`). */
    public static final double TIE = 0.01;

    /** The VF counts of claim 4's reset-storm series, as the issue asks ("1..4096 VFs"). */
    public static final List<Integer> SERIES_VFS = List.of(1, 4, 16, 64, 256, 1024, 4096);

    private final CompareConfig base;
    private final boolean sensitivity;
    private final List<Integer> seriesVfs;
    private final RunPool pool;
    private final OnceEach<List<String>, StudyResult> studies = new OnceEach<>(this::runStudy);
    private final OnceEach<List<String>, Optional<DependsOn>> pairs = new OnceEach<>(this::firstTurn);

    /**
     * @param base VFs, seed and parameter values every run starts from
     * @param sensitivity whether comparative claims are checked for a parameter that turns them
     */
    public ClaimContext(CompareConfig base, boolean sensitivity) {
        this(base, sensitivity, SERIES_VFS);
    }

    /**
     * @param seriesVfs the VF counts a series over the number of VFs runs at (claim 4's reset
     *        storm), ascending, each 1..65535
     */
    public ClaimContext(CompareConfig base, boolean sensitivity, List<Integer> seriesVfs) {
        this(base, sensitivity, seriesVfs, RunPool.SEQUENTIAL);
    }

    /**
     * @param pool where the runs are carried out; claims checked at once ({@link Claims#check}) share
     *        each study and each sensitivity analysis, run once by the first to ask
     */
    public ClaimContext(CompareConfig base, boolean sensitivity, List<Integer> seriesVfs, RunPool pool) {
        this.base = base;
        this.pool = java.util.Objects.requireNonNull(pool);
        this.sensitivity = sensitivity;
        if (seriesVfs.isEmpty()) {
            throw new IllegalArgumentException("at least one VF count");
        }
        for (int i = 0; i < seriesVfs.size(); i++) {
            int n = seriesVfs.get(i);
            if (n < 1 || n > 65535 || (i > 0 && n <= seriesVfs.get(i - 1))) {
                throw new IllegalArgumentException("VF counts must be ascending, each 1..65535, got " + seriesVfs);
            }
        }
        this.seriesVfs = List.copyOf(seriesVfs);
    }

    public CompareConfig base() {
        return base;
    }

    public List<Integer> seriesVfs() {
        return seriesVfs;
    }

    /** Where the runs are carried out. */
    public RunPool pool() {
        return pool;
    }

    /**
     * One scheme's row of a built-in scenario run at {@code vfs} VFs (not the base's), with
     * {@code settings} over the base, and no notify-route rows: a point of a series over VF counts.
     */
    public RunResult at(int vfs, String scenario, String scheme, String... settings) {
        CompareConfig c = Scenarios.config(Scenarios.REGISTRY.require(scenario).id(), base.withVfs(vfs));
        for (String s : settings) {
            c = Parameters.apply(c, s);
        }
        try {
            return scheme(Study.of(scenario, Scenarios.load(scenario, vfs), c).schemeIds(List.of(scheme)).notifyRoutes(List.of()).pool(pool)
                    .build().run(), scheme);
        } catch (TraceException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The built-in scenario run on every scheme and notify route, with {@code settings} (name=value) over the base. */
    public StudyResult study(String scenario, String... settings) {
        List<String> key = new java.util.ArrayList<>(List.of(settings));
        key.add(0, scenario);
        return studies.get(List.copyOf(key));
    }

    /** {@code key}: the scenario, then its settings. */
    private StudyResult runStudy(List<String> key) {
        String scenario = key.get(0);
        CompareConfig c = Scenarios.config(Scenarios.REGISTRY.require(scenario).id(), base);
        for (String s : key.subList(1, key.size())) {
            c = Parameters.apply(c, s);
        }
        try {
            return Study.of(scenario, Scenarios.load(scenario, c.vfs()), c).pool(pool).build().run();
        } catch (TraceException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The scheme row of {@code scheme} in a study. */
    public static RunResult scheme(StudyResult s, String scheme) {
        RunResult r = s.scheme(scheme);
        if (r == null) {
            throw new IllegalStateException("no scheme " + scheme + " in the study");
        }
        return r;
    }

    /** The notify-route row of {@code route} in a study. */
    public static RunResult route(StudyResult s, String route) {
        RunResult r = s.notifyRoute(route);
        if (r == null) {
            throw new IllegalStateException("no notify route " + route + " in the study");
        }
        return r;
    }

    /**
     * The first parameter, in {@code list} order, inside whose study range the two schemes' order by
     * mean register-access latency on the default scenario swaps, and where; null when none does
     * (or when the sensitivity check is off).
     */
    public DependsOn turns(String a, String b) {
        return sensitivity ? pairs.get(List.of(a, b)).orElse(null) : null;
    }

    private Optional<DependsOn> firstTurn(List<String> pair) {
        String a = pair.get(0);
        String b = pair.get(1);
        try {
            StudyEvaluation eval = new StudyEvaluation(Scenarios.DEFAULT, Scenarios.load(Scenarios.DEFAULT, base.vfs()), base,
                    List.of(Catalog.SCHEMES.require(a), Catalog.SCHEMES.require(b)), pool);
            SensitivityResult r = Sensitivity.of(List.of(a, b), eval, base.params(), Parameters.ALL.all()).tolerance(TIE).pool(pool).run();
            for (ParameterEffect e : r.parameters()) {
                Crossover c = e.crossover();
                if (c != null && c.clean()) {
                    return Optional.of(new DependsOn(e.name(), c.value(), c.swapped()));
                }
            }
            return Optional.empty();
        } catch (TraceException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}

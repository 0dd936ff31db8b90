package org.virtiosim.testbench.claims;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    private final CompareConfig base;
    private final boolean sensitivity;
    private final Map<String, StudyResult> studies = new HashMap<>();
    private final Map<String, DependsOn> pairs = new HashMap<>();
    private final Map<String, Boolean> pairChecked = new HashMap<>();

    /**
     * @param base VFs, seed and parameter values every run starts from
     * @param sensitivity whether comparative claims are checked for a parameter that turns them
     */
    public ClaimContext(CompareConfig base, boolean sensitivity) {
        this.base = base;
        this.sensitivity = sensitivity;
    }

    public CompareConfig base() {
        return base;
    }

    /** The built-in scenario run on every scheme and notify route, with {@code settings} (name=value) over the base. */
    public StudyResult study(String scenario, String... settings) {
        String key = scenario + " " + String.join(" ", settings);
        StudyResult r = studies.get(key);
        if (r == null) {
            CompareConfig c = Scenarios.config(Scenarios.REGISTRY.require(scenario).id(), base);
            for (String s : settings) {
                c = Parameters.apply(c, s);
            }
            try {
                r = Study.of(scenario, Scenarios.load(scenario, c.vfs()), c).build().run();
            } catch (TraceException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            studies.put(key, r);
        }
        return r;
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
        String key = a + " " + b;
        if (!sensitivity) {
            return null;
        }
        if (!pairChecked.containsKey(key)) {
            pairChecked.put(key, true);
            try {
                StudyEvaluation eval = new StudyEvaluation(Scenarios.DEFAULT, Scenarios.load(Scenarios.DEFAULT, base.vfs()), base,
                        List.of(Catalog.SCHEMES.require(a), Catalog.SCHEMES.require(b)));
                SensitivityResult r = Sensitivity.of(List.of(a, b), eval, base.params(), Parameters.ALL.all()).tolerance(TIE).run();
                for (ParameterEffect e : r.parameters()) {
                    Crossover c = e.crossover();
                    if (c != null && c.clean()) {
                        pairs.put(key, new DependsOn(e.name(), c.value(), c.swapped()));
                        break;
                    }
                }
            } catch (TraceException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return pairs.get(key);
    }
}

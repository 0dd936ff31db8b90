package org.virtiosim.testbench.sensitivity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.core.param.StudyRange;
import org.virtiosim.testbench.study.OnceEach;
import org.virtiosim.testbench.study.RunPool;

/**
 * A one-at-a-time sensitivity study: from a base set of values, each parameter in turn is set to
 * every value of its declared study range ({@link Param#study()}), the others left at the base,
 * and each scheme's figures compared with the base's. The schemes' <i>ranking</i> (by mean access
 * latency, ties in scheme order: {@link Ranking}) is compared too; where an end of a span ranks
 * them otherwise, the crossover is found by bisection between the base value and that end, in at
 * most {@link #bisectionSteps} evaluations (whole numbers stop sooner, at neighbours), and the
 * first pair of schemes to swap is named. Of two crossovers (both ends changing) the nearer the
 * base is reported.
 *
 * <p>Only the ends of a span are compared with the base: a ranking that changes inside the range
 * and changes back before its end is not seen. Evaluations are cached by their values, so a range
 * end at the base costs nothing.
 */
public final class Sensitivity {
    /** Bisection steps unless set: a span's crossover to within 1/1024 of the distance from the base to the end. */
    public static final int DEFAULT_STEPS = 10;

    private final List<String> schemes;
    private final Evaluation evaluation;
    private final ParamValues base;
    private final List<Param<?>> parameters;
    private final int bisectionSteps;
    private final double tolerance;
    private final RunPool pool;

    private Sensitivity(List<String> schemes, Evaluation evaluation, ParamValues base, List<Param<?>> parameters, int bisectionSteps,
                        double tolerance, RunPool pool) {
        if (schemes.isEmpty()) {
            throw new IllegalArgumentException("a sensitivity study needs at least one scheme");
        }
        if (bisectionSteps < 0) {
            throw new IllegalArgumentException("bisection steps must be 0 or more, got " + bisectionSteps);
        }
        for (Param<?> p : parameters) {
            if (p.study().isEmpty()) {
                throw new IllegalArgumentException("parameter " + p.name() + " declares no study range");
            }
        }
        this.schemes = List.copyOf(schemes);
        this.evaluation = Objects.requireNonNull(evaluation);
        this.base = Objects.requireNonNull(base);
        this.parameters = List.copyOf(parameters);
        this.bisectionSteps = bisectionSteps;
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tie tolerance must be in [0, 1), got " + tolerance);
        }
        this.tolerance = tolerance;
        this.pool = Objects.requireNonNull(pool);
    }

    /**
     * A study of {@code schemes} (ids, the order {@code evaluation} gives figures in) varying each
     * of {@code parameters} from {@code base}, with {@link #DEFAULT_STEPS} bisection steps.
     */
    public static Sensitivity of(List<String> schemes, Evaluation evaluation, ParamValues base, List<Param<?>> parameters) {
        return new Sensitivity(schemes, evaluation, base, parameters, DEFAULT_STEPS, 0, RunPool.SEQUENTIAL);
    }

    /** The same study with at most {@code steps} bisection evaluations per crossover. */
    public Sensitivity bisectionSteps(int steps) {
        return new Sensitivity(schemes, evaluation, base, parameters, steps, tolerance, pool);
    }

    /**
     * The same study where two schemes whose means differ by no more than {@code relative} of the
     * larger are tied: a pair swaps only if it is apart by more than that at the base and reversed
     * by more than that at the point. Without it two schemes that take the same time (mmio and
     * pf-window, a fraction of a cycle apart) would "swap" at every nudge of any parameter.
     */
    public Sensitivity tolerance(double relative) {
        return new Sensitivity(schemes, evaluation, base, parameters, bisectionSteps, relative, pool);
    }

    /**
     * The same study with its parameters varied at once on {@code pool} (each parameter's own
     * evaluations, its bisection, in order as before); the result is the same whatever the pool.
     * The evaluation must then be safe to call from several threads at once.
     */
    public Sensitivity pool(RunPool p) {
        return new Sensitivity(schemes, evaluation, base, parameters, bisectionSteps, tolerance, p);
    }

    public double tolerance() {
        return tolerance;
    }

    /** The first pair, in {@code base}'s ranking order, apart at the base and reversed at {@code p}; empty if none. */
    List<String> swapped(Point base, Point p) {
        List<String> order = base.ranking();
        for (int i = 0; i < order.size(); i++) {
            for (int j = i + 1; j < order.size(); j++) {
                int a = schemes.indexOf(order.get(i));
                int b = schemes.indexOf(order.get(j));
                if (apart(base.scheme(a).mean(), base.scheme(b).mean()) && apart(p.scheme(b).mean(), p.scheme(a).mean())) {
                    return List.of(order.get(i), order.get(j));
                }
            }
        }
        return List.of();
    }

    /** {@code ahead} is less than {@code behind} by more than the tolerance (NaN, no accesses, ranks last). */
    private boolean apart(double ahead, double behind) {
        if (Double.isNaN(ahead) || Double.isNaN(behind)) {
            return Double.isNaN(behind) && !Double.isNaN(ahead);
        }
        return behind - ahead > tolerance * Math.max(Math.abs(ahead), Math.abs(behind));
    }

    public int bisectionSteps() {
        return bisectionSteps;
    }

    /**
     * Runs it: the base, then each parameter (at once on the pool). Each parameter is charged the
     * evaluations it asked for first in parameter order, as if they had run one after another.
     */
    public SensitivityResult run() {
        Run run = new Run();
        Point basePoint = run.point(base, "base", run.asked(-1));
        List<Supplier<ParameterEffect>> work = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            Param<?> p = parameters.get(i);
            Set<ParamValues> asked = run.asked(i);
            work.add(() -> run.vary(p, basePoint, asked));
        }
        List<ParameterEffect> varied = pool.parts(work);
        Set<ParamValues> seen = new HashSet<>(run.asked(-1));
        List<ParameterEffect> effects = new ArrayList<>();
        for (int i = 0; i < varied.size(); i++) {
            int before = seen.size();
            seen.addAll(run.asked(i));
            effects.add(varied.get(i).withRuns(seen.size() - before));
        }
        return new SensitivityResult(schemes, basePoint, effects, seen.size());
    }

    /** One run's evaluations, each set of values evaluated once, and what each parameter (-1: the base) asked for. */
    private final class Run {
        private final OnceEach<ParamValues, List<Figures>> cache = new OnceEach<>(this::evaluate);
        private final Map<Integer, Set<ParamValues>> asked = new java.util.concurrent.ConcurrentHashMap<>();

        Set<ParamValues> asked(int parameter) {
            return asked.computeIfAbsent(parameter, k -> new java.util.LinkedHashSet<>());
        }

        private List<Figures> evaluate(ParamValues values) {
            List<Figures> f = List.copyOf(evaluation.evaluate(values));
            if (f.size() != schemes.size()) {
                throw new IllegalStateException("evaluation gave " + f.size() + " figures for " + schemes.size() + " schemes");
            }
            return f;
        }

        Point point(ParamValues values, String label, Set<ParamValues> askedBy) {
            askedBy.add(values);
            List<Figures> f = cache.get(values);
            return new Point(label, f, Ranking.of(schemes, f));
        }

        <T> Point point(Param<T> p, T value, Set<ParamValues> askedBy) {
            return point(base.with(p, value), p.format(value), askedBy);
        }

        /** {@code p} over its range; the evaluations it takes are filled in by {@link Sensitivity#run()}. */
        <T> ParameterEffect vary(Param<T> p, Point baseRanking, Set<ParamValues> askedBy) {
            StudyRange<T> range = p.study().orElseThrow();
            T at = base.get(p);
            Point basePoint = point(p, at, askedBy);
            List<Point> points = new ArrayList<>();
            for (T v : range.values()) {
                points.add(point(p, v, askedBy));
            }
            Crossover crossover = range.span() ? spanCrossover(p, range, at, points, baseRanking, askedBy)
                    : setCrossover(range, at, points, baseRanking);
            return new ParameterEffect(p.name(), p.unit(), range.span(), range.reason(), basePoint, points, crossover, 0);
        }

        private <T> Crossover spanCrossover(Param<T> p, StudyRange<T> range, T at, List<Point> ends, Point baseRanking,
                                            Set<ParamValues> askedBy) {
            Crossover nearest = null;
            double distance = Double.POSITIVE_INFINITY;
            for (int i = 0; i < ends.size(); i++) {
                if (swapped(baseRanking, ends.get(i)).isEmpty()) {
                    continue;
                }
                Crossover c = bisect(p, at, range.values().get(i), baseRanking, askedBy);
                double d = Math.abs(p.toNumber(p.parse(c.value())) - p.toNumber(at));
                if (d < distance) {
                    nearest = c;
                    distance = d;
                }
            }
            return nearest;
        }

        /** Between {@code same} (the base's ranking) and {@code other} (another): the bracket, narrowed. */
        private <T> Crossover bisect(Param<T> p, T same, T other, Point baseRanking, Set<ParamValues> askedBy) {
            T lo = same;
            T hi = other;
            Point hiPoint = point(p, other, askedBy);
            for (int step = 0; step < bisectionSteps; step++) {
                T mid = p.fromNumber((p.toNumber(lo) + p.toNumber(hi)) / 2);
                if (mid.equals(lo) || mid.equals(hi)) {
                    break; // whole numbers: lo and hi are neighbours
                }
                Point m = point(p, mid, askedBy);
                if (swapped(baseRanking, m).isEmpty()) {
                    lo = mid;
                } else {
                    hi = mid;
                    hiPoint = m;
                }
            }
            return new Crossover(p.format(hi), p.format(lo), swapped(baseRanking, hiPoint), clean(hiPoint));
        }

        private static boolean clean(Point p) {
            return p.figures().stream().allMatch(f -> f.failed() == 0);
        }

        /** The changed value nearest the base in the set's order (the first in order when the base is not in the set). */
        private <T> Crossover setCrossover(StudyRange<T> range, T at, List<Point> points, Point baseRanking) {
            int home = Math.max(0, range.values().indexOf(at));
            Point nearest = null;
            int distance = Integer.MAX_VALUE;
            for (int i = 0; i < points.size(); i++) {
                Point pt = points.get(i);
                if (!swapped(baseRanking, pt).isEmpty() && Math.abs(i - home) < distance) {
                    nearest = pt;
                    distance = Math.abs(i - home);
                }
            }
            return nearest == null ? null : new Crossover(nearest.value(), null, swapped(baseRanking, nearest),
                    clean(nearest));
        }
    }
}

package org.virtiosim.testbench.sensitivity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.core.param.StudyRange;

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

    private Sensitivity(List<String> schemes, Evaluation evaluation, ParamValues base, List<Param<?>> parameters, int bisectionSteps,
                        double tolerance) {
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
    }

    /**
     * A study of {@code schemes} (ids, the order {@code evaluation} gives figures in) varying each
     * of {@code parameters} from {@code base}, with {@link #DEFAULT_STEPS} bisection steps.
     */
    public static Sensitivity of(List<String> schemes, Evaluation evaluation, ParamValues base, List<Param<?>> parameters) {
        return new Sensitivity(schemes, evaluation, base, parameters, DEFAULT_STEPS, 0);
    }

    /** The same study with at most {@code steps} bisection evaluations per crossover. */
    public Sensitivity bisectionSteps(int steps) {
        return new Sensitivity(schemes, evaluation, base, parameters, steps, tolerance);
    }

    /**
     * The same study where two schemes whose means differ by no more than {@code relative} of the
     * larger are tied: a pair swaps only if it is apart by more than that at the base and reversed
     * by more than that at the point. Without it two schemes that take the same time (mmio and
     * pf-window, a fraction of a cycle apart) would "swap" at every nudge of any parameter.
     */
    public Sensitivity tolerance(double relative) {
        return new Sensitivity(schemes, evaluation, base, parameters, bisectionSteps, relative);
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

    /** Runs it: the base, then each parameter in order. */
    public SensitivityResult run() {
        Run run = new Run();
        Point basePoint = run.point(base, "base");
        List<ParameterEffect> effects = new ArrayList<>();
        for (Param<?> p : parameters) {
            effects.add(run.vary(p, basePoint));
        }
        return new SensitivityResult(schemes, basePoint, effects, run.evaluations);
    }

    /** One run's cache of evaluations. */
    private final class Run {
        private final Map<ParamValues, List<Figures>> cache = new HashMap<>();
        private int evaluations;

        Point point(ParamValues values, String label) {
            List<Figures> f = cache.get(values);
            if (f == null) {
                f = List.copyOf(evaluation.evaluate(values));
                if (f.size() != schemes.size()) {
                    throw new IllegalStateException("evaluation gave " + f.size() + " figures for " + schemes.size() + " schemes");
                }
                cache.put(values, f);
                evaluations++;
            }
            return new Point(label, f, Ranking.of(schemes, f));
        }

        <T> Point point(Param<T> p, T value) {
            return point(base.with(p, value), p.format(value));
        }

        <T> ParameterEffect vary(Param<T> p, Point baseRanking) {
            int before = evaluations;
            StudyRange<T> range = p.study().orElseThrow();
            T at = base.get(p);
            Point basePoint = point(p, at);
            List<Point> points = new ArrayList<>();
            for (T v : range.values()) {
                points.add(point(p, v));
            }
            Crossover crossover = range.span() ? spanCrossover(p, range, at, points, baseRanking) : setCrossover(range, at, points, baseRanking);
            return new ParameterEffect(p.name(), p.unit(), range.span(), range.reason(), basePoint, points, crossover, evaluations - before);
        }

        private <T> Crossover spanCrossover(Param<T> p, StudyRange<T> range, T at, List<Point> ends, Point baseRanking) {
            Crossover nearest = null;
            double distance = Double.POSITIVE_INFINITY;
            for (int i = 0; i < ends.size(); i++) {
                if (swapped(baseRanking, ends.get(i)).isEmpty()) {
                    continue;
                }
                Crossover c = bisect(p, at, range.values().get(i), baseRanking);
                double d = Math.abs(p.toNumber(p.parse(c.value())) - p.toNumber(at));
                if (d < distance) {
                    nearest = c;
                    distance = d;
                }
            }
            return nearest;
        }

        /** Between {@code same} (the base's ranking) and {@code other} (another): the bracket, narrowed. */
        private <T> Crossover bisect(Param<T> p, T same, T other, Point baseRanking) {
            T lo = same;
            T hi = other;
            Point hiPoint = point(p, other);
            for (int step = 0; step < bisectionSteps; step++) {
                T mid = p.fromNumber((p.toNumber(lo) + p.toNumber(hi)) / 2);
                if (mid.equals(lo) || mid.equals(hi)) {
                    break; // whole numbers: lo and hi are neighbours
                }
                Point m = point(p, mid);
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

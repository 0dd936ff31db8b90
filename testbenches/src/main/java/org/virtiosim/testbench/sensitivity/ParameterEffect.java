package org.virtiosim.testbench.sensitivity;

import java.util.List;

/**
 * What varying one parameter over its study range did, the others at the base.
 *
 * @param name the parameter
 * @param unit its unit, empty for a choice or a flag
 * @param span whether its range is a span of numbers (bisected) rather than a set of values
 * @param reason why that range (from the declaration)
 * @param base the base point (the parameter at its base value)
 * @param points every value of the range tried, in the range's order: a span's low and high
 * @param crossover where the ranking first differs from the base's, nearest the base; null when it never does
 * @param runs evaluations this parameter needed beyond those already made (bisection included)
 */
public record ParameterEffect(String name, String unit, boolean span, String reason, Point base, List<Point> points,
                              Crossover crossover, int runs) {
    public ParameterEffect {
        points = List.copyOf(points);
    }

    /** The same effect charged {@code n} evaluations. */
    public ParameterEffect withRuns(int n) {
        return new ParameterEffect(name, unit, span, reason, base, points, crossover, n);
    }

    public Point low() {
        return points.get(0);
    }

    public Point high() {
        return points.get(points.size() - 1);
    }

    /** Whether some value in the range ranks the schemes other than the base does. */
    public boolean rankingChanges() {
        return crossover != null;
    }

    /** How far the scheme's mean moves over the range: the largest mean tried minus the smallest, base included. */
    public double meanSpan(int scheme) {
        double lo = base.scheme(scheme).mean();
        double hi = lo;
        for (Point p : points) {
            lo = Math.min(lo, p.scheme(scheme).mean());
            hi = Math.max(hi, p.scheme(scheme).mean());
        }
        return hi - lo;
    }
}

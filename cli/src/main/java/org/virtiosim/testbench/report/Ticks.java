package org.virtiosim.testbench.report;

import java.math.BigDecimal;

/**
 * Chooses an axis's ticks the way a reader expects, for the SVG and the PNG charts alike: a linear
 * axis steps by 1, 2, 2.5 or 5 times a power of ten (0, 2.5k, 5k, 7.5k; never 1.17, 2.33, 3.50);
 * a log axis ticks at 1-2-5 (1k, 2k, 5k, 10k) or, over many decades, at whole decades (every one,
 * or every 2nd, 3rd, 5th, 10th...). The axis's ends are ticks that cover the data, and there are at
 * most {@code maxTicks} of them, as many as the axis's length leaves room for.
 */
final class Ticks {
    /** Linear steps, per power of ten. */
    private static final double[] LINEAR_STEPS = {1, 2, 2.5, 5};
    /** Log ticks within one decade. */
    private static final int[] ONE_TWO_FIVE = {1, 2, 5};
    /** Spacings, in decades, of a log axis ticked at powers of ten only. */
    private static final int[] DECADE_STEPS = {1, 2, 3, 5, 10, 20, 50, 100};
    /** Slack for values that sit on a tick but came out of floating point a hair off it. */
    private static final double EPS = 1e-9;

    private Ticks() {
    }

    /** A log axis when {@code log}, else a linear one, covering min..max. */
    static Axis of(boolean log, double min, double max, int maxTicks) {
        return log ? log(min, max, maxTicks) : linear(min, max, maxTicks);
    }

    /** A linear axis from a tick at or below {@code min} to one at or above {@code max}, at the finest round step that gives at most {@code maxTicks} ticks. */
    static Axis linear(double min, double max, int maxTicks) {
        check(min, max, maxTicks);
        if (max - min <= Math.abs(max) * EPS || max == min) {
            // One value: a span around it (from 0 to 1 when the value is 0).
            double half = min == 0 ? 1 : Math.abs(min) / 2;
            min = min == 0 ? 0 : min - half;
            max = max + half;
        }
        int exp = (int) Math.floor(Math.log10((max - min) / maxTicks)) - 1;
        while (true) {
            for (double m : LINEAR_STEPS) {
                BigDecimal step = BigDecimal.valueOf(m).scaleByPowerOfTen(exp);
                double s = step.doubleValue();
                long kLo = (long) Math.floor(min / s + EPS);
                long kHi = (long) Math.ceil(max / s - EPS);
                if (kHi == kLo) {
                    kHi++;
                }
                if (kHi - kLo + 1 <= maxTicks) {
                    double[] t = new double[(int) (kHi - kLo + 1)];
                    for (int i = 0; i < t.length; i++) {
                        t[i] = step.multiply(BigDecimal.valueOf(kLo + i)).doubleValue();
                    }
                    return new Axis(false, t[0], t[t.length - 1], t);
                }
            }
            exp++;
        }
    }

    /**
     * A log axis from a tick at or below {@code min} to one at or above {@code max}: 1-2-5 ticks
     * if at most {@code maxTicks} of them cover the range, else powers of ten at the smallest
     * spacing that does; a range too narrow for three 1-2-5 ticks gets round linear steps instead
     * (still drawn on the log scale).
     */
    static Axis log(double min, double max, int maxTicks) {
        check(min, max, maxTicks);
        if (min <= 0) {
            throw new IllegalArgumentException("a log axis needs values above 0, not " + min);
        }
        int iLo = oneTwoFiveAtOrBelow(min);
        int iHi = oneTwoFiveAtOrAbove(max);
        if (iHi == iLo) {
            iHi++;
        }
        int count = iHi - iLo + 1;
        if (count < 3) {
            Axis linear = linear(min, max, maxTicks);
            if (linear.lo() > 0 && linear.ticks().length >= 3) {
                return new Axis(true, linear.lo(), linear.hi(), linear.ticks());
            }
        }
        if (count <= maxTicks) {
            double[] t = new double[count];
            for (int i = 0; i < count; i++) {
                t[i] = oneTwoFive(iLo + i);
            }
            return new Axis(true, t[0], t[t.length - 1], t);
        }
        double eLo = Math.log10(min);
        double eHi = Math.log10(max);
        for (int d : DECADE_STEPS) {
            int lo = (int) Math.floor(eLo / d + EPS) * d;
            int hi = (int) Math.ceil(eHi / d - EPS) * d;
            if (hi == lo) {
                hi += d;
            }
            int n = (hi - lo) / d + 1;
            if (n <= maxTicks || d == DECADE_STEPS[DECADE_STEPS.length - 1]) {
                double[] t = new double[n];
                for (int i = 0; i < n; i++) {
                    t[i] = BigDecimal.ONE.scaleByPowerOfTen(lo + i * d).doubleValue();
                }
                return new Axis(true, t[0], t[n - 1], t);
            }
        }
        throw new AssertionError("unreachable");
    }

    /** The i-th 1-2-5 value: i = 3 × decade + (0 for 1, 1 for 2, 2 for 5); 0 is 1, 3 is 10, -1 is 0.5. */
    private static double oneTwoFive(int i) {
        return BigDecimal.valueOf(ONE_TWO_FIVE[Math.floorMod(i, 3)]).scaleByPowerOfTen(Math.floorDiv(i, 3)).doubleValue();
    }

    private static int oneTwoFiveAtOrBelow(double v) {
        int i = 3 * (int) Math.floor(Math.log10(v)) + 2;
        while (oneTwoFive(i) > v * (1 + EPS)) {
            i--;
        }
        return i;
    }

    private static int oneTwoFiveAtOrAbove(double v) {
        int i = 3 * (int) Math.floor(Math.log10(v)) - 1;
        while (oneTwoFive(i) < v * (1 - EPS)) {
            i++;
        }
        return i;
    }

    private static void check(double min, double max, int maxTicks) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || max < min) {
            throw new IllegalArgumentException("axis data range " + min + ".." + max);
        }
        if (maxTicks < 2) {
            throw new IllegalArgumentException("an axis needs room for 2 ticks at least, not " + maxTicks);
        }
    }
}

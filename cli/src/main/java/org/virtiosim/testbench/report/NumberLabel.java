package org.virtiosim.testbench.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Numbers as a chart shows them, compact and the same under every JVM locale: a suffix k, M or G
 * for thousands, millions, billions ({@code 1k}, {@code 2.5k}, {@code 10M}), a point for the
 * decimal mark, no grouping separators.
 */
final class NumberLabel {
    private static final String[] SUFFIXES = {"", "k", "M", "G", "T"};
    /** Tick values are sums of a few decimal digits; more places than this is floating-point noise. */
    private static final int MAX_PLACES = 6;

    private NumberLabel() {
    }

    /** A tick value written exactly, with as few decimal places as it needs: 0, 0.25, 500, 1k, 2.5k, 10M. */
    static String tick(double v) {
        if (v == 0) {
            return "0";
        }
        int group = group(v);
        double scaled = Math.abs(v) / Math.pow(1000, group);
        BigDecimal d = BigDecimal.valueOf(scaled).setScale(MAX_PLACES, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (d.scale() < 0) {
            d = d.setScale(0);
        }
        return (v < 0 ? "-" : "") + d.toPlainString() + SUFFIXES[group];
    }

    /** A measured value to three significant digits, trailing zeros dropped: 32, 1.6, 0.211, 5.62k, 31.6G. */
    static String value(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : String.valueOf(v);
        }
        if (Math.abs(v) < 1e-3) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        int group = group(v);
        double scaled = Math.abs(v) / Math.pow(1000, group);
        BigDecimal d = new BigDecimal(scaled).round(new java.math.MathContext(3, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        if (d.compareTo(BigDecimal.valueOf(1000)) >= 0 && group + 1 < SUFFIXES.length) {
            // 999.6 rounds to 1000: written in the next group, as 1k.
            d = d.movePointLeft(3).stripTrailingZeros();
            group++;
        }
        if (d.scale() < 0) {
            d = d.setScale(0);
        }
        return (v < 0 ? "-" : "") + d.toPlainString() + SUFFIXES[group];
    }

    /** The power of a thousand the value is written in: 0 below 1000, 1 for k, 2 for M, ... */
    private static int group(double v) {
        double a = Math.abs(v);
        int g = 0;
        while (g + 1 < SUFFIXES.length && a >= Math.pow(1000, g + 1) * (1 - 1e-12)) {
            g++;
        }
        return g;
    }
}

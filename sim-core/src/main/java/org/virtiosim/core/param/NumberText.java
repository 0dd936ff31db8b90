package org.virtiosim.core.param;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one grammar of every number a user writes: {@code --set}, scenario files, {@code sweep
 * --vary}, numeric command-line options, fault arguments, trace fields. A number is
 * <ul>
 * <li>a decimal integer ({@code 42}, {@code -5}; no {@code +}) or a {@code 0x} hex integer ({@code 0x1F});</li>
 * <li>or a decimal with a fraction and/or a decimal exponent ({@code 12.75}, {@code 2e4}, {@code 1.5E-3});</li>
 * <li>optionally followed by the parameter's own unit ({@code 1500ns}, {@code 1500 ns}; {@code us} for {@code µs})
 * where the parameter declares one.</li>
 * </ul>
 * Nothing else: not Java's {@code 50d}, {@code 1500f}, {@code 1_000}, {@code 0x1p3}, {@code #10},
 * {@code NaN} or {@code Infinity}. A whole number is never truncated ({@code 2.5} is not one; {@code
 * 2e4} is) and a value outside its range is an error naming the range, never clamped. Errors are
 * {@link IllegalArgumentException}s with a one-line reason; the text is echoed at most {@value
 * #MAX_ECHO} characters long.
 */
public final class NumberText {
    /** The longest text an error message quotes back. */
    public static final int MAX_ECHO = 60;

    private static final Pattern HEX = Pattern.compile("(-?)0[xX]([0-9a-fA-F]+)");
    private static final Pattern DECIMAL = Pattern.compile("-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]{1,4})?");
    /** The largest magnitude a decimal is taken at (beyond it, only "out of range" can follow). */
    private static final BigDecimal HUGE = new BigDecimal("1e300");

    private NumberText() {
    }

    /** A whole number in {@code [min, max]}, with {@code unit} (may be empty) optionally after it. */
    public static long whole(String text, long min, long max, String unit) {
        BigDecimal d = value(text, unit, true);
        BigInteger i;
        try {
            i = d.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("expected a whole number from " + min + " to " + max + withUnit(unit)
                    + ", got '" + echo(text) + "'");
        }
        if (i.compareTo(BigInteger.valueOf(min)) < 0 || i.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException("'" + echo(text) + "' is out of range " + min + ".." + max + withUnit(unit));
        }
        return i.longValueExact();
    }

    /** A number in {@code [min, max]}, any fraction allowed, with {@code unit} (may be empty) optionally after it. */
    public static double decimal(String text, double min, double max, String unit) {
        BigDecimal d = value(text, unit, false);
        if (d.compareTo(new BigDecimal(min)) < 0 || d.compareTo(new BigDecimal(max)) > 0) {
            throw new IllegalArgumentException("'" + echo(text) + "' is out of range " + plain(min) + ".." + plain(max) + withUnit(unit));
        }
        return d.doubleValue();
    }

    /** Whether {@code text} is a number of this grammar (without a unit), in any range. */
    public static boolean isNumber(String text) {
        String t = text.strip();
        return HEX.matcher(t).matches() || DECIMAL.matcher(t).matches();
    }

    /** Longest text read as a number: any longer is out of every range (and BigDecimal's parse of it would be slow). */
    private static final int MAX_CHARS = 400;

    private static BigDecimal value(String text, String unit, boolean wholeWanted) {
        String t = withoutUnit(text.strip(), unit);
        if (t.length() > MAX_CHARS) {
            throw new IllegalArgumentException("'" + echo(text) + "' is too long to be a number (more than " + MAX_CHARS + " characters)");
        }
        Matcher hex = HEX.matcher(t);
        if (hex.matches()) {
            BigInteger v = new BigInteger(hex.group(2), 16);
            return new BigDecimal(hex.group(1).equals("-") ? v.negate() : v);
        }
        if (!DECIMAL.matcher(t).matches()) {
            throw new IllegalArgumentException("expected " + (wholeWanted ? "a whole number" : "a number")
                    + " (decimal" + (wholeWanted ? " or 0x-hex" : ", e.g. 12.5 or 2e4") + (unit.isEmpty() ? "" : ", optionally with its unit "
                    + unit) + "), got '" + echo(text) + "'");
        }
        BigDecimal d = new BigDecimal(t);
        return d.abs().compareTo(HUGE) > 0 ? HUGE.multiply(BigDecimal.valueOf(d.signum())) : d;
    }

    private static String withoutUnit(String t, String unit) {
        for (String u : unit.equals("µs") ? new String[] {"µs", "us"} : new String[] {unit}) {
            if (!u.isEmpty() && t.endsWith(u) && t.length() > u.length()) {
                return t.substring(0, t.length() - u.length()).stripTrailing();
            }
        }
        return t;
    }

    private static String withUnit(String unit) {
        return unit.isEmpty() ? "" : " " + unit;
    }

    /** A double as its range is written: whole numbers without a fraction, no exponent. */
    static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : BigDecimal.valueOf(d).toPlainString();
    }

    /**
     * Text quoted back in a message: at most {@value #MAX_ECHO} characters (then "…"), control
     * characters and non-ASCII shown as {@code \}{@code uXXXX}, so a message stays one short line.
     */
    public static String echo(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (; i < s.length() && i < MAX_ECHO; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        if (i < s.length()) {
            b.append('…');
        }
        return b.toString();
    }
}

package org.virtiosim.core.param;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One model parameter, declared once: its name (as {@code --set}, scenario files, sweeps and the
 * docs spell it), its unit, its default, the values it admits, where the default comes from (a
 * spec, a paper, a measurement, or an assumption and why), and how its text is parsed and
 * printed. Everything that shows or reads a parameter reads this declaration; a component reads
 * its value from {@link ParamValues} with {@link ParamValues#get(Param)}.
 *
 * @param <T> the value's type
 */
public final class Param<T> {
    /** Turns a parameter's text into its value; throws {@link IllegalArgumentException} with what was expected. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text);
    }

    private final String name;
    private final String unit;
    private final String meaning;
    private final String range;
    private final String source;
    private final T defaultValue;
    private final Parser<T> parser;
    private final Function<T, String> format;

    private Param(String name, String unit, String meaning, String range, String source, T defaultValue, Parser<T> parser,
                  Function<T, String> format) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("parameter name must be lower_snake_case: " + name);
        }
        this.name = name;
        this.unit = Objects.requireNonNull(unit);
        this.meaning = Objects.requireNonNull(meaning);
        this.range = Objects.requireNonNull(range);
        this.source = Objects.requireNonNull(source);
        this.defaultValue = Objects.requireNonNull(defaultValue);
        this.parser = parser;
        this.format = format;
    }

    /**
     * A whole number in {@code [min, max]}. The text may be written as a decimal ({@code 2e4}); it
     * is truncated to a whole number after the range check, as a count of cycles or items is.
     */
    public static Param<Long> integer(String name, String unit, long defaultValue, long min, long max, String meaning, String source) {
        return new Param<>(name, unit, meaning, min + ".." + max, source, defaultValue,
                text -> (long) number(text, min, max), String::valueOf);
    }

    /** A number in {@code [min, max]}, any fraction allowed. */
    public static Param<Double> real(String name, String unit, double defaultValue, double min, double max, String meaning, String source) {
        return new Param<>(name, unit, meaning, plain(min) + ".." + plain(max), source, defaultValue, text -> number(text, min, max),
                Param::plain);
    }

    /** {@code true} or {@code false}. */
    public static Param<Boolean> flag(String name, boolean defaultValue, String meaning, String source) {
        return new Param<>(name, "", meaning, "true | false", source, defaultValue, text -> {
            if (!text.equals("true") && !text.equals("false")) {
                throw new IllegalArgumentException("expected true or false");
            }
            return text.equals("true");
        }, String::valueOf);
    }

    /**
     * One of an enum's constants, written in lower case with {@code -} for {@code _}
     * ({@code IRQ_PARALLEL} is {@code irq-parallel}); the text is matched without regard to case.
     */
    public static <E extends Enum<E>> Param<E> choice(String name, E defaultValue, String meaning, String source) {
        Class<E> type = defaultValue.getDeclaringClass();
        List<String> ids = java.util.Arrays.stream(type.getEnumConstants()).map(Param::id).toList();
        return new Param<>(name, "", meaning, String.join(" | ", ids), source, defaultValue, text -> {
            for (E e : type.getEnumConstants()) {
                if (id(e).equalsIgnoreCase(text.replace('_', '-'))) {
                    return e;
                }
            }
            throw new IllegalArgumentException("expected " + String.join(", ", ids));
        }, Param::id);
    }

    /** Any other kind of value: the parser and the printer are given, {@code range} says in words what is admitted. */
    public static <T> Param<T> of(String name, String unit, T defaultValue, String range, Parser<T> parser, Function<T, String> format,
                                  String meaning, String source) {
        return new Param<>(name, unit, meaning, range, source, defaultValue, parser, format);
    }

    /** An enum constant as a parameter value is written. */
    public static String id(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String plain(Double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : java.math.BigDecimal.valueOf(d).toPlainString();
    }

    private static double number(String text, double min, double max) {
        double d;
        try {
            d = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number");
        }
        if (!(d >= min && d <= max)) {
            throw new IllegalArgumentException("expected a number from " + (double) min + " to " + (double) max);
        }
        return d;
    }

    public String name() {
        return name;
    }

    /** The unit of its value ({@code ns}, {@code µs}, {@code cycles}, ...), empty for a choice or a flag. */
    public String unit() {
        return unit;
    }

    /** What it means, in a few words. */
    public String meaning() {
        return meaning;
    }

    /** The values it admits, in words ({@code 1..256}, {@code hardware | firmware}). */
    public String range() {
        return range;
    }

    /** Where the default comes from. */
    public String source() {
        return source;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** The value its text gives; {@link IllegalArgumentException} naming what was expected. */
    public T parse(String text) {
        return parser.parse(text.trim());
    }

    /** The default as its text is written (what {@code list}, the docs and --set show). */
    public String defaultText() {
        return format(defaultValue);
    }

    /** The value as its text is written (what {@link #parse} takes back). */
    public String format(T value) {
        return format.apply(value);
    }

    @Override
    public String toString() {
        return name;
    }
}

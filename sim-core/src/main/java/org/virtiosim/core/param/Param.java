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
 * <p><b>Study range.</b> Every declaration also says over what values a sensitivity study
 * ({@code virtio-sim sensitivity}) varies it, and why those: the range a reader could believe,
 * from a measurement, a spec range, a product family, or "assumption: ..." where there is none.
 * It is declared with the rest, by one of three calls on the factory's result:
 * <pre>{@code
 * Param.real("vm_exit_ns", "ns", 1500, 0, 1e7, "VM exit + entry", "assumption: ...")
 *         .studyRange(500.0, 5000.0, "kvm-unit-tests vmexit: in-kernel to userspace I/O exits");
 * Param.choice("mode", Mode.POLL, "how the host waits", "Linux 6.11").studyEveryValue("each driver generation");
 * Param.of("link", "", GEN3X8, ...).studyValues(List.of(GEN3X4, GEN3X8, GEN5X16), "NICs in the field");
 * }</pre>
 * A number ({@link #integer}, {@link #real}) takes {@code studyRange(low, high, reason)}: the study
 * runs it at low and at high and bisects between them and the default. A choice or a flag takes
 * {@code studyEveryValue(reason)}: each value is tried. Any parameter can take {@code
 * studyValues(values, reason)}: those values are tried (the first is its low, the last its high).
 * Each returns a new declaration (a {@code Param} is immutable), so the call belongs in the
 * {@code static final} initializer itself; the default must lie inside the range. A test in
 * testbenches checks that every parameter a run admits has one.
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
    /** For a number: how its values map to the real line (bisection works there); else null. */
    private final Numeric<T> numeric;
    /** For a choice or a flag: every value it admits, in order; else null. */
    private final List<T> every;
    /** What a sensitivity study tries, or null until declared. */
    private final StudyRange<T> study;
    /** Whether its text is a comma-separated list (a sweep then separates its values with {@code ;}). */
    private final boolean list;

    /** How a number parameter's values map to {@code double} and back. */
    private record Numeric<T>(java.util.function.ToDoubleFunction<T> to, java.util.function.DoubleFunction<T> from) {
        double toNumber(T value) {
            return to.applyAsDouble(value);
        }

        T fromNumber(double d) {
            return from.apply(d);
        }
    }

    private static final Numeric<Long> WHOLE = new Numeric<>(Long::doubleValue, Math::round);
    private static final Numeric<Double> REAL = new Numeric<>(Double::doubleValue, Double::valueOf);

    private Param(String name, String unit, String meaning, String range, String source, T defaultValue, Parser<T> parser,
                  Function<T, String> format) {
        this(name, unit, meaning, range, source, defaultValue, parser, format, null, null, null, false);
    }

    private Param(String name, String unit, String meaning, String range, String source, T defaultValue, Parser<T> parser,
                  Function<T, String> format, Numeric<T> numeric, List<T> every, StudyRange<T> study, boolean list) {
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
        this.numeric = numeric;
        this.every = every;
        this.study = study;
        this.list = list;
    }

    private Param<T> withStudy(StudyRange<T> r) {
        for (T v : r.values()) {
            T back;
            try {
                back = parse(format(v));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": study value " + format(v) + " is not admitted: " + e.getMessage());
            }
            if (!back.equals(v)) {
                throw new IllegalArgumentException(name + ": study value " + format(v) + " does not read back as itself");
            }
        }
        return new Param<>(name, unit, meaning, range, source, defaultValue, parser, format, numeric, every, r, list);
    }

    /**
     * This declaration with the range a sensitivity study varies it over: a number from {@code low}
     * to {@code high} (both admitted, {@code low < high}, the default between them), and why.
     */
    public Param<T> studyRange(T low, T high, String reason) {
        if (numeric == null) {
            throw new IllegalArgumentException(name + ": studyRange(low, high) is for numbers; use studyValues or studyEveryValue");
        }
        double lo = numeric.toNumber(low);
        double hi = numeric.toNumber(high);
        double d = numeric.toNumber(defaultValue);
        if (!(lo < hi && lo <= d && d <= hi)) {
            throw new IllegalArgumentException(name + ": study range " + format(low) + ".." + format(high)
                    + " must rise and hold the default " + defaultText());
        }
        return withStudy(new StudyRange<>(List.of(low, high), true, reason));
    }

    /** This declaration with the values a sensitivity study tries (two or more, distinct, the default among them), and why. */
    public Param<T> studyValues(List<T> values, String reason) {
        if (values.size() < 2 || new java.util.HashSet<>(values).size() != values.size() || !values.contains(defaultValue)) {
            throw new IllegalArgumentException(name + ": study values must be two or more distinct values holding the default "
                    + defaultText());
        }
        return withStudy(new StudyRange<>(List.copyOf(values), false, reason));
    }

    /** A choice's or a flag's declaration with every value it admits tried by a sensitivity study, and why. */
    public Param<T> studyEveryValue(String reason) {
        if (every == null) {
            throw new IllegalArgumentException(name + ": studyEveryValue is for choices and flags; use studyRange or studyValues");
        }
        return withStudy(new StudyRange<>(every, false, reason));
    }

    /**
     * A whole number in {@code [min, max]}, written as {@link NumberText} says: decimal or 0x-hex, or
     * a decimal whose value is whole ({@code 2e4}); {@code 2.5} is an error, never truncated.
     */
    public static Param<Long> integer(String name, String unit, long defaultValue, long min, long max, String meaning, String source) {
        return new Param<>(name, unit, meaning, min + ".." + max, source, defaultValue,
                text -> NumberText.whole(text, min, max, unit), String::valueOf, WHOLE, null, null, false);
    }

    /** A number in {@code [min, max]}, any fraction allowed, written as {@link NumberText} says. */
    public static Param<Double> real(String name, String unit, double defaultValue, double min, double max, String meaning, String source) {
        return new Param<>(name, unit, meaning, plain(min) + ".." + plain(max), source, defaultValue,
                text -> NumberText.decimal(text, min, max, unit), Param::plain, REAL, null, null, false);
    }

    /**
     * A whole number in {@code [min, max]} that is a bit field or an identifier rather than a
     * quantity (feature bits, a status word): read as {@link NumberText} says (decimal or 0x-hex),
     * always printed in lower-case 0x-hex. Not a number to bisect: a study of it takes {@link
     * #studyValues}.
     */
    public static Param<Long> hex(String name, long defaultValue, long min, long max, String meaning, String source) {
        if (min < 0) {
            throw new IllegalArgumentException(name + ": a hex parameter is not negative");
        }
        return new Param<>(name, "", meaning, hexText(min) + ".." + hexText(max), source, defaultValue,
                text -> {
                    long v = NumberText.whole(text, Long.MIN_VALUE, Long.MAX_VALUE, "");
                    if (v < min || v > max) {
                        throw new IllegalArgumentException("'" + NumberText.echo(text) + "' is out of range " + hexText(min) + ".." + hexText(max));
                    }
                    return v;
                }, Param::hexText, null, null, null, false);
    }

    /** A whole number as {@link #hex} prints it: {@code 0x30070020}. */
    public static String hexText(Long v) {
        return "0x" + Long.toHexString(v);
    }

    /**
     * A comma-separated list of 1 to {@code maxEntries} whole numbers, each in {@code [min, max]}
     * and, if {@code entry} is not null, passing it ({@code entryWords} says what it asks, e.g.
     * "a power of 2"). Each entry is read as {@link NumberText} says; printed comma-separated
     * without spaces ({@code 256,256,64}). An error names the entry: {@code entry 3 of 3: ...}.
     */
    public static Param<List<Long>> wholeList(String name, String unit, List<Long> defaultValue, long min, long max, int maxEntries,
                                              java.util.function.LongPredicate entry, String entryWords, String meaning, String source) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException(name + ": a list holds at least one entry");
        }
        String range = "1.." + maxEntries + " entries, each " + min + ".." + max + (entry == null ? "" : " and " + entryWords);
        Parser<List<Long>> parser = text -> {
            String[] parts = text.split(",", -1);
            if (parts.length > maxEntries) {
                throw new IllegalArgumentException("expected at most " + maxEntries + " comma-separated entries, got " + parts.length);
            }
            List<Long> out = new java.util.ArrayList<>(parts.length);
            for (int i = 0; i < parts.length; i++) {
                String where = "entry " + (i + 1) + " of " + parts.length + ": ";
                if (parts[i].isBlank()) {
                    throw new IllegalArgumentException(where + "empty; expected a whole number from " + min + " to " + max);
                }
                long v;
                try {
                    v = NumberText.whole(parts[i].strip(), min, max, unit);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + e.getMessage());
                }
                if (entry != null && !entry.test(v)) {
                    throw new IllegalArgumentException(where + "'" + NumberText.echo(parts[i].strip()) + "' is not " + entryWords);
                }
                out.add(v);
            }
            return List.copyOf(out);
        };
        Function<List<Long>, String> format = v -> String.join(",", v.stream().map(String::valueOf).toList());
        Param<List<Long>> p = new Param<>(name, unit, meaning, range, source, List.copyOf(defaultValue), parser, format, null, null, null, true);
        if (!parser.parse(format.apply(defaultValue)).equals(defaultValue)) {
            throw new IllegalArgumentException(name + ": the default " + format.apply(defaultValue) + " is not admitted");
        }
        return p;
    }

    /** {@code true} or {@code false}. */
    public static Param<Boolean> flag(String name, boolean defaultValue, String meaning, String source) {
        return new Param<>(name, "", meaning, "true | false", source, defaultValue, text -> {
            if (!text.equals("true") && !text.equals("false")) {
                throw new IllegalArgumentException("expected true or false");
            }
            return text.equals("true");
        }, String::valueOf, null, List.of(false, true), null, false);
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
        }, Param::id, null, List.of(type.getEnumConstants()), null, false);
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
        return NumberText.plain(d);
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

    /** What a sensitivity study tries and why; empty when the declaration gives none. */
    public java.util.Optional<StudyRange<T>> study() {
        return java.util.Optional.ofNullable(study);
    }

    /** The study range as its text is written: {@code low..high} for a number's, {@code a | b | c} for a set of values; "" when none. */
    public String studyText() {
        if (study == null) {
            return "";
        }
        if (isRange()) {
            return format(study.low()) + ".." + format(study.high());
        }
        return String.join(" | ", study.values().stream().map(this::format).toList());
    }

    /**
     * Whether its text is a comma-separated list ({@link #wholeList}): where commas already separate
     * values (a sweep's {@code --vary KEY=V1,V2}), its values are separated with {@code ;} instead.
     */
    public boolean isList() {
        return list;
    }

    /** Whether its study is a span of numbers (bisected), rather than a set of values (each tried). */
    public boolean isRange() {
        return study != null && numeric != null && study.span();
    }

    /** A number's value on the real line (what bisection works on); IllegalStateException for other kinds. */
    public double toNumber(T value) {
        return numeric().toNumber(value);
    }

    /** The value at {@code d} (rounded for a whole number); IllegalStateException for other kinds. */
    public T fromNumber(double d) {
        return numeric().fromNumber(d);
    }

    /** Whether its values are whole numbers (bisection stops at neighbours). */
    public boolean isWhole() {
        return numeric == WHOLE;
    }

    private Numeric<T> numeric() {
        if (numeric == null) {
            throw new IllegalStateException(name + " is not a number");
        }
        return numeric;
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

package org.virtiosim.core.param;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of a run's parameters: each {@link Param} at its default unless set. Immutable:
 * {@link #with} gives a new set, so a study can derive one run's values from another's without
 * the runs sharing anything.
 */
public final class ParamValues {
    private static final ParamValues DEFAULTS = new ParamValues(Map.of());

    private final Map<Param<?>, Object> set;

    private ParamValues(Map<Param<?>, Object> set) {
        this.set = set;
    }

    /** Every parameter at its default. */
    public static ParamValues defaults() {
        return DEFAULTS;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Param<T> p) {
        Object v = set.get(p);
        return v == null ? p.defaultValue() : (T) v;
    }

    /** With {@code p} at {@code value}; a parameter set to its default is the same as one left alone. */
    public <T> ParamValues with(Param<T> p, T value) {
        Map<Param<?>, Object> m = new LinkedHashMap<>(set);
        if (java.util.Objects.requireNonNull(value).equals(p.defaultValue())) {
            m.remove(p);
        } else {
            m.put(p, value);
        }
        return new ParamValues(Collections.unmodifiableMap(m));
    }

    /** With {@code p} set from its text; {@link IllegalArgumentException} naming what was expected. */
    public ParamValues withText(Param<?> p, String text) {
        return parsed(p, text);
    }

    private <T> ParamValues parsed(Param<T> p, String text) {
        return with(p, p.parse(text));
    }

    /** The value of {@code p} as its text is written. */
    public <T> String text(Param<T> p) {
        return p.format(get(p));
    }

    /** Whether {@code p} is at other than its default. */
    public boolean isSet(Param<?> p) {
        return set.containsKey(p);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamValues v && v.set.equals(set);
    }

    @Override
    public int hashCode() {
        return set.hashCode();
    }
}

package org.virtiosim.core.param;

import java.util.List;
import java.util.Objects;

/**
 * The values a sensitivity study gives one parameter, and why those: declared with the parameter
 * ({@link Param#studyRange}, {@link Param#studyValues}, {@link Param#studyEveryValue}).
 *
 * @param values the values tried, at least two; for a span, its two ends
 * @param span true for a span of numbers from {@code values[0]} to {@code values[1]} (a study may
 *        bisect inside it), false for a set of values each tried as given
 * @param reason why these values: a measurement, a spec range, or "assumption: ..."
 * @param <T> the parameter's value type
 */
public record StudyRange<T>(List<T> values, boolean span, String reason) {
    public StudyRange {
        values = List.copyOf(values);
        Objects.requireNonNull(reason);
        if (reason.isBlank()) {
            throw new IllegalArgumentException("a study range needs its reason");
        }
        if (values.size() < 2 || span && values.size() != 2) {
            throw new IllegalArgumentException("a study range needs two or more values (a span exactly two): " + values);
        }
    }

    /** The first value tried (a span's low end). */
    public T low() {
        return values.get(0);
    }

    /** The last value tried (a span's high end). */
    public T high() {
        return values.get(values.size() - 1);
    }
}

package org.virtiosim.testbench.sensitivity;

import java.util.List;

/**
 * One set of values a study evaluated: the varied parameter's value, each scheme's figures (in the
 * study's scheme order) and the ranking they give.
 *
 * @param value the varied parameter's value, as its text is written ({@code --set} takes it back)
 */
public record Point(String value, List<Figures> figures, List<String> ranking) {
    public Point {
        figures = List.copyOf(figures);
        ranking = List.copyOf(ranking);
    }

    /** The figures of the scheme at {@code index} in the study's order. */
    public Figures scheme(int index) {
        return figures.get(index);
    }
}

package org.virtiosim.testbench.sensitivity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The order of the schemes by mean access latency, lowest first; equal means keep the study's scheme order. */
public final class Ranking {
    private Ranking() {
    }

    /** The scheme ids ranked; {@code figures} are in the order of {@code schemes}. */
    public static List<String> of(List<String> schemes, List<Figures> figures) {
        if (schemes.size() != figures.size()) {
            throw new IllegalArgumentException(schemes.size() + " schemes but figures for " + figures.size());
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < schemes.size(); i++) {
            order.add(i);
        }
        // List.sort is stable: a tie keeps the scheme order. Double.compare puts NaN (no accesses) last.
        order.sort(Comparator.comparingDouble(i -> figures.get(i).mean()));
        return order.stream().map(schemes::get).toList();
    }

    /**
     * The first pair of schemes whose order differs between the two rankings, as {@code base}
     * orders them (the one ahead in {@code base} first); empty when they agree. "First" is by the
     * leading scheme's place in {@code base}, then the trailing one's.
     */
    public static List<String> swapped(List<String> base, List<String> other) {
        for (int i = 0; i < base.size(); i++) {
            for (int j = i + 1; j < base.size(); j++) {
                if (other.indexOf(base.get(i)) > other.indexOf(base.get(j))) {
                    return List.of(base.get(i), base.get(j));
                }
            }
        }
        return List.of();
    }
}

package org.virtiosim.testbench.sensitivity;

import java.util.List;

/**
 * Where a parameter's value starts to change the ranking of schemes.
 *
 * @param value the value nearest the base found with a ranking other than the base's (for a span,
 *        the end of the bisection's last bracket on the changed side; for a set of values, the
 *        nearest such value)
 * @param lastSame for a span, the value nearest {@code value} still giving the base's ranking (the
 *        crossover lies between the two); null for a set of values
 * @param swapped the first pair of schemes whose order differs at {@code value}, ahead-at-base first
 * @param clean whether every access at {@code value} completed normally with the expected data (a
 *        ranking among failing runs is shown, but says little about the schemes)
 */
public record Crossover(String value, String lastSame, List<String> swapped, boolean clean) {
    public Crossover {
        swapped = List.copyOf(swapped);
    }
}

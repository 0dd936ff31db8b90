package org.virtiosim.testbench.sensitivity;

import java.util.List;

/**
 * What a sensitivity study found.
 *
 * @param schemes the scheme ids, in the order every point's figures are in
 * @param base every parameter at the base (its {@link Point#value()} is {@code "base"})
 * @param parameters one effect per parameter varied, in the order given
 * @param runs evaluations made in all (each one run of every scheme)
 */
public record SensitivityResult(List<String> schemes, Point base, List<ParameterEffect> parameters, int runs) {
    public SensitivityResult {
        schemes = List.copyOf(schemes);
        parameters = List.copyOf(parameters);
    }

    /** The parameters whose range holds a value that ranks the schemes other than the base does. */
    public List<ParameterEffect> rankingChanges() {
        return parameters.stream().filter(ParameterEffect::rankingChanges).toList();
    }
}

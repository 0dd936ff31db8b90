package org.virtiosim.testbench.claims;

import java.util.List;

/**
 * Where a comparative claim turns: the parameter, the value where the two schemes' order first
 * swaps (from the sensitivity analysis), and the pair.
 */
public record DependsOn(String parameter, String value, List<String> swapped) {
    public DependsOn {
        swapped = List.copyOf(swapped);
    }
}

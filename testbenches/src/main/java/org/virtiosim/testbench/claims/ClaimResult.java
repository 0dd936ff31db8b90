package org.virtiosim.testbench.claims;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A claim checked: the figures it was judged on (with the scenario and parameters used), the
 * verdict they give under the claim's rule, and where it turns if it depends on a parameter.
 *
 * @param dependsOn set exactly when the verdict is {@link Verdict#DEPENDS}
 */
public record ClaimResult(Claim claim, Verdict verdict, ObjectNode evidence, DependsOn dependsOn) {
    public ClaimResult {
        if ((verdict == Verdict.DEPENDS) != (dependsOn != null)) {
            throw new IllegalArgumentException("a 'depends' verdict names what it depends on, and only it");
        }
    }
}

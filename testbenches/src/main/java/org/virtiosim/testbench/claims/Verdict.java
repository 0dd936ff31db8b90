package org.virtiosim.testbench.claims;

/** What the runs say of a claim. */
public enum Verdict {
    /** The measured figures agree with the claim, and no parameter inside its study range turns them. */
    HOLDS,
    /** The measured figures contradict it. */
    REFUTED,
    /** It holds or not depending on a parameter: the sensitivity analysis found where it turns. */
    DEPENDS;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

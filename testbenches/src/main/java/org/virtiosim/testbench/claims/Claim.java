package org.virtiosim.testbench.claims;

/**
 * One claim made in the virtio-comment thread "transport-pci: Introduce legacy registers access
 * commands" (May 2023), as data: who made it and when, what it says (in our words, with at most a
 * short quoted phrase), the rule its verdict is computed by, the check that runs it, and the charts
 * of its evidence a report draws (at least one).
 */
public record Claim(int id, String by, String date, String claim, String rule, Check check, java.util.List<ClaimPlot> plots) {
    public Claim {
        plots = java.util.List.copyOf(plots);
        if (plots.isEmpty()) {
            throw new IllegalArgumentException("claim " + id + ": at least one plot of its evidence");
        }
    }

    /** Measures what the claim needs and judges it by its rule; never a verdict written by hand. */
    @FunctionalInterface
    public interface Check {
        ClaimResult check(Claim claim, ClaimContext context);
    }

    public ClaimResult check(ClaimContext context) {
        return check.check(this, context);
    }
}

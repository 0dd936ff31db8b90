package org.virtiosim.testbench.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.Parameters;

/** Verdicts come from runs by each claim's rule: change what a rule reads and the verdict follows. */
class ClaimsTest {
    private static final CompareConfig BASE = CompareConfig.defaults(4);
    /** A short series keeps the tests quick; the default one runs 1..4096 VFs. */
    private static final List<Integer> SERIES = List.of(1, 4, 16);

    private static ClaimResult claim(CompareConfig cfg, int id) {
        return Claims.REGISTRY.require(String.valueOf(id)).check(new ClaimContext(cfg, false, SERIES));
    }

    @Test
    void aResetLongerThanTheLowestCompletionTimeoutFlipsTheResetClaim() {
        // At 4 VFs a 20 µs reset stalls a window read 20 µs: under 50 µs, so the claim is refuted here...
        ClaimResult fast = claim(BASE, 4);
        assertThat(fast.verdict()).isEqualTo(Verdict.REFUTED);
        assertThat(fast.evidence().get("stall_max_access_ns").asLong()).isLessThan(50_000);
        // ...and a 100 µs reset makes the same rule find it holds.
        ClaimResult slow = claim(Parameters.apply(BASE, "reset_cycles=100000"), 4);
        assertThat(slow.evidence().get("stall_max_access_ns").asLong()).isGreaterThan(50_000);
        assertThat(slow.verdict()).isEqualTo(Verdict.HOLDS);
    }

    @Test
    void theMacClaimFollowsTheDevicesPolicyNotAHandWrittenAnswer() {
        ClaimResult r = claim(BASE, 7);
        assertThat(r.verdict()).isEqualTo(Verdict.HOLDS);
        assertThat(r.evidence().at("/intermediate_macs/mmio/mac_bytewise_each_byte").asLong()).isPositive();
        assertThat(r.evidence().at("/intermediate_macs/aq/mac_coalesced_each_byte").asLong()).isZero();
    }

    @Test
    void everyClaimGivesEvidenceAndAVerdictAndTheJsonHasTheNames() throws Exception {
        List<ClaimResult> all = Claims.check(new ClaimContext(BASE, false, SERIES));
        assertThat(all).hasSize(Claims.REGISTRY.all().size());
        JsonNode root = new ObjectMapper().readTree(ClaimsReport.json(BASE, all));
        assertThat(root.get("vfs").asInt()).isEqualTo(4);
        for (JsonNode c : root.get("claims")) {
            assertThat(c.fieldNames()).toIterable().contains("id", "claim", "by", "date", "rule", "evidence", "verdict");
            assertThat(c.get("verdict").asText()).isIn("holds", "refuted", "depends");
            assertThat(c.has("depends_on")).isEqualTo(c.get("verdict").asText().equals("depends"));
            assertThat(c.get("evidence").has("vfs")).isTrue();
        }
        java.io.StringWriter w = new java.io.StringWriter();
        ClaimsReport.text(new java.io.PrintWriter(w), BASE, all);
        assertThat(w.toString()).contains("verdict: ", "rule: ", "series[0] = policy=stall vfs=1 max_access_ns=");
        // Every plot a claim names finds its figures in that claim's own evidence.
        for (ClaimResult r : all) {
            assertThat(r.claim().plots()).as("claim %d", r.claim().id()).isNotEmpty();
            for (ClaimPlot p : r.claim().plots()) {
                if (p instanceof ClaimPlot.Bars b) {
                    ClaimPlot.Grid g = b.grid(r.evidence());
                    assertThat(g.categories()).as(p.title()).hasSizeGreaterThan(1);
                    assertThat(g.values().length).isEqualTo(g.categories().size());
                } else {
                    assertThat(((ClaimPlot.Lines) p).lines(r.evidence())).as(p.title()).isNotEmpty()
                            .allSatisfy(l -> assertThat(l.x()).hasSize(SERIES.size()));
                }
            }
        }
    }

    @Test
    void theResetSeriesHasOnePointPerVfCountAndPolicyAndHostPollNeverHoldsACompletionOrReadsStale() {
        JsonNode series = claim(BASE, 4).evidence().get("series");
        String[] policies = {"stall", "stale", "host-poll"};
        assertThat(series).hasSize(SERIES.size() * policies.length);
        int i = 0;
        for (String policy : policies) {
            for (int vfs : SERIES) {
                JsonNode p = series.get(i++);
                assertThat(p.get("policy").asText()).isEqualTo(policy);
                assertThat(p.get("vfs").asInt()).isEqualTo(vfs);
                assertThat(p.get("max_access_ns").asLong()).isGreaterThanOrEqualTo(p.get("p99_access_ns").asLong()).isPositive();
                assertThat(p.get("host_busy_ns").asLong()).isPositive();
                assertThat(p.fieldNames()).toIterable().contains("completion_timeouts", "stale_reads");
                if (!policy.equals("stale")) {
                    // Stalling the completion, or polling before answering, never hands the guest a pre-reset status.
                    assertThat(p.get("stale_reads").asLong()).as("%s at %d VFs", policy, vfs).isZero();
                }
            }
        }
        // Answering at once during a storm reads stale somewhere.
        assertThat(series.findValues("stale_reads").stream().mapToLong(JsonNode::asLong).sum()).isPositive();
    }

    @Test
    void aSeriesIsAscendingVfCountsInRange() {
        assertThatThrownBy(() -> new ClaimContext(BASE, false, List.of(4, 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClaimContext(BASE, false, List.of(0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClaimContext(BASE, false, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ClaimContext(BASE, false).seriesVfs()).containsExactly(1, 4, 16, 64, 256, 1024, 4096);
    }

    @Test
    void aPlotReadsOnlyWhatTheEvidenceHasAndSaysWhenItIsMissing() {
        var e = new ObjectMapper().createObjectNode();
        e.put("a_cycles", 3);
        e.putObject("mmio").put("x", 1);
        e.putObject("aq").put("x", 7);
        e.put("label", "not a figure");
        ClaimPlot.Grid g = ClaimPlot.table("t", "y", false, "", "x", "x").grid(e);
        assertThat(g.categories()).containsExactly("mmio", "aq");
        assertThat(g.values()[1][0]).isEqualTo(7);
        assertThat(ClaimPlot.bars("t", "y", true, "a", "/a_cycles").grid(e).values()[0][0]).isEqualTo(3);
        assertThatThrownBy(() -> ClaimPlot.bars("t", "y", false, "b", "/b_cycles").grid(e)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ClaimPlot.bars("t", "y", false, "l", "/label").grid(e)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ClaimPlot.Lines("t", "x", "y", true, true, "/series", "policy", "vfs", "n").lines(e))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDependsVerdictNamesWhatItDependsOnAndNothingElseDoes() {
        Claim c = Claims.REGISTRY.require("1");
        var e = new ObjectMapper().createObjectNode();
        assertThatThrownBy(() -> new ClaimResult(c, Verdict.DEPENDS, e, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClaimResult(c, Verdict.HOLDS, e, new DependsOn("x", "1", List.of("a", "b"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

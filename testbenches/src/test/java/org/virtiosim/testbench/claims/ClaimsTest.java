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

    private static ClaimResult claim(CompareConfig cfg, int id) {
        return Claims.REGISTRY.require(String.valueOf(id)).check(new ClaimContext(cfg, false));
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
        List<ClaimResult> all = Claims.check(new ClaimContext(BASE, false));
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
        assertThat(w.toString()).contains("verdict: ", "rule: ");
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

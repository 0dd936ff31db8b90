package org.virtiosim.testbench.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode row(double mean, long total, String violation) {
        ObjectNode o = JSON.createObjectNode().put("scheme", "mmio").put("total_cycles", total);
        o.putObject("access_cycles").put("mean", mean).put("p99", 10);
        ObjectNode v = o.putObject("violations");
        if (violation != null) {
            v.put(violation, "seen");
        }
        return o;
    }

    @Test
    void oneSeedIsLeftAsItIs() {
        ObjectNode r = row(5, 7, null);
        assertThat(Repeats.merge(List.of(r))).isSameAs(r);
    }

    @Test
    void everyNumberBecomesItsMeanWithAStudentTHalfWidth() {
        ObjectNode m = Repeats.merge(List.of(row(10, 100, null), row(20, 100, "x"), row(30, 100, null)));
        assertThat(m.get("scheme").asText()).isEqualTo("mmio");
        assertThat(m.get("access_cycles").get("mean").asDouble()).isEqualTo(20.0);
        // sd 10, n 3: t(2) = 4.303, half-width 4.303 * 10 / sqrt(3) = 24.84
        assertThat(m.get("access_cycles").get("ci95").get("mean").asDouble()).isCloseTo(24.8, within(0.05));
        assertThat(m.get("access_cycles").get("ci95").get("p99").asDouble()).isZero();
        assertThat(m.get("ci95").get("total_cycles").asDouble()).isZero();
        assertThat(m.get("violations").has("x")).as("a violation at any seed is kept").isTrue();
        assertThat(m.get("violations").has("ci95")).isFalse();
    }

    @Test
    void theTQuantileFollowsTheTableAndApproachesTheNormal() {
        assertThat(Repeats.t975(1)).isEqualTo(12.706);
        assertThat(Repeats.t975(9)).isEqualTo(2.262);
        assertThat(Repeats.t975(40)).isCloseTo(2.021, within(0.002));
        assertThat(Repeats.t975(120)).isCloseTo(1.980, within(0.002));
    }
}

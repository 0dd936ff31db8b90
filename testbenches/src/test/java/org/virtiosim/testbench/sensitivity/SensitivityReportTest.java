package org.virtiosim.testbench.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.testbench.compare.CompareConfig;

/** The JSON names the issue fixes, and the text table, on a planted study of two real parameters. */
class SensitivityReportTest {
    private static final CompareConfig CFG = CompareConfig.defaults(8).withSeed(7);
    /** a's mean follows the VM exit cost (it crosses b's 2000 at 2000 ns); the window backing moves b's p99 only. */
    private static final Evaluation PLANTED = v -> List.of(new Figures(v.get(HostTiming.VM_EXIT_NS), 10),
            new Figures(2000, v.get(org.virtiosim.device.Backing.PARAM) == org.virtiosim.device.Backing.FIRMWARE ? 90 : 20));
    private static final Sensitivity STUDY = Sensitivity.of(List.of("a", "b"), PLANTED, ParamValues.defaults(),
            List.of(HostTiming.VM_EXIT_NS, org.virtiosim.device.Backing.PARAM));

    @Test
    void theJsonHasTheFixedNames() throws Exception {
        JsonNode root = new ObjectMapper().readTree(SensitivityReport.json("probe", CFG, STUDY, STUDY.run()));
        assertThat(root.get("schema_version").asInt()).isEqualTo(SensitivityReport.SCHEMA_VERSION);
        assertThat(root.get("scenario").asText()).isEqualTo("probe");
        assertThat(root.get("vfs").asInt()).isEqualTo(8);
        assertThat(root.get("seed").asLong()).isEqualTo(7);
        assertThat(root.get("schemes")).extracting(JsonNode::asText).containsExactly("a", "b");
        JsonNode params = root.get("parameters");
        assertThat(params).hasSize(2);
        JsonNode exit = params.get(0);
        assertThat(exit.get("name").asText()).isEqualTo("vm_exit_ns");
        assertThat(exit.get("low").isNumber()).as("a span's ends are numbers").isTrue();
        assertThat(exit.get("low").asDouble()).isEqualTo(500);
        assertThat(exit.get("high").asDouble()).isEqualTo(5000);
        assertThat(exit.at("/effects/a/low/mean").asDouble()).isEqualTo(500);
        assertThat(exit.at("/effects/a/high/mean").asDouble()).isEqualTo(5000);
        assertThat(exit.at("/effects/b/low/p99").asLong()).isEqualTo(90); // the base backing is firmware
        assertThat(exit.at("/effects/b/high/p99").asLong()).isEqualTo(90);
        assertThat(exit.get("ranking_changes").asBoolean()).isTrue();
        assertThat(exit.at("/crossover/value").asDouble()).isGreaterThan(2000).isLessThan(2004);
        assertThat(exit.at("/crossover/swapped")).extracting(JsonNode::asText).containsExactly("a", "b");
        JsonNode backing = params.get(1);
        assertThat(backing.get("low").asText()).isEqualTo("hardware");
        assertThat(backing.get("high").asText()).isEqualTo("firmware");
        assertThat(backing.at("/effects/b/low/p99").asLong()).isEqualTo(20);
        assertThat(backing.at("/effects/b/high/p99").asLong()).isEqualTo(90);
        assertThat(backing.get("ranking_changes").asBoolean()).isFalse();
        assertThat(backing.has("crossover")).isFalse();
    }

    @Test
    void theTextHasATablePerParameterAndNamesTheCrossover() {
        StringWriter w = new StringWriter();
        SensitivityReport.text(new PrintWriter(w), "probe", CFG, STUDY, STUDY.run());
        String out = w.toString();
        assertThat(out).contains("sensitivity: scenario probe, 8 VFs, seed 7, base the defaults", "ranking (by mean): a < b",
                "vm_exit_ns (ns): base 1500, range 500..5000", "backing: base firmware, range hardware | firmware",
                "a and b swap", "ranking unchanged");
        assertThat(out.lines().filter(l -> l.startsWith("  value ")).count()).as("one table per parameter").isEqualTo(2);
        assertThat(out).contains("parameters that change the ranking inside their range: vm_exit_ns");
    }

    @Test
    void theBaseSettingsAreNamed() {
        Param<Double> exit = HostTiming.VM_EXIT_NS;
        CompareConfig set = CFG.withParams(ParamValues.defaults().with(exit, 900.0));
        assertThat(SensitivityReport.baseSettings(set)).containsExactly("vm_exit_ns=900");
        assertThat(SensitivityReport.baseSettings(CFG)).isEmpty();
    }
}

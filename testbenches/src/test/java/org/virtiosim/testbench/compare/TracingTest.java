package org.virtiosim.testbench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtiosim.core.component.Tracing;

/** Tracing shows the model's signals and changes nothing the model does. */
class TracingTest {
    static java.util.List<String> schemes() {
        return org.virtiosim.device.catalog.Catalog.SCHEMES.ids();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("schemes")
    void tracedRunsGiveTheSameResultsAndShowTheSignals(String scheme) throws Exception {
        CompareConfig cfg = CompareConfig.defaults(4);
        Testbench untraced = new Testbench(cfg, org.virtiosim.device.catalog.Catalog.SCHEMES.require(scheme), null, false, Scenarios.load(Scenarios.DEFAULT), null);
        RunResult plain = untraced.run(scheme);
        Testbench tb = new Testbench(cfg, org.virtiosim.device.catalog.Catalog.SCHEMES.require(scheme), null, false, Scenarios.load(Scenarios.DEFAULT), null);
        Tracing tracing = tb.trace(1);
        Map<String, Integer> changes = new HashMap<>();
        Map<String, Long> last = new HashMap<>();
        long[] lastTime = {0};
        int attached = tracing.attach((t, p, v) -> {
            assertThat(t).isGreaterThanOrEqualTo(lastTime[0]);
            lastTime[0] = t;
            changes.merge(p.path(), 1, Integer::sum);
            last.put(p.path(), v);
        }, p -> true);
        RunResult traced = tb.run(scheme);
        tracing.releaseDue();
        assertThat(tb.kernel().eventsFired()).as("tracing adds no kernel events").isEqualTo(untraced.kernel().eventsFired());
        assertThat(tb.kernel().now()).isEqualTo(untraced.kernel().now());
        assertThat(attached).isGreaterThan(4 * 5);
        assertThat(traced.accesses()).isEqualTo(plain.accesses());
        assertThat(traced.accessCycles().mean()).isEqualTo(plain.accessCycles().mean());
        assertThat(traced.accessCycles().max()).isEqualTo(plain.accessCycles().max());
        assertThat(traced.totalCycles()).isEqualTo(plain.totalCycles());
        assertThat(traced.tlpsDown()).isEqualTo(plain.tlpsDown());
        assertThat(traced.tlpsUp()).isEqualTo(plain.tlpsUp());
        assertThat(changes.get("tb.link.down.tlp_type")).isPositive();
        assertThat(last.get("tb.link.down.tlp_type")).as("idle at the end").isZero();
        assertThat(last.get("tb.device.vf1.status")).as("DRIVER_OK").isEqualTo(7);
        assertThat(last.get("tb.device.vf1.msix")).isEqualTo(1);
        assertThat(changes.get("tb.device.vf1.reset")).as("in and out of reset").isEqualTo(2);
        assertThat(changes.get("tb.host.vf1.access")).isEqualTo(2 * Scenarios.load(Scenarios.DEFAULT).size());
        // Every queue_notify the scenario writes for VF 2 reaches doorbell steering once, whatever the scheme.
        long notifies = Scenarios.load(Scenarios.DEFAULT).rowsFor(2).stream()
                .filter(r -> r.op() == org.virtiosim.testbench.trace.TraceRow.Op.W && r.offset() == 0x10 && r.size() == 2).count();
        assertThat(notifies).isPositive();
        assertThat(last.get("tb.device.vf2.doorbell_kicks")).isEqualTo(notifies);
        if (scheme.equals("aq")) {
            assertThat(changes.get("tb.aq.aq0.used_idx")).isPositive();
        }
        if (scheme.equals("indirect")) {
            assertThat(changes.get("tb.indirect.vf3.addr")).isPositive();
        }
    }
}

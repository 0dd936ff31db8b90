package org.virtiosim.testbench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuiltInScenariosTest {
    @Test
    void everyBuiltInScenarioRunsOnEverySchemeWithoutMismatch() throws Exception {
        for (String name : Scenarios.BUILT_IN) {
            for (String scheme : org.virtiosim.device.catalog.Catalog.SCHEMES.ids()) {
                CompareConfig cfg = CompareConfig.defaults(6);
                RunResult r = new Testbench(cfg, org.virtiosim.device.catalog.Catalog.SCHEMES.require(scheme), null, false, Scenarios.load(name, 6), null).run(scheme);
                assertThat(r.mismatches()).as("%s on %s", name, scheme).isZero();
                assertThat(r.failed()).as("%s on %s", name, scheme).isZero();
                assertThat(r.accesses()).isPositive();
            }
        }
        assertThat(Scenarios.DESCRIPTIONS).hasSameSizeAs(Scenarios.BUILT_IN);
    }

    @Test
    void coalescingTheMacWritesSavesAccessesAndTraffic() throws Exception {
        CompareConfig cfg = CompareConfig.defaults(4);
        for (String scheme : org.virtiosim.device.catalog.Catalog.SCHEMES.ids()) {
            RunResult bytewise = new Testbench(cfg, org.virtiosim.device.catalog.Catalog.SCHEMES.require(scheme), null, false, Scenarios.load("mac-bytewise"), null).run(scheme);
            RunResult coalesced = new Testbench(cfg, org.virtiosim.device.catalog.Catalog.SCHEMES.require(scheme), null, false, Scenarios.load("mac-coalesced"), null).run(scheme);
            assertThat(coalesced.totalCycles()).as(scheme).isLessThan(bytewise.totalCycles());
            assertThat(coalesced.tlpsDown() + coalesced.tlpsUp()).as(scheme).isLessThan(bytewise.tlpsDown() + bytewise.tlpsUp());
        }
    }

    @Test
    void mixedAtScaleGivesEachVfItsPart() throws Exception {
        var t = Scenarios.load("mixed-at-scale", 6);
        assertThat(t.rowsFor(3)).hasSize(Scenarios.load("steady-notify").size());
        assertThat(t.rowsFor(4)).hasSize(Scenarios.load("linux-net-probe").size());
        assertThat(t.rowsFor(5)).hasSize(Scenarios.load("reset-storm").size());
    }

    @Test
    void everyParameterTakesItsOwnDefaultBack() {
        CompareConfig d = CompareConfig.defaults(8);
        for (String[] row : Parameters.table()) {
            assertThat(Parameters.apply(d, row[0] + "=" + row[1])).as(row[0]).isEqualTo(d);
        }
    }
}

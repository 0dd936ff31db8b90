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

    /** On a window scheme the 6-byte MAC write is one posted MWr: one TLP down per VF, nothing back. */
    @Test
    void theCoalescedMacWriteIsOneMwrOnTheWindowSchemes() throws Exception {
        org.virtiosim.testbench.trace.TraceReader reader =
                new org.virtiosim.testbench.trace.TraceReader(org.virtiosim.testbench.trace.TraceReader.VIRTIO_NET_MSIX_CONFIG_END);
        var without = reader.read("msix.csv", "op,offset,size,value\nMSIX,,,1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var with = reader.read("mac.csv", "op,offset,size,value\nMSIX,,,1\nW,0x18,6,0x563412005452\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        int vfs = 4;
        CompareConfig cfg = CompareConfig.defaults(vfs);
        for (String scheme : new String[] {"mmio", "pf-window"}) {
            var s = org.virtiosim.device.catalog.Catalog.SCHEMES.require(scheme);
            RunResult a = new Testbench(cfg, s, null, false, without, null).run(scheme);
            RunResult b = new Testbench(cfg, s, null, false, with, null).run(scheme);
            assertThat(b.tlpsDown() - a.tlpsDown()).as("%s: one MWr per VF", scheme).isEqualTo(vfs);
            assertThat(b.tlpsUp() - a.tlpsUp()).as("%s: a posted write has no completion", scheme).isZero();
            assertThat(b.failed()).isZero();
        }
    }
}

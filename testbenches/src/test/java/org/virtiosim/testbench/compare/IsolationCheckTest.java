package org.virtiosim.testbench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.device.notify.NotifyRoute;
import org.virtiosim.device.scheme.LegacyScheme;
import org.virtiosim.device.scheme.aq.NotifyInfoSource;
import org.virtiosim.testbench.fault.Faults;
import org.virtiosim.testbench.trace.Trace;

/** The isolation check: silent on every healthy scheme and route, with every request attributed; it fires on a cross-VF fault. */
class IsolationCheckTest {
    private static final String CHECK = RunResult.CHECKS.get(4);
    private static final int VFS = 4;

    private static Testbench testbench(CompareConfig cfg, String scheme, String route, String... faults) throws Exception {
        Trace trace = Scenarios.load("mixed-at-scale", VFS);
        Testbench tb = new Testbench(cfg, Catalog.SCHEMES.require(scheme), Catalog.NOTIFY_ROUTES.require(route), false, trace, null);
        Faults.install(tb, Faults.parse(List.of(faults), VFS));
        return tb;
    }

    @Test
    void everyHealthySchemeAndRouteRunsCleanWithEveryAccessChecked() throws Exception {
        for (NotifyInfoSource source : NotifyInfoSource.values()) {
            CompareConfig base = Scenarios.config("mixed-at-scale", VFS);
            CompareConfig cfg = base.withParams(base.params().with(NotifyInfoSource.PARAM, source));
            for (LegacyScheme s : Catalog.SCHEMES.all()) {
                for (NotifyRoute r : Catalog.NOTIFY_ROUTES.all()) {
                    Testbench tb = testbench(cfg, s.id(), r.id());
                    RunResult result = tb.run(s.id());
                    String what = s.id() + " / " + r.id() + " / notify_info=" + source;
                    assertThat(result.violations()).as(what).doesNotContainKey(CHECK);
                    assertThat(tb.device().isolation().breaches()).as(what).isZero();
                    // Each register access, notify and MSI-X toggle reached the device as at least one checked request.
                    assertThat(tb.device().isolation().checked()).as(what).isGreaterThanOrEqualTo(result.accesses());
                }
            }
        }
    }

    @Test
    void aWindowMappedToAnotherVfIsReportedNamingBothVfs() throws Exception {
        RunResult r = testbench(Scenarios.config("mixed-at-scale", VFS), "pf-window", "vf-bar", "pf-window-slot@1:3").run("pf-window");
        assertThat(r.violations()).containsKey(CHECK);
        assertThat(r.violations().get(CHECK)).contains("issued for VF 1, reached VF 3").contains("VFs reached: [3]");
    }
}

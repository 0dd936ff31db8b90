package org.virtiosim.testbench.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.RunResult;
import org.virtiosim.testbench.compare.Scenarios;
import org.virtiosim.testbench.compare.Testbench;
import org.virtiosim.testbench.fault.Faults;
import org.virtiosim.testbench.trace.Trace;

/** A study runs its schemes, then its notify routes, in the order given, each built fresh, each with the faults. */
class StudyTest {
    private static final int VFS = 2;

    private static Study.Builder study() throws Exception {
        Trace t = Scenarios.load(Scenarios.DEFAULT, VFS);
        return Study.of("probe", t, CompareConfig.defaults(VFS));
    }

    @Test
    void schemesThenNotifyRoutesInTheOrderGiven() throws Exception {
        StudyResult r = study().schemeIds(List.of("aq", "mmio", "indirect")).notifyRouteIds(List.of("io-bar", "vf-bar")).build().run();
        assertThat(r.name()).isEqualTo("probe");
        assertThat(r.config()).isEqualTo(CompareConfig.defaults(VFS));
        assertThat(r.schemes()).extracting(RunResult::name).containsExactly("aq", "mmio", "indirect");
        assertThat(r.notifyRoutes()).extracting(RunResult::name).containsExactly("io-bar", "vf-bar");
        assertThat(r.faults()).isEmpty();
        int rows = Scenarios.load(Scenarios.DEFAULT, VFS).size();
        for (RunResult s : r.schemes()) {
            assertThat(s.accesses()).as(s.name()).isEqualTo((long) VFS * rows);
            assertThat(s.mismatches()).as(s.name()).isZero();
            assertThat(s.kickCycles()).as("scheme runs have no kick latency").isNull();
        }
        for (RunResult n : r.notifyRoutes()) {
            assertThat(n.kickCycles()).as(n.name()).isNotNull();
            assertThat(n.kickCycles().count()).as("a notify-route run measures the notifies alone").isEqualTo(n.accesses()).isPositive();
            assertThat(n.accesses()).isLessThan((long) VFS * rows);
        }
        assertThat(r.mismatches()).isZero();
        assertThat(r.hasViolations()).isFalse();
    }

    @Test
    void theListsDefaultToTheWholeCatalogInItsOrder() throws Exception {
        Study s = study().build();
        assertThat(s.schemes()).extracting(x -> x.id()).containsExactlyElementsOf(Catalog.SCHEMES.ids());
        assertThat(s.notifyRoutes()).extracting(x -> x.id()).containsExactlyElementsOf(Catalog.NOTIFY_ROUTES.ids());
        assertThat(s.faults()).isEmpty();
        assertThat(s.name()).isEqualTo("probe");
        assertThat(s.config().vfs()).isEqualTo(VFS);
    }

    @Test
    void anEmptyListRunsNothingOfThatKind() throws Exception {
        StudyResult r = study().schemeIds(List.of("pf-window")).notifyRouteIds(List.of()).build().run();
        assertThat(r.schemes()).extracting(RunResult::name).containsExactly("pf-window");
        assertThat(r.notifyRoutes()).isEmpty();
        StudyResult n = study().schemeIds(List.of()).notifyRouteIds(List.of("aq")).build().run();
        assertThat(n.schemes()).isEmpty();
        assertThat(n.notifyRoutes()).extracting(RunResult::name).containsExactly("aq");
    }

    @Test
    void anUnknownSchemeIdNamesItAndTheKnownOnes() throws Exception {
        Study.Builder b = study();
        assertThatThrownBy(() -> b.schemeIds(List.of("mmio", "nope"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nope'").hasMessageContaining("known: " + String.join(", ", Catalog.SCHEMES.ids()));
    }

    @Test
    void anUnknownNotifyRouteIdNamesItAndTheKnownOnes() throws Exception {
        Study.Builder b = study();
        assertThatThrownBy(() -> b.notifyRouteIds(List.of("doorbell"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'doorbell'").hasMessageContaining("known: " + String.join(", ", Catalog.NOTIFY_ROUTES.ids()));
        // A scheme id is not a route id, even where both lists have an "aq".
        assertThatThrownBy(() -> b.notifyRouteIds(List.of("mmio"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mmio'");
    }

    @Test
    void aCustomRunnerSeesEachRunOnceWithItsSchemeFlagAndAFreshTestbench() throws Exception {
        List<String> seen = new ArrayList<>();
        IdentityHashMap<Testbench, Boolean> benches = new IdentityHashMap<>();
        StudyResult r = study().schemeIds(List.of("mmio", "aq")).notifyRouteIds(List.of("pf-bar", "aq")).runner((slot, tb) -> {
            seen.add((slot.scheme() ? "scheme " : "notify ") + slot.name() + " " + slot.index());
            Testbench bench = tb.get();
            benches.put(bench, true);
            return bench.run(slot.name());
        }).build().run();
        assertThat(seen).containsExactly("scheme mmio 0", "scheme aq 1", "notify pf-bar 2", "notify aq 3");
        assertThat(benches).hasSize(4);
        assertThat(r.schemes()).extracting(RunResult::name).containsExactly("mmio", "aq");
        assertThat(r.notifyRoutes()).extracting(RunResult::name).containsExactly("pf-bar", "aq");
    }

    @Test
    void whatTheRunnerReturnsIsWhatTheResultHolds() throws Exception {
        RunResult canned = StudyResultTest.result("canned", 0, java.util.Map.of());
        StudyResult r = study().schemeIds(List.of("mmio")).notifyRouteIds(List.of("vf-bar")).runner((slot, tb) -> canned).build().run();
        assertThat(r.schemes()).containsExactly(canned);
        assertThat(r.notifyRoutes()).containsExactly(canned);
    }

    @Test
    void faultsAreParsedOnceAndAppliedToEveryRun() throws Exception {
        List<String> specs = List.of("drop-completion@3");
        List<String> schemes = List.of("mmio", "pf-window", "indirect");
        List<String> routes = List.of("io-bar", "vf-bar");
        StudyResult r = study().schemeIds(schemes).notifyRouteIds(routes).faults(Faults.parse(specs, VFS)).build().run();
        StudyResult healthy = study().schemeIds(schemes).notifyRouteIds(routes).build().run();
        assertThat(r.faults()).isEqualTo(specs);
        assertThat(healthy.faults()).isEmpty();
        for (RunResult x : r.schemes()) {
            assertThat(x.completionTimeouts()).as(x.name()).isEqualTo(1);
            assertThat(healthy.scheme(x.name()).completionTimeouts()).as(x.name()).isZero();
        }
        assertThat(r.hasViolations()).isTrue();
        assertThat(healthy.hasViolations()).isFalse();
        // Each notify-route run is built with the fault too: its (unmeasured) set-up loses a completion.
        for (RunResult x : r.notifyRoutes()) {
            RunResult h = healthy.notifyRoute(x.name());
            assertThat(List.of(x.mismatches(), x.completionTimeouts(), x.totalCycles())).as(x.name())
                    .isNotEqualTo(List.of(h.mismatches(), h.completionTimeouts(), h.totalCycles()));
        }
    }

    @Test
    void theSameStudyGivesTheSameResults() throws Exception {
        StudyResult a = study().schemeIds(List.of("indirect")).notifyRouteIds(List.of("vf-bar")).build().run();
        StudyResult b = study().schemeIds(List.of("indirect")).notifyRouteIds(List.of("vf-bar")).build().run();
        assertThat(b.scheme("indirect").totalCycles()).isEqualTo(a.scheme("indirect").totalCycles());
        assertThat(b.scheme("indirect").tlpsDown()).isEqualTo(a.scheme("indirect").tlpsDown());
        assertThat(b.notifyRoute("vf-bar").totalCycles()).isEqualTo(a.notifyRoute("vf-bar").totalCycles());
    }

    @Test
    void theBuilderRejectsNulls() throws Exception {
        Trace t = Scenarios.load(Scenarios.DEFAULT, VFS);
        CompareConfig c = CompareConfig.defaults(VFS);
        assertThatThrownBy(() -> Study.of(null, t, c)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Study.of("x", null, c)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Study.of("x", t, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> study().runner(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> study().firmware(null)).isInstanceOf(NullPointerException.class);
    }
}

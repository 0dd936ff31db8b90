package org.virtiosim.testbench.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.device.scheme.LegacyScheme;
import org.virtiosim.device.scheme.aq.AqScheme;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.Scenarios;

/** Sensitivity on the real model: invariants, not which scheme wins. */
class StudyEvaluationTest {
    private static Sensitivity study(int vfs, List<String> schemes, List<Param<?>> params) throws Exception {
        List<LegacyScheme> s = schemes.stream().map(Catalog.SCHEMES::require).toList();
        Evaluation e = new StudyEvaluation(Scenarios.DEFAULT, Scenarios.load(Scenarios.DEFAULT, vfs), CompareConfig.defaults(vfs), s);
        return Sensitivity.of(schemes, e, ParamValues.defaults(), params).bisectionSteps(4);
    }

    @Test
    void aParameterNoRunReadsChangesNoFigureAndNoRanking() throws Exception {
        // The admin queue's knobs, with no aq run among the schemes.
        SensitivityResult r = study(2, List.of("mmio", "indirect"), List.of(AqScheme.MODE, AqScheme.PREFETCH, AqScheme.QUEUES)).run();
        for (ParameterEffect e : r.parameters()) {
            assertThat(e.rankingChanges()).as(e.name()).isFalse();
            for (Point p : e.points()) {
                assertThat(p.figures()).as(e.name() + "=" + p.value()).isEqualTo(r.base().figures());
            }
        }
    }

    @Test
    void theSameStudyTwiceGivesTheSameResult() throws Exception {
        List<Param<?>> params = List.of(HostTiming.VM_EXIT_NS, org.virtiosim.device.Backing.PARAM);
        SensitivityResult a = study(2, List.of("mmio", "indirect", "aq"), params).run();
        SensitivityResult b = study(2, List.of("mmio", "indirect", "aq"), params).run();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void aDearerVmExitMakesEveryTrappedAccessSlower() throws Exception {
        SensitivityResult r = study(1, List.of("mmio", "indirect", "aq"), List.of(HostTiming.VM_EXIT_NS)).run();
        ParameterEffect e = r.parameters().get(0);
        for (int i = 0; i < r.schemes().size(); i++) {
            double low = e.low().scheme(i).mean();
            double base = e.base().scheme(i).mean();
            double high = e.high().scheme(i).mean();
            assertThat(low).as(r.schemes().get(i)).isLessThan(base);
            assertThat(high).as(r.schemes().get(i)).isGreaterThan(base);
            assertThat(e.low().scheme(i).failed()).isZero();
        }
    }
}

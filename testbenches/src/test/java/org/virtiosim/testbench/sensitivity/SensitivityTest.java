package org.virtiosim.testbench.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.testbench.study.RunPool;

/** The study's logic on a planted model: a parameter that decides the ranking, one that decides nothing. */
class SensitivityTest {
    private enum Engine { SLOW, FAST, FASTEST }

    /** Decides the ranking: scheme a's mean is x, scheme b's is 1000 - x; they cross at 500. */
    private static final Param<Double> X = Param.real("x", "ns", 100, 0, 1000, "planted", "test")
            .studyRange(0.0, 900.0, "planted: crosses at 500");
    private static final Param<Long> N = Param.integer("n", "", 100, 0, 1000, "planted", "test")
            .studyRange(0L, 1000L, "planted: crosses at 500");
    /** Read by nobody. */
    private static final Param<Double> INERT = Param.real("inert", "ns", 10, 0, 100, "planted", "test")
            .studyRange(1.0, 100.0, "planted: no effect");
    private static final Param<Engine> ENGINE = Param.choice("engine", Engine.SLOW, "planted", "test").studyEveryValue("planted");

    private static final List<String> AB = List.of("a", "b");

    private static List<Figures> crossing(ParamValues v) {
        double x = v.get(X) + v.get(N) - N.defaultValue();
        return List.of(new Figures(x, (long) x), new Figures(1000 - x, (long) (1000 - x)));
    }

    @Test
    void aPlantedParameterThatDecidesTheRankingHasItsCrossoverFound() {
        SensitivityResult r = Sensitivity.of(AB, SensitivityTest::crossing, ParamValues.defaults(), List.of(X)).run();
        ParameterEffect e = r.parameters().get(0);
        assertThat(e.base().ranking()).containsExactly("a", "b");
        assertThat(e.low().ranking()).containsExactly("a", "b");
        assertThat(e.high().ranking()).containsExactly("b", "a");
        assertThat(e.rankingChanges()).isTrue();
        Crossover c = e.crossover();
        double tolerance = (900.0 - 100.0) / (1 << Sensitivity.DEFAULT_STEPS);
        // At exactly 500 the two tie and the tie keeps scheme order (a first), so the crossover is just above it.
        assertThat(Double.parseDouble(c.value())).isGreaterThan(500).isLessThanOrEqualTo(500 + tolerance);
        assertThat(Double.parseDouble(c.lastSame())).isLessThanOrEqualTo(500).isGreaterThanOrEqualTo(500 - tolerance);
        assertThat(c.swapped()).containsExactly("a", "b");
        assertThat(c.clean()).isTrue();
        assertThat(e.low().scheme(0).mean()).isEqualTo(0);
        assertThat(e.high().scheme(1).mean()).isEqualTo(100);
    }

    @Test
    void aWholeNumberIsBisectedToNeighbours() {
        SensitivityResult r = Sensitivity.of(AB, SensitivityTest::crossing, ParamValues.defaults(), List.of(N)).bisectionSteps(30).run();
        Crossover c = r.parameters().get(0).crossover();
        assertThat(c.value()).isEqualTo("501");
        assertThat(c.lastSame()).isEqualTo("500");
        assertThat(c.swapped()).containsExactly("a", "b");
    }

    @Test
    void moreStepsNarrowTheBracketAndNoStepsLeaveTheEnd() {
        Crossover none = Sensitivity.of(AB, SensitivityTest::crossing, ParamValues.defaults(), List.of(X)).bisectionSteps(0).run()
                .parameters().get(0).crossover();
        assertThat(none.value()).isEqualTo("900");
        assertThat(none.lastSame()).isEqualTo("100");
        Crossover fine = Sensitivity.of(AB, SensitivityTest::crossing, ParamValues.defaults(), List.of(X)).bisectionSteps(30).run()
                .parameters().get(0).crossover();
        assertThat(Double.parseDouble(fine.value()) - Double.parseDouble(fine.lastSame())).isLessThan(1e-6);
    }

    @Test
    void theCrossoverIsSoughtFromTheGivenBase() {
        // From x = 800 the base ranking is b, a: the low end changes it, and the crossover is the same 500.
        ParamValues base = ParamValues.defaults().with(X, 800.0);
        ParameterEffect e = Sensitivity.of(AB, SensitivityTest::crossing, base, List.of(X)).run().parameters().get(0);
        assertThat(e.base().value()).isEqualTo("800");
        assertThat(e.base().ranking()).containsExactly("b", "a");
        assertThat(Double.parseDouble(e.crossover().value())).isLessThanOrEqualTo(500).isGreaterThan(499);
        assertThat(e.crossover().swapped()).containsExactly("b", "a");
    }

    @Test
    void aParameterThatChangesNothingGivesNoRankingChangeAndTheBaseFigures() {
        ParameterEffect e = Sensitivity.of(AB, SensitivityTest::crossing, ParamValues.defaults(), List.of(INERT)).run().parameters().get(0);
        assertThat(e.rankingChanges()).isFalse();
        assertThat(e.crossover()).isNull();
        assertThat(e.low().figures()).isEqualTo(e.base().figures());
        assertThat(e.high().figures()).isEqualTo(e.base().figures());
        assertThat(e.meanSpan(0)).isZero();
    }

    @Test
    void theFirstPairToSwapIsNamedAmongThree() {
        // a = x passes b = 600 first, c = 950 later: from the base at 100 the first swap is a with b.
        Evaluation three = v -> List.of(new Figures(v.get(X), 0), new Figures(600, 0), new Figures(950, 0));
        ParameterEffect e = Sensitivity.of(List.of("a", "b", "c"), three, ParamValues.defaults(), List.of(X)).run().parameters().get(0);
        assertThat(e.high().ranking()).containsExactly("b", "a", "c");
        assertThat(Double.parseDouble(e.crossover().value())).isGreaterThan(600).isLessThan(601);
        assertThat(e.crossover().swapped()).containsExactly("a", "b");
    }

    @Test
    void ofTwoChangingEndsTheNearerCrossoverIsReported() {
        // a's mean rises three times as fast below 300 as above it; b's is 450: b leads below 150 and above 750.
        Evaluation valley = v -> {
            double x = v.get(X);
            return List.of(new Figures(x < 300 ? (300 - x) * 3 : x - 300, 0), new Figures(450, 0));
        };
        ParameterEffect fromMid = Sensitivity.of(AB, valley, ParamValues.defaults().with(X, 300.0), List.of(X)).run().parameters().get(0);
        assertThat(fromMid.base().ranking()).containsExactly("a", "b");
        assertThat(fromMid.low().ranking()).containsExactly("b", "a");
        assertThat(fromMid.high().ranking()).containsExactly("b", "a");
        assertThat(Double.parseDouble(fromMid.crossover().value())).isCloseTo(150, org.assertj.core.data.Offset.offset(0.5));
        ParameterEffect fromLow = Sensitivity.of(AB, valley, ParamValues.defaults().with(X, 10.0), List.of(X)).run().parameters().get(0);
        assertThat(fromLow.base().ranking()).containsExactly("b", "a");
        assertThat(fromLow.rankingChanges()).as("both ends rank as the base: a change inside the range is not seen").isFalse();
    }

    @Test
    void aChoiceTriesEveryValueAndNamesTheNearestThatChangesTheRanking() {
        Evaluation engines = v -> switch (v.get(ENGINE)) {
            case SLOW -> List.of(new Figures(100, 0), new Figures(200, 0));
            case FAST -> List.of(new Figures(100, 0), new Figures(150, 0));
            case FASTEST -> List.of(new Figures(100, 0), new Figures(50, 0, 3)); // b fast but failing
        };
        ParameterEffect e = Sensitivity.of(AB, engines, ParamValues.defaults(), List.of(ENGINE)).run().parameters().get(0);
        assertThat(e.span()).isFalse();
        assertThat(e.points()).extracting(Point::value).containsExactly("slow", "fast", "fastest");
        assertThat(e.low().value()).isEqualTo("slow");
        assertThat(e.high().value()).isEqualTo("fastest");
        assertThat(e.crossover().value()).isEqualTo("fastest");
        assertThat(e.crossover().lastSame()).isNull();
        assertThat(e.crossover().clean()).as("a crossover among failing runs says so").isFalse();
        assertThat(e.crossover().swapped()).containsExactly("a", "b");
        assertThat(e.meanSpan(1)).isEqualTo(150);
    }

    @Test
    void eachSetOfValuesIsEvaluatedOnce() {
        List<ParamValues> asked = new ArrayList<>();
        Evaluation counting = v -> {
            asked.add(v);
            return crossing(v);
        };
        SensitivityResult r = Sensitivity.of(AB, counting, ParamValues.defaults(), List.of(INERT, ENGINE)).run();
        // base, inert low, inert high, engine fast, engine fastest (engine slow is the base)
        assertThat(asked).hasSize(5).doesNotHaveDuplicates();
        assertThat(r.runs()).isEqualTo(5);
        assertThat(r.parameters().get(1).runs()).isEqualTo(2);
    }

    @Test
    void onSeveralThreadsTheResultIsTheSameAndEachParameterIsChargedAsOneAfterAnother() {
        // Every parameter's span meets the base value (ENGINE's set holds it): charged to the base, not to whichever thread asked first.
        List<Param<?>> varied = List.of(X, N, INERT, ENGINE);
        SensitivityResult one = Sensitivity.of(AB, SensitivityTest::crossing, ParamValues.defaults(), varied).run();
        try (RunPool pool = RunPool.of(2)) {
            SensitivityResult two = Sensitivity.of(AB, SensitivityTest::crossing, ParamValues.defaults(), varied).pool(pool).run();
            assertThat(two).isEqualTo(one);
            assertThat(two.parameters()).extracting(ParameterEffect::runs).isEqualTo(one.parameters().stream().map(ParameterEffect::runs)
                    .toList());
        }
    }

    @Test
    void aParameterWithoutAStudyRangeOrAWrongEvaluationIsRefused() {
        Param<Double> bare = Param.real("bare", "ns", 1, 0, 2, "m", "s");
        assertThatThrownBy(() -> Sensitivity.of(AB, SensitivityTest::crossing, ParamValues.defaults(), List.of(bare)))
                .hasMessageContaining("bare declares no study range");
        assertThatThrownBy(() -> Sensitivity.of(List.of(), SensitivityTest::crossing, ParamValues.defaults(), List.of(X)))
                .hasMessageContaining("at least one scheme");
        assertThatThrownBy(() -> Sensitivity.of(List.of("a", "b", "c"), SensitivityTest::crossing, ParamValues.defaults(), List.of(X)).run())
                .hasMessageContaining("2 figures for 3 schemes");
    }

    @Test
    void withATieToleranceAPairMustBeApartByMoreThanItToSwap() {
        // a = x, b = 1000 - x: apart by more than 10% of the larger only once x > 1000/1.9 = 526.3.
        SensitivityResult r = Sensitivity.of(AB, SensitivityTest::crossing, ParamValues.defaults(), List.of(N)).bisectionSteps(30)
                .tolerance(0.1).run();
        Crossover c = r.parameters().get(0).crossover();
        assertThat(c.value()).isEqualTo("527");
        assertThat(c.lastSame()).isEqualTo("526");
        // Two schemes within the tolerance at the base cannot swap, whatever the point shows.
        List<String> twins = List.of("a", "b");
        Evaluation nearlyEqual = v -> List.of(new Figures(1000 + (v.get(X) - 50) / 100, 1), new Figures(1000, 1));
        assertThat(Sensitivity.of(twins, nearlyEqual, ParamValues.defaults(), List.of(X)).tolerance(0.01).run().parameters().get(0)
                .rankingChanges()).isFalse();
        assertThat(Sensitivity.of(twins, nearlyEqual, ParamValues.defaults(), List.of(X)).run().parameters().get(0).rankingChanges())
                .as("exactly compared, the same twins swap").isTrue();
        assertThatThrownBy(() -> Sensitivity.of(AB, SensitivityTest::crossing, ParamValues.defaults(), List.of(N)).tolerance(1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package org.virtiosim.testbench.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RankingTest {
    @Test
    void schemesAreRankedByMeanAndATieKeepsSchemeOrder() {
        List<Figures> f = List.of(new Figures(300, 0), new Figures(100, 0), new Figures(300, 0), new Figures(Double.NaN, 0));
        assertThat(Ranking.of(List.of("a", "b", "c", "d"), f)).containsExactly("b", "a", "c", "d");
        assertThat(Ranking.of(List.of("c", "b", "a", "d"), f)).as("tie broken by the order given").containsExactly("b", "c", "a", "d");
    }

    @Test
    void theSwappedPairIsTheFirstWhoseOrderDiffers() {
        assertThat(Ranking.swapped(List.of("a", "b", "c"), List.of("a", "b", "c"))).isEmpty();
        assertThat(Ranking.swapped(List.of("a", "b", "c"), List.of("a", "c", "b"))).containsExactly("b", "c");
        assertThat(Ranking.swapped(List.of("a", "b", "c"), List.of("c", "a", "b"))).containsExactly("a", "c");
    }
}

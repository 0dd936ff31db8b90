package org.virtiosim.testbench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.param.Param;

class ParameterDocsTest {
    @Test
    void docsParametersHoldsTheTableTheDeclarationsGive() throws Exception {
        String doc = Files.readString(Path.of("../docs/parameters.md"));
        int begin = doc.indexOf(ParameterDocs.BEGIN);
        int end = doc.indexOf(ParameterDocs.END);
        assertThat(begin).as("marker in docs/parameters.md").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String inDoc = doc.substring(begin + ParameterDocs.BEGIN.length() + 1, end);
        assertThat(inDoc).as("docs/parameters.md is out of date: paste the output of virtio-sim list --markdown")
                .isEqualTo(ParameterDocs.table());
    }

    @Test
    void everyParameterHasAMeaningASourceAndTakesItsOwnDefaultBack() {
        for (Param<?> p : Parameters.ALL.all()) {
            assertThat(p.meaning()).as(p.name()).isNotBlank();
            assertThat(p.source()).as(p.name()).isNotBlank();
            assertThat(roundTrip(p)).as(p.name()).isEqualTo(p.defaultValue());
        }
    }

    @Test
    void everyParameterHasAStudyRangeWithAReasonThatHoldsItsDefault() {
        for (Param<?> p : Parameters.ALL.all()) {
            assertThat(p.study()).as(p.name() + " declares no study range: add .studyRange/.studyValues/.studyEveryValue (see Param)")
                    .isPresent();
            assertThat(p.study().orElseThrow().reason()).as(p.name()).isNotBlank();
            assertThat(holdsDefault(p)).as(p.name() + ": the default lies in its study range").isTrue();
        }
    }

    private static <T> boolean holdsDefault(Param<T> p) {
        var r = p.study().orElseThrow();
        if (!r.span()) {
            return r.values().contains(p.defaultValue());
        }
        double d = p.toNumber(p.defaultValue());
        return p.toNumber(r.low()) <= d && d <= p.toNumber(r.high());
    }

    private static <T> T roundTrip(Param<T> p) {
        return p.parse(p.format(p.defaultValue()));
    }
}

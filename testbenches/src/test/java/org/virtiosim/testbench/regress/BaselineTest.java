package org.virtiosim.testbench.regress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.study.CompareReport;
import org.virtiosim.testbench.compare.Scenarios;
import org.virtiosim.testbench.study.Study;
import org.virtiosim.testbench.study.StudyResult;

/** Baseline: a saved compare JSON held metric by metric, with tolerances, counts that may not grow, and missing runs. */
class BaselineTest {
    private static final ObjectMapper M = new ObjectMapper();

    /** A compare-shaped document with one scheme and one notify path, every metric at {@code v}. */
    private static ObjectNode doc(double v) {
        ObjectNode root = M.createObjectNode();
        run(root.putArray("schemes").addObject(), "scheme", "mmio", v);
        run(root.putArray("notify").addObject(), "path", "vf-bar", v);
        return root;
    }

    private static void run(ObjectNode o, String key, String name, double v) {
        o.put(key, name);
        ObjectNode a = o.putObject("access_cycles");
        a.put("mean", v).put("p50", v).put("p99", v).put("max", v);
        o.put("total_cycles", v);
        o.putObject("tlps").put("down", v).put("up", v);
        o.putObject("link_bytes").put("down", v).put("up", v);
        o.put("host_busy_ns", v);
        o.put("device_state_bytes_per_vf", v);
        o.put("completion_timeouts", 0);
        o.put("mismatches", 0);
    }

    private static ObjectNode scheme(ObjectNode doc) {
        return (ObjectNode) doc.get("schemes").get(0);
    }

    private static List<Baseline.Regression> cmp(JsonNode base, JsonNode now) {
        return Baseline.compare(base, now, Map.of(), Baseline.DEFAULT_TOLERANCE_PCT);
    }

    @Test
    void identicalResultsAndImprovementsNeverFail() {
        assertThat(cmp(doc(100), doc(100))).isEmpty();
        assertThat(cmp(doc(100), doc(50))).isEmpty();
        assertThat(cmp(doc(100), doc(0))).isEmpty();
    }

    @Test
    void everyMetricMayGrowByTheDefaultToleranceAndNoMore() {
        assertThat(cmp(doc(100), doc(105))).as("exactly 5% is within").isEmpty();
        List<Baseline.Regression> r = cmp(doc(100), doc(105.5));
        assertThat(r).extracting(Baseline.Regression::metric).containsExactlyElementsOf(
                java.util.stream.Stream.concat(Baseline.METRICS.stream(), Baseline.METRICS.stream()).toList());
        assertThat(r).extracting(Baseline.Regression::run).containsOnly("schemes/mmio", "notify/vf-bar");
        assertThat(r).allSatisfy(x -> {
            assertThat(x.baseline()).isEqualTo(100);
            assertThat(x.current()).isEqualTo(105.5);
            assertThat(x.tolerancePct()).isEqualTo(5);
        });
    }

    @Test
    void eachNestedMetricIsReadAtItsOwnPath() {
        for (String m : Baseline.METRICS) {
            ObjectNode now = doc(100);
            String[] p = m.split("\\.");
            ObjectNode parent = p.length == 1 ? scheme(now) : (ObjectNode) scheme(now).get(p[0]);
            parent.put(p[p.length - 1], 200);
            assertThat(cmp(doc(100), now)).as(m).singleElement()
                    .satisfies(x -> assertThat(x.metric()).isEqualTo(m))
                    .satisfies(x -> assertThat(x.run()).isEqualTo("schemes/mmio"))
                    .satisfies(x -> assertThat(x.current()).isEqualTo(200));
        }
    }

    @Test
    void aToleranceNamedForAMetricAppliesToThatMetricOnly() {
        ObjectNode now = doc(100);
        scheme(now).put("total_cycles", 119);
        scheme(now).put("host_busy_ns", 119);
        List<Baseline.Regression> r = Baseline.compare(doc(100), now, Map.of("total_cycles", 20.0), 5);
        assertThat(r).singleElement().satisfies(x -> {
            assertThat(x.metric()).isEqualTo("host_busy_ns");
            assertThat(x.tolerancePct()).isEqualTo(5);
        });
        scheme(now).put("total_cycles", 121);
        assertThat(Baseline.compare(doc(100), now, Map.of("total_cycles", 20.0), 5)).extracting(Baseline.Regression::metric)
                .containsExactly("total_cycles", "host_busy_ns");
        assertThat(Baseline.compare(doc(100), now, Map.of(), 25)).as("a wider default covers both").isEmpty();
    }

    @Test
    void aNewTimeoutOrMismatchIsARegressionWhateverTheTolerance() {
        ObjectNode now = doc(100);
        scheme(now).put("completion_timeouts", 1);
        ((ObjectNode) now.get("notify").get(0)).put("mismatches", 2);
        List<Baseline.Regression> r = Baseline.compare(doc(100), now, Map.of("completion_timeouts", 1000.0, "mismatches", 1000.0), 1000);
        assertThat(r).hasSize(2);
        assertThat(r.get(0)).isEqualTo(new Baseline.Regression("schemes/mmio", "completion_timeouts", 0, 1, 0));
        assertThat(r.get(1)).isEqualTo(new Baseline.Regression("notify/vf-bar", "mismatches", 0, 2, 0));
        // As many as the baseline had is not a regression; fewer is an improvement.
        ObjectNode base = doc(100);
        scheme(base).put("completion_timeouts", 3);
        scheme(now).put("completion_timeouts", 3);
        ((ObjectNode) base.get("notify").get(0)).put("mismatches", 5);
        assertThat(cmp(base, now)).isEmpty();
    }

    @Test
    void aRunMissingFromTheCurrentResultsIsReported() {
        ObjectNode now = doc(100);
        now.putArray("schemes");
        List<Baseline.Regression> r = cmp(doc(100), now);
        assertThat(r).singleElement().satisfies(x -> {
            assertThat(x.run()).isEqualTo("schemes/mmio");
            assertThat(x.current()).isNaN();
            assertThat(x.line()).isEqualTo("schemes/mmio: missing from the current results");
        });
        ObjectNode noNotify = doc(100);
        noNotify.remove("notify");
        assertThat(cmp(doc(100), noNotify)).extracting(Baseline.Regression::line)
                .containsExactly("notify/vf-bar: missing from the current results");
    }

    @Test
    void runsAreMatchedByNameNotPosition() {
        ObjectNode base = doc(100);
        run(((com.fasterxml.jackson.databind.node.ArrayNode) base.get("schemes")).addObject(), "scheme", "aq", 1000);
        ObjectNode now = M.createObjectNode();
        var s = now.putArray("schemes");
        run(s.addObject(), "scheme", "aq", 1000);
        run(s.addObject(), "scheme", "mmio", 100);
        run(now.putArray("notify").addObject(), "path", "vf-bar", 100);
        assertThat(cmp(base, now)).isEmpty();
    }

    @Test
    void aRegressionLineNamesTheRunMetricChangeAndTolerance() {
        assertThat(new Baseline.Regression("schemes/mmio", "total_cycles", 100, 121, 20).line())
                .isEqualTo("schemes/mmio total_cycles: 100 -> 121 (+21.0%, tolerance 20.0%)");
        assertThat(new Baseline.Regression("schemes/aq", "access_cycles.mean", 10.5, 12.25, 5).line())
                .isEqualTo("schemes/aq access_cycles.mean: 10.5 -> 12.3 (+16.7%, tolerance 5.0%)");
        assertThat(new Baseline.Regression("notify/io-bar", "mismatches", 0, 2, 0).line())
                .isEqualTo("notify/io-bar mismatches: 0 -> 2 (+100.0%, tolerance 0.0%)");
    }

    @Test
    void aSavedCompareJsonReadsBackAndHoldsItsOwnRun(@TempDir Path dir) throws Exception {
        CompareConfig cfg = CompareConfig.defaults(2);
        StudyResult r = Study.of("probe", Scenarios.load(Scenarios.DEFAULT, 2), cfg).schemeIds(List.of("mmio", "aq"))
                .notifyRouteIds(List.of("vf-bar")).build().run();
        Path file = dir.resolve("baseline.json");
        Files.writeString(file, CompareReport.json("probe", cfg, r.schemes(), r.notifyRoutes()));
        JsonNode saved = Baseline.read(file);
        assertThat(saved.get("schemes")).hasSize(2);
        assertThat(saved.get("schemes").get(0).get("total_cycles").asLong()).isEqualTo(r.scheme("mmio").totalCycles()).isPositive();
        assertThat(Baseline.compare(saved, saved, Map.of(), 0)).isEmpty();
        // The same run again is the same result: a baseline holds a deterministic simulator at 0%.
        StudyResult again = Study.of("probe", Scenarios.load(Scenarios.DEFAULT, 2), cfg).schemeIds(List.of("mmio", "aq"))
                .notifyRouteIds(List.of("vf-bar")).build().run();
        JsonNode now = M.readTree(CompareReport.json("probe", cfg, again.schemes(), again.notifyRoutes()));
        assertThat(Baseline.compare(saved, now, Map.of(), 0)).isEmpty();
        // Halving the baseline's cycles makes the current run a regression in them.
        ObjectNode halved = (ObjectNode) saved.deepCopy();
        ObjectNode aq = (ObjectNode) halved.get("schemes").get(1);
        aq.put("total_cycles", aq.get("total_cycles").asLong() / 2);
        assertThat(Baseline.compare(halved, now, Map.of(), 5)).extracting(x -> x.run() + " " + x.metric())
                .containsExactly("schemes/aq total_cycles");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "[{index}] {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"{}", "[]", "null", "", "7", "{\"schemes\": []}", "{\"notify\": {}}",
        "{\"schemes\": [{\"total_cycles\": 1}]}", "{\"schema_version\": 3, \"grid\": {}, \"rows\": []}"})
    void aBaselineWithNoRunsIsRefusedSayingWhatWasExpected(String text, @TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("b.json"), text);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Baseline.read(file)).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("expected the JSON of compare or replay with at least one run").hasMessageNotContaining("\n");
    }

    @Test
    void aBaselineThatIsNotJsonIsOneLineWithItsLineAndNoJacksonInternals(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("b.json"), "{\n  \"schemes\": [\n    {\"scheme\": \"mmio\",, }\n");
        try {
            Baseline.read(file);
            throw new AssertionError("read a malformed baseline");
        } catch (java.io.IOException e) {
            assertThat(Baseline.reason(e)).startsWith("not valid JSON at line 3: ").doesNotContain("\n", "Source", "com.fasterxml", "REDACTED");
        }
    }
}

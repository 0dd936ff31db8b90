package org.virtiosim.testbench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.testbench.cli.Main;

/** {@code compare --scenario FILE.yaml}: runs the file, rejects a broken one with one line, command-line options win. */
class ScenarioFileCliTest {
    record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    private static String file(String name) {
        try {
            // The scenario files testbenches' reader tests use (this module's test resources include them).
            return java.nio.file.Path.of(ScenarioFileCliTest.class.getResource("/scenario/" + name).toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    @Test
    void compareRunsAScenarioFile() {
        Run r = run("compare", "--scenario", file("complete.yaml"));
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isEqualTo(Main.EXIT_OK);
        assertThat(r.out()).contains("scenario complete-study, 4 VFs, PCIe gen4 x16,", "seed 7");
    }

    @Test
    void theFilesSchemesNotifyPathsVfsAndSeedAreUsedWhenNotGiven() throws Exception {
        Run r = run("compare", "--scenario", file("complete.yaml"), "--json");
        assertThat(r.exit()).isEqualTo(Main.EXIT_OK);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("scenario").asText()).isEqualTo("complete-study");
        assertThat(j.get("vfs").asInt()).isEqualTo(4);
        assertThat(j.get("seed").asLong()).isEqualTo(7);
        assertThat(names(j.get("schemes"), "scheme")).containsExactly("mmio", "indirect", "aq"); // as the file lists them
        assertThat(names(j.get("notify"), "path")).containsExactly("vf-bar", "io-bar");
    }

    @Test
    void explicitOptionsOverrideTheFile() throws Exception {
        Run r = run("compare", "--scenario", file("complete.yaml"), "--vfs", "2", "--seed", "9", "--schemes", "aq",
                "--notify", "pf-bar", "--json");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isEqualTo(Main.EXIT_OK);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("vfs").asInt()).isEqualTo(2);
        assertThat(j.get("seed").asLong()).isEqualTo(9);
        assertThat(names(j.get("schemes"), "scheme")).containsExactly("aq");
        assertThat(names(j.get("notify"), "path")).containsExactly("pf-bar");
    }

    @Test
    void anExplicitVfsEqualToTheCliDefaultStillOverrides() {
        Run r = run("compare", "--scenario", file("complete.yaml"), "--vfs", "8", "--schemes", "mmio", "--notify", "vf-bar");
        assertThat(r.exit()).isEqualTo(Main.EXIT_OK);
        assertThat(r.out()).contains("scenario complete-study, 8 VFs, PCIe gen4 x16,");
    }

    @Test
    void setChangesOneParameterAndKeepsTheFilesOthers() {
        Run r = run("compare", "--scenario", file("complete.yaml"), "--set", "link=gen2x4", "--schemes", "mmio", "--notify", "vf-bar");
        assertThat(r.exit()).isEqualTo(Main.EXIT_OK);
        assertThat(r.out()).contains("scenario complete-study, 4 VFs, PCIe gen2 x4,", "seed 7");
    }

    @Test
    void aTraceWorkloadRunsUnderTheTracesName() throws Exception {
        Run r = run("compare", "--scenario", file("with-trace.yaml"), "--json");
        assertThat(r.exit()).isEqualTo(Main.EXIT_OK);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("scenario").asText()).isEqualTo("with-trace");
        assertThat(j.get("vfs").asInt()).isEqualTo(3);
    }

    @Test
    void aBrokenFileExitsTwoWithExactlyOneLine() {
        Run r = run("compare", "--scenario", file("broken/vfs-zero.yaml"));
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("virtio-sim compare: error: vfs-zero.yaml:7: key 'topology.vfs': 0 is out of range 1..65279"
                + System.lineSeparator());
    }

    @Test
    void aBrokenFileIsAnErrorEvenWhenAnOptionOverridesTheBrokenKey() {
        Run r = run("compare", "--scenario", file("broken/vfs-zero.yaml"), "--vfs", "4");
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err().lines()).containsExactly(
                "virtio-sim compare: error: vfs-zero.yaml:7: key 'topology.vfs': 0 is out of range 1..65279");
    }

    @Test
    void aBrokenTraceBehindAFileExitsTwoWithBothPlaces() {
        Run r = run("compare", "--scenario", file("broken/broken-trace.yaml"));
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err().lines()).containsExactly(
                "virtio-sim compare: error: broken-trace.yaml:4: key 'workload.trace': bad-size.csv:4: field 'size': 3 is not 1, 2 or 4");
    }

    @Test
    void aMissingFileExitsTwo() {
        Run r = run("compare", "--scenario", "no-such-study.yml");
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err().lines()).containsExactly("virtio-sim compare: error: no-such-study.yml: no such file");
    }

    @Test
    void aBadSetOnTopOfAFileExitsTwo() {
        Run r = run("compare", "--scenario", file("complete.yaml"), "--set", "aq_queues=0");
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err().lines()).hasSize(1).first().asString().startsWith("virtio-sim compare: error: --set aq_queues=0:");
    }
}

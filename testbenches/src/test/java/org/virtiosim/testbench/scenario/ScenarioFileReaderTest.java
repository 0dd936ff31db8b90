package org.virtiosim.testbench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.virtiosim.pcie.link.LinkGeneration;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.RunResult;
import org.virtiosim.testbench.compare.Testbench;
import org.virtiosim.testbench.trace.Trace;

class ScenarioFileReaderTest {
    static Path resource(String name) {
        try {
            return Path.of(ScenarioFileReaderTest.class.getResource("/scenario/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCompleteFileGivesEveryKeyItsValue() throws Exception {
        ScenarioFile f = ScenarioFileReader.read(resource("complete.yaml"));
        assertThat(f.name()).isEqualTo("complete-study");
        assertThat(f.seed()).isEqualTo(7);
        assertThat(f.vfs()).isEqualTo(4);
        assertThat(f.link()).isEqualTo("gen4x16");
        assertThat(f.parameters()).containsExactly(Map.entry("completion_timeout_us", "500"), Map.entry("aq_queues", "2"),
                Map.entry("aq_prefetch", "true"), Map.entry("mmio_read_during_reset", "stall"));
        assertThat(f.schemes()).containsExactly("mmio", "indirect", "aq");
        assertThat(f.notifyPaths()).containsExactly("vf-bar", "io-bar");
        assertThat(f.workload().scenario()).isEqualTo("linux-net-probe");
        assertThat(f.workload().trace()).isNull();

        CompareConfig c = f.config();
        assertThat(c.vfs()).isEqualTo(4);
        assertThat(c.seed()).isEqualTo(7);
        assertThat(c.link().generation()).isEqualTo(LinkGeneration.of(4));
        assertThat(c.link().lanes()).isEqualTo(16);
        assertThat(c.completionTimeoutPs()).isEqualTo(500_000_000L);
        assertThat(c.get(org.virtiosim.device.scheme.aq.AqScheme.QUEUES)).isEqualTo(2L);
        assertThat(c.get(org.virtiosim.device.scheme.aq.AqScheme.PREFETCH)).isTrue();
    }

    @Test
    void theCompleteFileRunsEverySchemeItNamesWithoutMismatches() throws Exception {
        ScenarioFile f = ScenarioFileReader.read(resource("complete.yaml"));
        Trace trace = f.loadTrace();
        for (String s : f.schemes()) {
            RunResult r = new Testbench(f.config(), org.virtiosim.device.catalog.Catalog.SCHEMES.require(s), null, false, trace, null).run(s);
            assertThat(r.accesses()).as(s).isPositive();
            assertThat(r.mismatches()).as(s).isZero();
            assertThat(r.failed()).as(s).isZero();
        }
        for (String p : f.notifyPaths()) {
            RunResult r = new Testbench(f.config(), org.virtiosim.device.catalog.Catalog.SCHEMES.require("mmio"), org.virtiosim.device.catalog.Catalog.NOTIFY_ROUTES.require(p), true, trace, null).run(p);
            assertThat(r.kickCycles().count()).as(p).isPositive();
        }
    }

    @Test
    void aRelativeTracePathIsTakenFromTheFilesDirectory() throws Exception {
        ScenarioFile f = ScenarioFileReader.read(resource("with-trace.yaml"));
        assertThat(f.workload().scenario()).isNull();
        assertThat(f.workload().trace()).isEqualTo(resource("traces/mac.csv"));
        assertThat(f.workload().displayName()).isEqualTo("mac.csv");
        assertThat(f.schemes()).containsExactly("mmio", "aq");
        assertThat(f.notifyPaths()).containsExactly("pf-bar");
        Trace trace = f.loadTrace();
        assertThat(trace.rows()).hasSize(5);
        for (String s : f.schemes()) {
            RunResult r = new Testbench(f.config(), org.virtiosim.device.catalog.Catalog.SCHEMES.require(s), null, false, trace, null).run(s);
            assertThat(r.mismatches()).as(s).isZero();
            assertThat(r.accesses()).as(s).isEqualTo(trace.rows().size() * 3L);
        }
    }

    @Test
    void aFileWithOnlyAWorkloadTakesTheDefaults() throws Exception {
        ScenarioFile f = ScenarioFileReader.read(resource("minimal.yaml"));
        assertThat(f.name()).isEqualTo("minimal");
        assertThat(f.seed()).isEqualTo(1);
        assertThat(f.vfs()).isEqualTo(8);
        assertThat(f.link()).isNull();
        assertThat(f.parameters()).isEmpty();
        assertThat(f.schemes()).isEqualTo(org.virtiosim.device.catalog.Catalog.SCHEMES.ids());
        assertThat(f.notifyPaths()).isEqualTo(org.virtiosim.device.catalog.Catalog.NOTIFY_ROUTES.ids());
        assertThat(f.config()).isEqualTo(CompareConfig.defaults(8));
    }

    @Test
    void theWorkloadIsSizedForTheVfsItRunsOn() throws Exception {
        Path dir = Files.createTempDirectory("scenario");
        try {
            Path y = dir.resolve("mixed.yml");
            Files.writeString(y, "topology: {vfs: 3}\nworkload: {scenario: mixed-at-scale}\n");
            ScenarioFile f = ScenarioFileReader.read(y);
            Set<Integer> three = f.loadTrace().rows().stream().map(r -> r.vf()).collect(Collectors.toSet());
            Set<Integer> six = f.workload().load(6).rows().stream().map(r -> r.vf()).collect(Collectors.toSet());
            assertThat(three).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(six).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
        } finally {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    @Test
    void onlyYamlExtensionsAreScenarioFiles() {
        assertThat(ScenarioFileReader.isScenarioFile("study.yaml")).isTrue();
        assertThat(ScenarioFileReader.isScenarioFile("dir/Study.YML")).isTrue();
        assertThat(ScenarioFileReader.isScenarioFile("linux-net-probe")).isFalse();
        assertThat(ScenarioFileReader.isScenarioFile("trace.csv")).isFalse();
        assertThat(ScenarioFileReader.isScenarioFile("yaml")).isFalse();
    }

    /** The example in docs/scenario-files.md is a valid file, uses every key, and is what the javadoc shows. */
    @Test
    void theDocumentedExampleIsValidAndUsesEveryKey(@TempDir Path dir) throws IOException, ScenarioFileException {
        String doc = Files.readString(Path.of("..", "docs", "scenario-files.md"));
        Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).as("a ```yaml block in docs/scenario-files.md").isTrue();
        String example = m.group(1);
        Files.createDirectories(dir.resolve("traces"));
        Path y = dir.resolve("my-study.yaml");
        Files.writeString(y, example);
        ScenarioFile f = ScenarioFileReader.read(y);
        assertThat(f.name()).isEqualTo("my-study");
        for (String key : List.of("name:", "seed:", "topology:", "vfs:", "link:", "parameters:", "schemes:", "notify:", "workload:",
                "scenario:", "trace:")) {
            assertThat(example).as(key).contains(key);
        }
        // the commented-out alternative works too, with a trace beside the file
        Files.copy(resource("traces/mac.csv"), dir.resolve("traces/probe.csv"));
        Files.writeString(y, example.replace("  scenario: linux-net-probe", "  # scenario").replace("  # trace:", "  trace:"));
        assertThat(ScenarioFileReader.read(y).workload().trace()).isEqualTo(dir.resolve("traces/probe.csv").toAbsolutePath());
    }

    /** One defect per file; the line is 1-based, 0 when the whole file is at fault; an empty key means none. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            unknown-top-key.yaml             | 2 | vfs                              | unknown key (known at the top: name, seed, topology, device_profile, parameters, schemes, notify, firmware, workload)
            unknown-nested-key.yaml          | 3 | topology.lanes                   | unknown key (known under topology: vfs, link)
            vfs-wrong-type.yaml              | 3 | topology.vfs                     | expected an integer 1..65279, found the string 'many'
            vfs-zero.yaml                    | 7 | topology.vfs                     | 0 is out of range 1..65279
            vfs-too-many.yaml                | 2 | topology.vfs                     | 70000 is out of range 1..65279: 16-bit Routing IDs leave the VFs 0x0101..0xFFFF after the PF at 01:00.0
            unknown-parameter.yaml           | 5 | parameters.completion_timeout_ms | unknown parameter (known: link, completion_timeout_us,
            bad-parameter-value.yaml         | 5 | parameters.aq_queues             | '0': '0' is out of range 1..256
            parameter-list-value.yaml        | 2 | parameters.aq_queues             | expected a single value (string, number or boolean), found a list
            unknown-scheme.yaml              | 3 | schemes                          | unknown scheme 'doorbell' (known: {schemes})
            schemes-not-a-list.yaml          | 1 | schemes                          | expected a list of {schemes}, found the string 'mmio'
            unknown-notify.yaml              | 1 | notify                           | unknown notification path 'msi-bar' (known: {routes})
            both-scenario-and-trace.yaml     | 3 | workload.trace                   | workload.scenario is given too (line 2): give exactly one of scenario and trace
            neither-scenario-nor-trace.yaml  | 3 | workload                         | give one of workload.scenario (a built-in) and workload.trace (a trace file)
            missing-workload.yaml            | 1 | workload                         | missing: give workload.scenario
            missing-trace-file.yaml          | 4 | workload.trace                   | no such file: ../traces/no-such.csv (relative to
            unknown-builtin.yaml             | 2 | workload.scenario                | unknown built-in scenario 'linux-blk-probe' (known: linux-net-probe, reset-storm,
            broken-trace.yaml                | 4 | workload.trace                   | bad-size.csv:4: field 'size': 3 is not 1, 2 or 4
            link-gen9.yaml                   | 3 | topology.link                    | 'gen9x8': expected gen1..gen6 with x1, x2, x4, x8 or x16, e.g. gen4x16
            link-twice.yaml                  | 4 | parameters.link                  | the link is given as topology.link too (line 2): give it once
            duplicate-key.yaml               | 4 | seed                             | given twice (first on line 1)
            tab.yaml                         | 3 | -                                | malformed YAML: found character '\\t(TAB)' that cannot start any token
            bad-indentation.yaml             | 3 | -                                | malformed YAML: mapping values are not allowed here
            not-a-mapping.yaml               | 1 | -                                | the document is a list, expected a mapping of keys (name, seed,
            two-documents.yaml               | 4 | -                                | a second YAML document ('---'): a scenario file holds one
            empty.yaml                       | 0 | -                                | the file is empty: expected a mapping with at least a 'workload' key
            """)
    void aBrokenFileIsRejectedWithItsLineAndKey(String file, int line, String key, String reason) {
        ScenarioFileException e = catchThrowableOfType(ScenarioFileException.class,
                () -> ScenarioFileReader.read(resource("broken/" + file)));
        assertThat(e).as(file).isNotNull();
        String prefix = file + (line > 0 ? ":" + line : "") + ": " + (key != null ? "key '" + key + "': " : "");
        // The lists of names come from the catalog: a scheme added there changes them here too.
        String expected = reason.replace("{schemes}", org.virtiosim.device.catalog.Catalog.SCHEMES.known()).replace("{routes}", org.virtiosim.device.catalog.Catalog.NOTIFY_ROUTES.known());
        assertThat(e.getMessage()).startsWith(prefix + expected);
        assertThat(e.getMessage()).doesNotContain("\n", "\r", "Exception", "\tat ");
        assertThat(e.fileName()).isEqualTo(file);
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getStackTrace()).isEmpty();
    }

    @Test
    void everyBrokenFileIsInTheTable() throws Exception {
        String table = Files.readString(Path.of("src/test/java/org/virtiosim/testbench/scenario/ScenarioFileReaderTest.java"));
        Set<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.list(resource("broken"))) {
            s.forEach(p -> files.add(p.getFileName().toString()));
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(18);
        for (String f : files) {
            assertThat(table).as(f).contains("            " + f + " ");
        }
    }

    @Test
    void aMissingFileIsOneLine() {
        assertThatThrownBy(() -> ScenarioFileReader.read(Path.of("no-such-dir", "study.yaml")))
                .isInstanceOf(ScenarioFileException.class).hasMessage("study.yaml: no such file");
    }

    @Test
    void controlCharactersInValuesAreEscapedToKeepOneLine() throws Exception {
        Path dir = Files.createTempDirectory("scenario");
        Path y = dir.resolve("nl.yaml");
        try {
            Files.writeString(y, "schemes: [\"mm\\nio\"]\nworkload: {scenario: reset-storm}\n");
            assertThatThrownBy(() -> ScenarioFileReader.read(y)).hasMessage(
                    "nl.yaml:1: key 'schemes': unknown scheme 'mm\\nio' (known: " + org.virtiosim.device.catalog.Catalog.SCHEMES.known() + ")");
            Files.writeString(y, "a: &x 1\nb: *x\n");
            assertThatThrownBy(() -> ScenarioFileReader.read(y)).hasMessageStartingWith("nl.yaml:2: key 'b': YAML aliases (*x)");
        } finally {
            Files.delete(y);
            Files.delete(dir);
        }
    }
}

package org.virtiosim.testbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/schema: every JSON output and sweep output, produced in-process at a small size and as saved
 * in the golden files, is valid against its JSON Schema (draft 2020-12), and a broken one is not.
 */
class OutputSchemaTest {
    private static final Path SCHEMAS = Path.of("../docs/schema");
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = SCHEMAS.toAbsolutePath().normalize().toUri().toString();
    /** The schemas read from docs/schema by their file IRIs, so that a relative $ref (compare.schema.json#/$defs/run) finds its file. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemas(OutputSchemaTest::read));
    /** A CSV cell that results.json writes as a number (SweepOutput): a plain decimal. */
    private static final String NUMBER = "-?(0|[1-9][0-9]*)(\\.[0-9]+)?";

    @TempDir
    Path dir;

    private static Schema schema(String name) {
        return REGISTRY.getSchema(SchemaLocation.of(BASE + name));
    }

    /** A docs/schema file's text by its IRI; null for any other IRI (the meta-schemas come with the validator). */
    private static String read(String iri) {
        if (!iri.startsWith(BASE)) {
            return null;
        }
        try {
            return Files.readString(SCHEMAS.resolve(iri.substring(BASE.length())), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> errors(String schema, JsonNode doc) {
        return schema(schema).validate(doc).stream().map(Error::toString).toList();
    }

    private static void assertValid(String schema, JsonNode doc, String what) {
        assertThat(errors(schema, doc)).as("%s against %s", what, schema).isEmpty();
    }

    private static JsonNode stdout(String... args) throws IOException {
        CliRun r = CliRun.of(args);
        assertThat(r.exit()).as("exit of %s; stderr: %s", String.join(" ", args), r.err()).isZero();
        return JSON.readTree(r.out());
    }

    /** Each row of a results.csv as the object results.json holds: cells by header, plain decimals as numbers. */
    static List<JsonNode> csvRows(String csv) {
        List<List<String>> lines = csvRecords(csv);
        List<String> header = lines.get(0);
        List<JsonNode> rows = new ArrayList<>();
        for (List<String> cells : lines.subList(1, lines.size())) {
            assertThat(cells).as("cells of a row against the header %s", header).hasSameSizeAs(header);
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < header.size(); i++) {
                String v = cells.get(i);
                if (v.matches(NUMBER)) {
                    o.put(header.get(i), new BigDecimal(v));
                } else {
                    o.put(header.get(i), v);
                }
            }
            rows.add(o);
        }
        return rows;
    }

    /** RFC 4180 records: a quoted cell may hold commas and doubled quotes. */
    private static List<List<String>> csvRecords(String csv) {
        List<List<String>> out = new ArrayList<>();
        for (String line : csv.split("\n")) {
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            cells.add(cell.toString());
            out.add(cells);
        }
        return out;
    }

    /** A sweep's (or merge's) directory: results.json valid, each results.csv row valid and equal to results.json's. */
    private static void assertValidSweep(Path out, String what) throws IOException {
        assertThat(Files.readString(out.resolve("results.csv"), StandardCharsets.UTF_8)).as("a list value is a quoted cell").contains("\"256,256,256\"");
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        assertValid("sweep-results.schema.json", results, what + " results.json");
        List<JsonNode> rows = csvRows(Files.readString(out.resolve("results.csv"), StandardCharsets.UTF_8));
        assertThat(rows).hasSize(results.get("rows").size()).isNotEmpty();
        for (int i = 0; i < rows.size(); i++) {
            assertValid("sweep-row.schema.json", rows.get(i), what + " results.csv row " + i);
            assertThat(rows.get(i).toString()).as("results.csv row %d read by header is results.json's", i)
                    .isEqualTo(results.get("rows").get(i).toString());
        }
    }

    @Test
    void everySchemaIsAValidDraft202012Schema() throws IOException {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            List<Path> schemas = files.filter(f -> f.toString().endsWith(".schema.json")).sorted().toList();
            assertThat(schemas).hasSizeGreaterThanOrEqualTo(10);
            for (Path f : schemas) {
                JsonNode s = JSON.readTree(f.toFile());
                assertThat(s.path("$schema").asText()).as(f.toString()).isEqualTo(SpecificationVersion.DRAFT_2020_12.getDialectId());
                assertThat(meta.validate(s)).as("%s against the 2020-12 meta-schema", f).isEmpty();
            }
        }
        // The meta-schema check can fail: a misspelt type is not a schema.
        assertThat(meta.validate(JSON.readTree("{\"type\": \"integr\"}"))).isNotEmpty();
    }

    @Test
    void compareAndReplayOutputsAreValid() throws IOException {
        assertValid("compare.schema.json", stdout("compare", "--vfs", "2", "--json"), "compare --json");
        // --repeat: means and ci95 beside every figure; a marked trace: phases; a fault: faults.
        Path marked = dir.resolve("marked.csv");
        Files.writeString(marked, "# marker: probe\n" + Files.readString(GOLDEN.resolve("replay-trace.csv"), StandardCharsets.UTF_8),
                StandardCharsets.UTF_8);
        JsonNode repeated = stdout("compare", "--scenario", marked.toString(), "--vfs", "2", "--repeat", "2", "--schemes", "mmio,aq",
                "--notify", "vf-bar", "--backing", "hardware,firmware", "--json");
        assertThat(repeated.path("schemes").get(0).has("phases")).as("a marked trace gives phases").isTrue();
        assertThat(repeated.path("schemes").get(0).has("ci95")).isTrue();
        assertValid("compare.schema.json", repeated, "compare --repeat 2 of a marked trace");
        Path baseline = dir.resolve("baseline.json");
        stdout("compare", "--vfs", "1", "--schemes", "indirect", "--notify", "aq", "--fault", "stall-firmware@1:5", "--json",
                "--save-baseline", baseline.toString());
        assertValid("compare.schema.json", JSON.readTree(baseline.toFile()), "compare --save-baseline");
        assertValid("replay.schema.json", stdout("replay", "--trace", GOLDEN.resolve("replay-trace.csv").toString(), "--scheme", "cfg-cap",
                "--vfs", "2", "--json"), "replay --json");
    }

    @Test
    void sweepAndMergeOutputsAreValid() throws IOException {
        String[] grid = {"--vary", "vfs=1,2", "--vary", "scheme=mmio,pf-window", "--vary", "queue_sizes=256,256,256", "--vary", "vm_exit_ns=1000,2000"};
        Path whole = dir.resolve("whole");
        assertThat(sweep(grid, "--out", whole.toString())).isZero();
        assertValidSweep(whole, "sweep");
        List<String> shards = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path shard = dir.resolve("shard-" + i);
            assertThat(sweep(grid, "--shard", i + "/2", "--out", shard.toString())).isZero();
            assertValidSweep(shard, "sweep --shard " + i + "/2");
            shards.add(shard.toString());
        }
        List<String> merge = new ArrayList<>(List.of("merge"));
        merge.addAll(shards);
        merge.addAll(List.of("--out", dir.resolve("merged").toString()));
        assertThat(CliRun.of(merge.toArray(String[]::new)).exit()).isZero();
        assertValidSweep(dir.resolve("merged"), "merge");
    }

    private static int sweep(String[] grid, String... more) {
        List<String> a = new ArrayList<>(List.of("sweep", "--threads", "1"));
        a.addAll(List.of(grid));
        a.addAll(List.of(more));
        CliRun r = CliRun.of(a.toArray(String[]::new));
        assertThat(r.exit()).as("exit of %s; stderr: %s", String.join(" ", a), r.err()).isZero();
        return r.exit();
    }

    @Test
    void studyListAndBenchOutputsAreValid() throws IOException {
        assertValid("sensitivity.schema.json", stdout("sensitivity", "--vfs", "2", "--schemes", "mmio,aq", "--parameters",
                "vm_exit_ns,aq_mode", "--steps", "2", "--json"), "sensitivity --json");
        assertValid("claims.schema.json", stdout("claims", "--vfs", "2", "--no-sensitivity", "--json"), "claims --json");
        assertValid("list.schema.json", stdout("list", "--json"), "list --json");
        assertValid("bench-pcie-lat.schema.json", stdout("bench", "pcie-lat", "--json"), "bench pcie-lat --json");
        assertValid("bench-dma-lat.schema.json", stdout("bench", "dma-lat", "--json"), "bench dma-lat --json");
        assertValid("bench-pcie-bw.schema.json", stdout("bench", "pcie-bw", "--sizes", "64,4096", "--model", "--json"), "bench pcie-bw --json");
    }

    @Test
    void goldenOutputsAreValid() throws IOException {
        try (Stream<Path> files = Files.list(GOLDEN)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith("compare") && name.endsWith(".json")) {
                    assertValid("compare.schema.json", JSON.readTree(f.toFile()), name);
                } else if (name.startsWith("replay") && name.endsWith(".json")) {
                    assertValid("replay.schema.json", JSON.readTree(f.toFile()), name);
                }
            }
        }
        assertValid("sweep-results.schema.json", JSON.readTree(GOLDEN.resolve("sweep-results.json").toFile()), "sweep-results.json");
        List<JsonNode> rows = csvRows(Files.readString(GOLDEN.resolve("sweep-results.csv"), StandardCharsets.UTF_8));
        assertThat(rows).isNotEmpty();
        rows.forEach(r -> assertValid("sweep-row.schema.json", r, "sweep-results.csv row " + r.get("point")));
    }

    /** What a broken document is: each change alone makes a valid one fail, so the schemas check something. */
    @Test
    void brokenDocumentsFail() throws IOException {
        JsonNode compare = JSON.readTree(GOLDEN.resolve("compare.json").toFile());
        assertValid("compare.schema.json", compare, "golden compare.json");
        List<Consumer<ObjectNode>> breaks = List.of(
                o -> o.remove("vfs"),
                o -> o.put("schema_version", 3),
                o -> o.put("vfs", 65280),
                o -> o.put("surprise", 1),
                o -> row(o, "schemes").put("unexpected_figure", 1),
                o -> row(o, "schemes").remove("device_cost"),
                o -> row(o, "notify").putObject("device_cost"),
                o -> ((ObjectNode) row(o, "schemes").get("tlps")).put("down", -1),
                o -> ((ObjectNode) row(o, "schemes").get("access_cycles")).put("p99", "fast"),
                o -> row(o, "schemes").putObject("violations").put("non-posted request completed once", 1),
                o -> row(o, "schemes").put("scheme", "MMIO"));
        for (int i = 0; i < breaks.size(); i++) {
            ObjectNode broken = compare.deepCopy();
            breaks.get(i).accept(broken);
            assertThat(errors("compare.schema.json", broken)).as("break %d of compare.json", i).isNotEmpty();
        }
        JsonNode row = csvRows(Files.readString(GOLDEN.resolve("sweep-results.csv"), StandardCharsets.UTF_8)).get(0);
        assertValid("sweep-row.schema.json", row, "golden csv row 0");
        ObjectNode badCount = row.deepCopy();
        badCount.put("tlps_up", "12x");
        assertThat(errors("sweep-row.schema.json", badCount)).as("a count that is not a number").isNotEmpty();
        ObjectNode noFigure = row.deepCopy();
        noFigure.remove("mismatches");
        assertThat(errors("sweep-row.schema.json", noFigure)).as("a missing figure").isNotEmpty();
        ObjectNode results = (ObjectNode) JSON.readTree(GOLDEN.resolve("sweep-results.json").toFile());
        ((ObjectNode) results.get("rows").get(0)).put("point", -1);
        assertThat(errors("sweep-results.schema.json", results)).as("a row with a negative point").isNotEmpty();
    }

    private static ObjectNode row(ObjectNode o, String section) {
        ArrayNode a = (ArrayNode) o.get(section);
        return (ObjectNode) a.get(0);
    }
}

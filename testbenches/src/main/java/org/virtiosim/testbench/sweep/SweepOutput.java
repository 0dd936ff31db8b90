package org.virtiosim.testbench.sweep;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sweep's output directory: {@code results.csv} and {@code results.json}, rows in point order,
 * written whole after every finished point (to a temporary file, then moved into place), so an
 * interrupted sweep leaves valid files with what it finished and {@code --resume} can go on.
 * The text depends only on the rows, never on which shard or run produced them: merged shards
 * equal the unsharded result byte for byte.
 */
public final class SweepOutput {
    public static final String CSV = "results.csv";
    public static final String JSON = "results.json";

    /** Reads decimals exactly as written ("2156.0" stays "2156.0"): merged and resumed files must not change a byte. */
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    private SweepOutput() {
    }

    /** What a results.json holds. */
    public record Results(Map<String, List<String>> grid, String scenario, long seed, TreeMap<Integer, SweepRow> rows) {
    }

    public static void write(Path dir, Map<String, List<String>> grid, String scenario, long seed, TreeMap<Integer, SweepRow> rows)
            throws IOException {
        Files.createDirectories(dir);
        replace(dir.resolve(JSON), json(grid, scenario, seed, rows));
        replace(dir.resolve(CSV), csv(rows));
    }

    private static void replace(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String json(Map<String, List<String>> grid, String scenario, long seed, TreeMap<Integer, SweepRow> rows) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema_version", SweepRow.SCHEMA_VERSION);
        root.put("scenario", scenario);
        root.put("seed", seed);
        ObjectNode g = root.putObject("grid");
        for (Map.Entry<String, List<String>> d : grid.entrySet()) {
            ArrayNode a = g.putArray(d.getKey());
            d.getValue().forEach(a::add);
        }
        ArrayNode out = root.putArray("rows");
        for (SweepRow r : rows.values()) {
            ObjectNode o = out.addObject();
            for (Map.Entry<String, String> e : r.cells().entrySet()) {
                String v = e.getValue();
                if (isNumber(v)) {
                    o.put(e.getKey(), new BigDecimal(v));
                } else {
                    o.put(e.getKey(), v);
                }
            }
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isNumber(String v) {
        return v.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?");
    }

    static String csv(TreeMap<Integer, SweepRow> rows) {
        StringBuilder b = new StringBuilder();
        boolean header = true;
        for (SweepRow r : rows.values()) {
            LinkedHashMap<String, String> row = r.cells();
            if (header) {
                b.append(String.join(",", row.keySet())).append('\n');
                header = false;
            }
            List<String> cells = new ArrayList<>();
            for (String v : row.values()) {
                cells.add(v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
            }
            b.append(String.join(",", cells)).append('\n');
        }
        return b.toString();
    }

    /** Reads a results.json back (for --resume and merge). */
    public static Results read(Path dir) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(dir.resolve(JSON).toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(dir.resolve(JSON) + ": not JSON (line " + e.getLocation().getLineNr() + ")");
        }
        if (root == null || root.path("schema_version").asInt() != SweepRow.SCHEMA_VERSION) {
            throw new IOException(dir.resolve(JSON) + ": not a virtio-sim sweep result (schema_version " + SweepRow.SCHEMA_VERSION + ")");
        }
        LinkedHashMap<String, List<String>> grid = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.path("grid").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> d = it.next();
            List<String> values = new ArrayList<>();
            d.getValue().forEach(v -> values.add(v.asText()));
            grid.put(d.getKey(), values);
        }
        TreeMap<Integer, SweepRow> rows = new TreeMap<>();
        for (JsonNode row : root.path("rows")) {
            LinkedHashMap<String, String> v = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> f = row.fields();
            while (f.hasNext()) {
                Map.Entry<String, JsonNode> e = f.next();
                v.put(e.getKey(), e.getValue().isBigDecimal() ? e.getValue().decimalValue().toPlainString() : e.getValue().asText());
            }
            try {
                SweepRow r = SweepRow.fromCells(v);
                rows.put(r.point(), r);
            } catch (IllegalArgumentException e) {
                throw new IOException(dir.resolve(JSON) + ": row " + org.virtiosim.core.param.NumberText.echo(v.get("point"))
                        + " is not a sweep row: " + e.getMessage());
            }
        }
        return new Results(grid, root.path("scenario").asText(), root.path("seed").asLong(), rows);
    }
}

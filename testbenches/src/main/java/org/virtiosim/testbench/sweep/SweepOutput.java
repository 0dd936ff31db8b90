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

    public static String json(Map<String, List<String>> grid, String scenario, long seed, TreeMap<Integer, SweepRow> rows) {
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

    public static String csv(TreeMap<Integer, SweepRow> rows) {
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

    /**
     * Reads a results.json back (for --resume and merge), checking every row against the grid: a
     * point number in range and not repeated, the point's parameters, the seed and scenario of the
     * file, and every figure a number (whole and not negative, but the mean). A damaged file is an
     * IOException of one line naming the file, the line and the field.
     */
    public static Results read(Path dir) throws IOException {
        Path file = dir.resolve(JSON);
        JsonNode root = null;
        List<JsonNode> rowNodes = new ArrayList<>();
        List<Integer> rowLines = new ArrayList<>();
        try (com.fasterxml.jackson.core.JsonParser p = MAPPER.getFactory().createParser(file.toFile())) {
            if (p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                ObjectNode top = MAPPER.createObjectNode();
                while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (name.equals("rows") && p.currentToken() == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                        while (p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
                            rowLines.add(p.currentLocation().getLineNr());
                            rowNodes.add(MAPPER.readTree(p));
                        }
                        top.putArray("rows");
                    } else {
                        top.set(name, MAPPER.readTree(p));
                    }
                }
                root = top;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            String why = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage().lines().findFirst().orElse("malformed");
            throw new IOException(file + (at == null ? "" : ":" + at.getLineNr()) + ": not valid JSON: "
                    + (why.length() > 120 ? why.substring(0, 120) + "..." : why));
        }
        if (root == null || root.path("schema_version").asInt() != SweepRow.SCHEMA_VERSION) {
            throw new IOException(file + ": not a virtio-sim sweep result (schema_version " + SweepRow.SCHEMA_VERSION + ")");
        }
        LinkedHashMap<String, List<String>> grid = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.path("grid").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> d = it.next();
            List<String> values = new ArrayList<>();
            d.getValue().forEach(v -> values.add(v.asText()));
            grid.put(d.getKey(), values);
        }
        Grid g;
        try {
            g = new Grid(grid);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": field 'grid': " + e.getMessage());
        }
        if (grid.isEmpty()) {
            throw new IOException(file + ": field 'grid': no dimensions");
        }
        if (!root.path("seed").canConvertToLong() || !root.path("scenario").isTextual()) {
            throw new IOException(file + ": fields 'seed' and 'scenario': expected a whole number and a name");
        }
        long seed = root.path("seed").asLong();
        String scenario = root.path("scenario").asText();
        TreeMap<Integer, SweepRow> rows = new TreeMap<>();
        Map<Integer, Integer> lineOf = new java.util.HashMap<>();
        for (int k = 0; k < rowNodes.size(); k++) {
            JsonNode row = rowNodes.get(k);
            String at = file + ":" + rowLines.get(k);
            if (!row.isObject()) {
                throw new IOException(at + ": a row is not an object");
            }
            LinkedHashMap<String, String> v = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> f = row.fields();
            while (f.hasNext()) {
                Map.Entry<String, JsonNode> e = f.next();
                v.put(e.getKey(), e.getValue().isBigDecimal() ? e.getValue().decimalValue().toPlainString() : e.getValue().asText());
            }
            SweepRow r;
            try {
                r = SweepRow.fromCells(v, g, seed, scenario);
            } catch (IllegalArgumentException e) {
                throw new IOException(at + ": " + e.getMessage());
            }
            Integer before = lineOf.putIfAbsent(r.point(), rowLines.get(k));
            if (before != null) {
                throw new IOException(at + ": field 'point': point " + r.point() + " is also the row at line " + before);
            }
            rows.put(r.point(), r);
        }
        return new Results(grid, scenario, seed, rows);
    }
}

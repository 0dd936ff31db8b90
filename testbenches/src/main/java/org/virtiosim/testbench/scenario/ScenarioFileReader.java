package org.virtiosim.testbench.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.Parameters;
import org.virtiosim.testbench.compare.Scenarios;
import org.virtiosim.testbench.trace.Trace;
import org.virtiosim.testbench.trace.TraceException;
import org.virtiosim.testbench.trace.TraceReader;

/**
 * Reads a scenario file: a YAML mapping that says everything one {@code compare} run is built from. Every key
 * but {@code workload} is optional:
 *
 * <pre>
 * name: my-study                 # string; default: the file name without .yaml/.yml
 * seed: 1                        # integer (64-bit); default 1
 * topology:
 *   vfs: 64                      # integer 1..65279; default 8
 *   link: gen4x16                # as --set link=...; default gen3x8
 * parameters:                    # any --set parameter name: a scalar value, as --set name=value
 *   completion_timeout_us: 500
 *   aq_queues: 4
 * schemes: [mmio, indirect, aq]  # non-empty list, no repeats; default every scheme in the catalog
 * notify: [vf-bar, io-bar]       # non-empty list of vf-bar, pf-bar, io-bar, aq, no repeats; default all four
 * firmware: reset-pipelining     # a built-in firmware (virtio-sim list) or a class on --firmware-classpath; default: default
 * workload:                      # required: exactly one of
 *   scenario: linux-net-probe    #   a built-in scenario (virtio-sim list), or
 *   # trace: traces/probe.csv    #   a trace file; a relative path is taken from the YAML file's directory
 * </pre>
 *
 * <p>Everything is checked before anything runs: an unknown key at any level, a value of the wrong type (a
 * string where an integer belongs, a list where a mapping belongs, a key with no value), an integer out of
 * range, an unknown parameter or a value {@link Parameters#apply} rejects, an unknown scheme or notification
 * path or one listed twice, {@code link} given both under {@code topology} and {@code parameters}, a key given
 * twice, a workload with both or neither of {@code scenario} and {@code trace}, an unknown built-in, a trace
 * file that is missing or that {@link TraceReader} rejects, YAML aliases, more than one document, a document
 * that is not a mapping, malformed YAML and an empty file. Each is a {@link ScenarioFileException} with a
 * one-line message naming the file, the 1-based line and the key: {@code study.yaml:7: key 'topology.vfs': 0
 * is out of range 1..65535}.
 *
 * <p>The result's {@link ScenarioFile#config()} is {@code CompareConfig.defaults(vfs)} with the seed, then
 * {@code topology.link}, then each parameter in file order applied.
 */
public final class ScenarioFileReader {
    /** The schemes a file may name, in the order compare runs them by default: the catalog's. */
    public static final List<String> SCHEMES = org.virtiosim.device.catalog.Catalog.SCHEMES.ids();
    /** The notification paths a file may name, in the order compare runs them by default. */
    public static final List<String> NOTIFY_PATHS = org.virtiosim.device.catalog.Catalog.NOTIFY_ROUTES.ids();
    /** {@code topology.vfs} when not given (as {@code compare --vfs}). */
    public static final int DEFAULT_VFS = 8;
    /** Files larger than this are refused rather than read. */
    public static final int MAX_BYTES = 1 << 20;

    private static final List<String> ROOT_KEYS = List.of("name", "seed", "topology", "device_profile", "parameters", "schemes", "notify", "firmware",
            "workload");
    private static final List<String> TOPOLOGY_KEYS = List.of("vfs", "link");
    private static final List<String> WORKLOAD_KEYS = List.of("scenario", "trace");
    private static final int MAX_ECHO = 40;
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private ScenarioFileReader() {
    }

    /** Whether {@code --scenario} names a scenario file (by its extension, .yaml or .yml, any case) rather than a trace or built-in. */
    public static boolean isScenarioFile(String nameOrFile) {
        String s = nameOrFile.toLowerCase(Locale.ROOT);
        return s.endsWith(".yaml") || s.endsWith(".yml");
    }

    /** Reads, checks and resolves the scenario file at {@code path}; messages name the file without its directory. */
    public static ScenarioFile read(Path path) throws ScenarioFileException {
        Path fn = path.getFileName();
        String fileName = fn == null ? path.toString() : fn.toString();
        byte[] bytes;
        try {
            if (!Files.isRegularFile(path)) {
                throw new ScenarioFileException(fileName, 0, null, Files.exists(path) ? "not a regular file" : "no such file");
            }
            if (Files.size(path) > MAX_BYTES) {
                throw new ScenarioFileException(fileName, 0, null, "larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ScenarioFileException(fileName, 0, null, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        Node root = parse(fileName, bytes);
        return new Resolver(fileName, path.toAbsolutePath().getParent()).resolve(root, stem(fileName));
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    // ---------------------------------------------------------------- YAML to a tree that keeps line numbers

    private sealed interface Node permits MapNode, ListNode, Scalar {
        int line();
    }

    private record Entry(String key, int line, Node value) {
    }

    private record MapNode(int line, List<Entry> entries) implements Node {
        Entry get(String key) {
            for (Entry e : entries) {
                if (e.key().equals(key)) {
                    return e;
                }
            }
            return null;
        }
    }

    private record ListNode(int line, List<Node> items) implements Node {
    }

    /** A scalar; {@code text} is null for a YAML null (a key with nothing after it). */
    private record Scalar(int line, JsonToken token, String text) implements Node {
    }

    /** The file as UTF-8 text (a BOM allowed), or the line where it stops being that: UTF-16 and Latin-1 files are refused. */
    private static String text(String fileName, byte[] bytes) throws ScenarioFileException {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    java.nio.charset.StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                            .decode(java.nio.ByteBuffer.wrap(bytes, lineStart, i - lineStart));
                } catch (java.nio.charset.CharacterCodingException e) {
                    throw new ScenarioFileException(fileName, line, null, "not UTF-8 text (a scenario file is UTF-8; UTF-16 and "
                            + "other encodings are not read)");
                }
                line++;
                lineStart = i + 1;
            } else if (bytes[i] == 0) {
                throw new ScenarioFileException(fileName, line, null, "not UTF-8 text (a NUL byte)");
            }
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Node parse(String fileName, byte[] bytes) throws ScenarioFileException {
        String text = text(fileName, bytes);
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == null) {
                throw new ScenarioFileException(fileName, 0, null,
                        "the file is empty: expected a mapping with at least a 'workload' key (see docs/scenario-files.md)");
            }
            Node root = node(fileName, p, "");
            if (p.nextToken() != null) {
                throw new ScenarioFileException(fileName, line(p), null, "a second YAML document ('---'): a scenario file holds one");
            }
            return root;
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new ScenarioFileException(fileName, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), null,
                    "a value is too long to read (a number of more than 1000 digits, or a name or text of many MB)");
        } catch (JsonProcessingException e) {
            throw malformed(fileName, text, e, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            throw malformed(fileName, text, e, 0, e.getMessage());
        }
    }

    /** Malformed YAML: the line and the problem from SnakeYAML's mark when there is one, else Jackson's location. */
    private static ScenarioFileException malformed(String fileName, String text, Throwable e, int line, String message) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
                org.yaml.snakeyaml.error.Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
                String problem = m.getProblem() != null ? m.getProblem() : m.getContext();
                int at = mark == null ? line : mark.getLine() + 1;
                if (problem != null && problem.contains("\\t") && tabAfterColon(text, at)) {
                    return new ScenarioFileException(fileName, at, null,
                            "malformed YAML: a TAB after ':' (YAML separates a key from its value with a space)");
                }
                return new ScenarioFileException(fileName, at, null, "malformed YAML: " + firstLine(problem));
            }
        }
        return new ScenarioFileException(fileName, Math.max(line, 0), null, "malformed YAML: " + firstLine(message));
    }

    /** Whether line {@code n} (1-based) has a TAB after a ':' rather than in its indentation. */
    private static boolean tabAfterColon(String text, int n) {
        String[] lines = text.split("\n", -1);
        if (n < 1 || n > lines.length) {
            return false;
        }
        String l = lines[n - 1];
        int colon = l.indexOf(':');
        int tab = l.indexOf('\t');
        return colon >= 0 && tab > colon && l.substring(0, colon).strip().length() > 0 && !l.substring(0, colon).contains("\t");
    }

    private static String firstLine(String s) {
        if (s == null || s.isBlank()) {
            return "cannot be parsed";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        String first = nl < 0 ? t : t.substring(0, nl).strip();
        return first.length() <= 2 * MAX_ECHO ? first : first.substring(0, 2 * MAX_ECHO) + "…";
    }

    private static int line(JsonParser p) {
        return Math.max(1, p.currentTokenLocation().getLineNr());
    }

    private static Node node(String fileName, JsonParser p, String path) throws IOException, ScenarioFileException {
        JsonToken t = p.currentToken();
        int line = line(p);
        if (t == JsonToken.START_OBJECT) {
            List<Entry> entries = new ArrayList<>();
            Map<String, Integer> seen = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = line(p);
                String full = path.isEmpty() ? key : path + "." + key;
                Integer first = seen.putIfAbsent(key, keyLine);
                if (first != null) {
                    throw new ScenarioFileException(fileName, keyLine, full, "given twice (first on line " + first + ")");
                }
                p.nextToken();
                entries.add(new Entry(key, keyLine, node(fileName, p, full)));
            }
            return new MapNode(line, entries);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(node(fileName, p, path));
            }
            return new ListNode(line, items);
        }
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            throw new ScenarioFileException(fileName, line, path.isEmpty() ? null : path,
                    "YAML aliases (*" + echo(p.getText()) + ") are not supported: write the value out");
        }
        String text = switch (t) {
            case VALUE_NULL -> null;
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NUMBER_INT -> p.getBigIntegerValue().toString();
            case VALUE_NUMBER_FLOAT, VALUE_STRING -> p.getText();
            default -> throw new ScenarioFileException(fileName, line, path.isEmpty() ? null : path,
                    "unsupported YAML value (a binary or otherwise tagged value): write it as plain text, a number or a boolean");
        };
        return new Scalar(line, t, text);
    }

    private static String describe(Node n) {
        if (n instanceof MapNode) {
            return "a mapping";
        }
        if (n instanceof ListNode) {
            return "a list";
        }
        Scalar s = (Scalar) n;
        return switch (s.token()) {
            case VALUE_NULL -> "no value";
            case VALUE_TRUE, VALUE_FALSE -> "the boolean " + s.text();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + echo(s.text());
            default -> "the string '" + echo(s.text()) + "'";
        };
    }

    private static String echo(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_ECHO ? s : s.substring(0, MAX_ECHO) + "...";
    }

    // ---------------------------------------------------------------- checking and resolving

    private static final class Resolver {
        private final String fileName;
        private final Path dir;

        Resolver(String fileName, Path dir) {
            this.fileName = fileName;
            this.dir = dir;
        }

        private ScenarioFileException error(int line, String key, String reason) {
            return new ScenarioFileException(fileName, line, key, reason);
        }

        ScenarioFile resolve(Node rootNode, String defaultName) throws ScenarioFileException {
            if (!(rootNode instanceof MapNode root)) {
                throw error(rootNode.line(), null, "the document is " + describe(rootNode) + ", expected a mapping of keys ("
                        + String.join(", ", ROOT_KEYS) + ")");
            }
            checkKeys(root, "", ROOT_KEYS);

            String name = defaultName;
            Entry e = root.get("name");
            if (e != null) {
                if (!(e.value() instanceof Scalar s) || s.text() == null || s.token() == JsonToken.VALUE_TRUE
                        || s.token() == JsonToken.VALUE_FALSE || s.text().isBlank()) {
                    throw error(e.line(), "name", "expected a non-empty string, found " + describe(e.value()));
                }
                name = s.text();
            }

            long seed = 1;
            e = root.get("seed");
            if (e != null) {
                seed = integer(e, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
            }

            int vfs = DEFAULT_VFS;
            String link = null;
            int linkLine = 0;
            e = root.get("topology");
            if (e != null) {
                MapNode topo = mapping(e, "topology", "vfs and/or link");
                checkKeys(topo, "topology", TOPOLOGY_KEYS);
                Entry v = topo.get("vfs");
                if (v != null) {
                    vfs = (int) integer(v, "topology.vfs", 1, org.virtiosim.device.AddressMap.MAX_VFS,
                            org.virtiosim.device.AddressMap.VF_LIMIT_REASON);
                }
                Entry l = topo.get("link");
                if (l != null) {
                    link = scalar(l, "topology.link");
                    linkLine = l.line();
                }
            }

            CompareConfig cfg = CompareConfig.defaults(vfs).withSeed(seed);
            if (link != null) {
                cfg = apply(cfg, "link", link, linkLine, "topology.link");
            }

            // The device profile first, wherever the key stands: the file's parameters are set over it.
            e = root.get("device_profile");
            if (e != null) {
                String profile = scalar(e, "device_profile");
                try {
                    cfg = Parameters.withProfile(cfg, profile);
                } catch (IllegalArgumentException ex) {
                    throw error(e.line(), "device_profile", ex.getMessage());
                }
            }

            Map<String, String> parameters = new LinkedHashMap<>();
            e = root.get("parameters");
            if (e != null) {
                MapNode params = mapping(e, "parameters", "parameter names and values");
                for (Entry p : params.entries()) {
                    String key = "parameters." + p.key();
                    if (Parameters.ALL.find(p.key()) == null) {
                        throw error(p.line(), key, "unknown parameter (known: " + String.join(", ", Parameters.ALL.names()) + ")");
                    }
                    if (p.key().equals("link") && link != null) {
                        throw error(p.line(), key, "the link is given as topology.link too (line " + linkLine + "): give it once");
                    }
                    String value = scalar(p, key);
                    cfg = apply(cfg, p.key(), value, p.line(), key);
                    parameters.put(p.key(), value);
                }
            }

            List<String> schemes = SCHEMES;
            e = root.get("schemes");
            if (e != null) {
                schemes = names(e, "schemes", "scheme", SCHEMES);
            }
            List<String> notify = NOTIFY_PATHS;
            e = root.get("notify");
            if (e != null) {
                notify = names(e, "notify", "notification path", NOTIFY_PATHS);
            }

            String firmware = null;
            e = root.get("firmware");
            if (e != null) {
                if (!(e.value() instanceof Scalar s) || s.token() != JsonToken.VALUE_STRING || s.text().isBlank()) {
                    throw error(e.line(), "firmware", "expected a firmware's name or class name, found " + describe(e.value()));
                }
                firmware = s.text().strip();
            }

            e = root.get("workload");
            if (e == null) {
                throw error(root.line(), "workload", "missing: give workload.scenario (a built-in) or workload.trace (a trace file)");
            }
            ScenarioFile.Workload workload = workload(e);
            return new ScenarioFile(dir.resolve(fileName), name, seed, vfs, link, parameters, schemes, notify, firmware, workload, cfg);
        }

        private void checkKeys(MapNode map, String path, List<String> known) throws ScenarioFileException {
            for (Entry e : map.entries()) {
                if (!known.contains(e.key())) {
                    String full = path.isEmpty() ? e.key() : path + "." + e.key();
                    throw error(e.line(), full, "unknown key (known " + (path.isEmpty() ? "at the top" : "under " + path) + ": "
                            + String.join(", ", known) + ")");
                }
            }
        }

        private MapNode mapping(Entry e, String key, String what) throws ScenarioFileException {
            if (!(e.value() instanceof MapNode m)) {
                throw error(e.line(), key, "expected a mapping of " + what + ", found " + describe(e.value()));
            }
            return m;
        }

        private long integer(Entry e, String key, long min, long max) throws ScenarioFileException {
            return integer(e, key, min, max, null);
        }

        /** As {@link #integer(Entry, String, long, long)}; a value above {@code max} is refused with {@code whyMax} (null: none). */
        private long integer(Entry e, String key, long min, long max, String whyMax) throws ScenarioFileException {
            String range = min == Long.MIN_VALUE ? "a 64-bit integer" : "an integer " + min + ".." + max;
            if (!(e.value() instanceof Scalar s) || s.token() != JsonToken.VALUE_NUMBER_INT) {
                throw error(e.line(), key, "expected " + range + ", found " + describe(e.value()));
            }
            BigInteger v = new BigInteger(s.text());
            if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
                throw error(e.line(), key, echo(s.text()) + " is out of range "
                        + (min == Long.MIN_VALUE ? "(64-bit)" : min + ".." + max)
                        + (whyMax != null && v.compareTo(BigInteger.valueOf(max)) > 0 ? ": " + whyMax : ""));
            }
            return v.longValue();
        }

        /** A scalar value as text: strings, numbers and booleans; not null, lists or mappings. */
        private String scalar(Entry e, String key) throws ScenarioFileException {
            if (!(e.value() instanceof Scalar s) || s.text() == null) {
                throw error(e.line(), key, "expected a single value (string, number or boolean), found " + describe(e.value()));
            }
            return s.text();
        }

        private CompareConfig apply(CompareConfig cfg, String name, String value, int line, String key) throws ScenarioFileException {
            org.virtiosim.core.param.Param<?> p = Parameters.ALL.find(name);
            try {
                return cfg.withParams(cfg.params().withText(p, value));
            } catch (IllegalArgumentException ex) {
                throw error(line, key, "'" + echo(value) + "': " + ex.getMessage());
            }
        }

        private List<String> names(Entry e, String key, String what, List<String> known) throws ScenarioFileException {
            if (!(e.value() instanceof ListNode list)) {
                throw error(e.line(), key, "expected a list of " + String.join(", ", known) + ", found " + describe(e.value()));
            }
            if (list.items().isEmpty()) {
                throw error(e.line(), key, "empty: name at least one of " + String.join(", ", known) + ", or leave the key out for all");
            }
            List<String> out = new ArrayList<>();
            for (Node n : list.items()) {
                if (!(n instanceof Scalar s) || s.token() != JsonToken.VALUE_STRING) {
                    throw error(n.line(), key, "expected a " + what + " name, found " + describe(n));
                }
                if (!known.contains(s.text())) {
                    throw error(n.line(), key, "unknown " + what + " '" + echo(s.text()) + "' (known: " + String.join(", ", known) + ")");
                }
                if (out.contains(s.text())) {
                    throw error(n.line(), key, what + " '" + s.text() + "' is listed twice");
                }
                out.add(s.text());
            }
            return out;
        }

        private ScenarioFile.Workload workload(Entry e) throws ScenarioFileException {
            MapNode w = mapping(e, "workload", "scenario or trace");
            checkKeys(w, "workload", WORKLOAD_KEYS);
            Entry scenario = w.get("scenario");
            Entry trace = w.get("trace");
            if (scenario == null && trace == null) {
                throw error(e.line(), "workload", "give one of workload.scenario (a built-in) and workload.trace (a trace file)");
            }
            if (scenario != null && trace != null) {
                Entry second = scenario.line() > trace.line() ? scenario : trace;
                Entry first = second == scenario ? trace : scenario;
                throw error(second.line(), "workload." + second.key(), "workload." + first.key() + " is given too (line "
                        + first.line() + "): give exactly one of scenario and trace");
            }
            if (scenario != null) {
                String name = string(scenario, "workload.scenario");
                if (!Scenarios.BUILT_IN.contains(name)) {
                    throw error(scenario.line(), "workload.scenario", "unknown built-in scenario '" + echo(name) + "' (known: "
                            + String.join(", ", Scenarios.BUILT_IN) + "; a trace file goes under workload.trace)");
                }
                return new ScenarioFile.Workload(name, null, null, fileName, scenario.line(), "workload.scenario");
            }
            String given = string(trace, "workload.trace");
            Path p;
            try {
                p = dir.resolve(given).normalize();
            } catch (java.nio.file.InvalidPathException ex) {
                throw error(trace.line(), "workload.trace", "'" + echo(given) + "' is not a valid path");
            }
            if (!Files.isRegularFile(p)) {
                throw error(trace.line(), "workload.trace", (Files.exists(p) ? "not a regular file: " : "no such file: ") + given
                        + (Path.of(given).isAbsolute() ? "" : " (relative to " + dir + ")"));
            }
            Trace parsed;
            try {
                parsed = new TraceReader(TraceReader.VIRTIO_NET_MSIX_CONFIG_END).read(p);
            } catch (TraceException ex) {
                throw error(trace.line(), "workload.trace", ex.getMessage());
            }
            return new ScenarioFile.Workload(null, p, parsed, fileName, trace.line(), "workload.trace");
        }

        private String string(Entry e, String key) throws ScenarioFileException {
            if (!(e.value() instanceof Scalar s) || s.token() != JsonToken.VALUE_STRING || s.text().isBlank()) {
                throw error(e.line(), key, "expected a non-empty string, found " + describe(e.value()));
            }
            return s.text();
        }
    }
}

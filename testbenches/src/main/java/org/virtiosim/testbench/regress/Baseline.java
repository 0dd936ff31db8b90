package org.virtiosim.testbench.regress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Golden results to hold a run to: a saved compare JSON, compared metric by metric. A metric may
 * grow by its tolerance (percent, default {@link #DEFAULT_TOLERANCE_PCT}); counts of failures
 * (completion timeouts, mismatches) may not grow at all. Improvements never fail.
 */
public final class Baseline {
    public static final double DEFAULT_TOLERANCE_PCT = 5;

    /** Metrics held to a tolerance, as JSON paths under a scheme or notify-path object. */
    public static final List<String> METRICS = List.of("access_cycles.mean", "access_cycles.p50", "access_cycles.p99", "access_cycles.max",
            "total_cycles", "tlps.down", "tlps.up", "link_bytes.down", "link_bytes.up", "host_busy_ns", "device_state_bytes_per_vf");
    /** Metrics that may not grow at all. */
    public static final List<String> COUNTS = List.of("completion_timeouts", "mismatches");

    /** One metric that regressed, or a run missing from the current results. */
    public record Regression(String run, String metric, double baseline, double current, double tolerancePct) {
        public String line() {
            if (Double.isNaN(current)) {
                return run + ": missing from the current results";
            }
            return String.format(Locale.ROOT, "%s %s: %s -> %s (%+.1f%%, tolerance %.1f%%)", run, metric, num(baseline), num(current),
                    baseline == 0 ? 100.0 : (current / baseline - 1) * 100, tolerancePct);
        }

        private static String num(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
        }
    }

    private Baseline() {
    }

    /** Compares current compare JSON with a baseline's; tolerances by metric name, the rest at the default. */
    public static List<Regression> compare(JsonNode baseline, JsonNode current, Map<String, Double> tolerances, double defaultPct) {
        List<Regression> out = new ArrayList<>();
        for (String section : new String[] {"schemes", "notify"}) {
            String key = section.equals("schemes") ? "scheme" : "path";
            Map<String, JsonNode> now = new LinkedHashMap<>();
            current.path(section).forEach(n -> now.put(n.path(key).asText(), n));
            for (JsonNode b : baseline.path(section)) {
                String name = section + "/" + b.path(key).asText();
                JsonNode c = now.get(b.path(key).asText());
                if (c == null) {
                    out.add(new Regression(name, "", 0, Double.NaN, 0));
                    continue;
                }
                for (String m : METRICS) {
                    double bv = at(b, m);
                    double cv = at(c, m);
                    double tol = tolerances.getOrDefault(m, defaultPct);
                    if (cv > bv * (1 + tol / 100) + 1e-9) {
                        out.add(new Regression(name, m, bv, cv, tol));
                    }
                }
                for (String m : COUNTS) {
                    double bv = at(b, m);
                    double cv = at(c, m);
                    if (cv > bv) {
                        out.add(new Regression(name, m, bv, cv, 0));
                    }
                }
            }
        }
        return out;
    }

    private static double at(JsonNode n, String path) {
        JsonNode x = n;
        for (String p : path.split("\\.")) {
            x = x.path(p);
        }
        return x.asDouble();
    }

    /**
     * Reads a saved baseline: compare or replay JSON with at least one run (an object in its
     * {@code schemes} or {@code notify} array naming its scheme or path). Anything else ({@code {}},
     * {@code []}, {@code null}, a sweep's results.json) would hold a run to nothing, so it is an
     * IOException saying what was expected.
     */
    public static JsonNode read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root != null && root.has("grid") && root.has("rows")) {
            throw new IOException("is a sweep's results.json, not a baseline; " + EXPECTED);
        }
        if (root == null || !root.isObject()) {
            throw new IOException("holds " + kind(root) + ", not a baseline; " + EXPECTED);
        }
        int runs = 0;
        for (String section : new String[] {"schemes", "notify"}) {
            String key = section.equals("schemes") ? "scheme" : "path";
            JsonNode a = root.path(section);
            if (!a.isMissingNode() && !a.isArray()) {
                throw new IOException("'" + section + "' is " + kind(a) + ", expected an array of runs; " + EXPECTED);
            }
            for (JsonNode run : a) {
                if (!run.isObject() || !run.path(key).isTextual()) {
                    throw new IOException("a run in '" + section + "' has no '" + key + "' name; " + EXPECTED);
                }
                runs++;
            }
        }
        if (runs == 0) {
            throw new IOException("has no runs (no 'schemes' or 'notify' entries); " + EXPECTED);
        }
        return root;
    }

    private static final String EXPECTED = "expected the JSON of compare or replay with at least one run (as --save-baseline writes it)";

    private static String kind(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "null (nothing)";
        }
        return n.isArray() ? "an array" : n.isObject() ? "an object" : "a single value";
    }

    /**
     * A read failure as one line without Java or Jackson internals: a JSON syntax error as its
     * reason and line, an I/O error as its reason.
     */
    public static String reason(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            com.fasterxml.jackson.core.JsonLocation at = j.getLocation();
            String why = j.getOriginalMessage() == null ? "malformed" : j.getOriginalMessage();
            // Jackson quotes the offending text and explains its own API after a newline; the first sentence is what counts.
            why = why.lines().findFirst().orElse("malformed").replaceAll(" \\(code \\d+\\)", "");
            if (why.length() > 120) {
                why = why.substring(0, 120) + "...";
            }
            return "not valid JSON" + (at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr()) + ": " + why;
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage() == null ? "cannot be read" : e.getMessage().replace('\n', ' ');
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}

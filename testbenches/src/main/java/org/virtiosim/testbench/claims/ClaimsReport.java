package org.virtiosim.testbench.claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.trust.TrustReport;
import org.virtiosim.testbench.trust.TrustRow;
import org.virtiosim.testbench.trust.TrustStudy;

/** The claims checked, as text or JSON (names fixed for scripts: {@code claims} with {@code id}, {@code claim}, {@code by}, ...). */
public final class ClaimsReport {
    /** 2: the root names the backing; claim 4's evidence has its reset-storm {@code series} (an array of points). */
    public static final int SCHEMA_VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClaimsReport() {
    }

    public static ObjectNode tree(CompareConfig cfg, List<ClaimResult> results) {
        return tree(cfg, results, List.of());
    }

    /**
     * With the trust study's rows ({@code trust_study}: what a lying PF driver can do under each
     * design, and who notices), when there are any.
     */
    public static ObjectNode tree(CompareConfig cfg, List<ClaimResult> results, List<TrustRow> trust) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("thread", "virtio-comment, \"transport-pci: Introduce legacy registers access commands\", May 2023");
        root.put("vfs", cfg.vfs());
        root.put("seed", cfg.seed());
        root.put("backing", org.virtiosim.core.param.Param.id(cfg.get(org.virtiosim.device.Backing.PARAM)));
        ArrayNode claims = root.putArray("claims");
        for (ClaimResult r : results) {
            ObjectNode c = claims.addObject();
            c.put("id", r.claim().id());
            c.put("claim", r.claim().claim());
            c.put("by", r.claim().by());
            c.put("date", r.claim().date());
            c.put("rule", r.claim().rule());
            c.set("evidence", r.evidence());
            c.put("verdict", r.verdict().id());
            if (r.dependsOn() != null) {
                ObjectNode d = c.putObject("depends_on");
                d.put("parameter", r.dependsOn().parameter());
                d.put("value", r.dependsOn().value());
                ArrayNode s = d.putArray("swapped");
                r.dependsOn().swapped().forEach(s::add);
            }
        }
        if (!trust.isEmpty()) {
            root.set("trust_study", TrustReport.tree(TrustStudy.DEFAULT_VFS, cfg.seed(), trust));
        }
        return root;
    }

    public static String json(CompareConfig cfg, List<ClaimResult> results) {
        return json(cfg, results, List.of());
    }

    public static String json(CompareConfig cfg, List<ClaimResult> results, List<TrustRow> trust) {
        try {
            return JSON.writeValueAsString(tree(cfg, results, trust));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void text(PrintWriter out, CompareConfig cfg, List<ClaimResult> results) {
        text(out, cfg, results, List.of());
    }

    /** The claims, then the trust study's table if there are rows. */
    public static void text(PrintWriter out, CompareConfig cfg, List<ClaimResult> results, List<TrustRow> trust) {
        out.printf(Locale.ROOT, "claims of the May 2023 virtio-comment thread, checked at %d VFs, seed %d%n", cfg.vfs(), cfg.seed());
        for (ClaimResult r : results) {
            out.println();
            out.printf(Locale.ROOT, "%d. %s (%s, %s)%n", r.claim().id(), r.claim().claim(), r.claim().by(), r.claim().date());
            out.println("   rule: " + r.claim().rule());
            flatten(out, "   ", "", r.evidence());
            out.print("   verdict: " + r.verdict().id().toUpperCase(Locale.ROOT));
            if (r.dependsOn() != null) {
                out.printf(Locale.ROOT, " — on %s: %s and %s swap at %s", r.dependsOn().parameter(), r.dependsOn().swapped().get(0),
                        r.dependsOn().swapped().get(1), r.dependsOn().value());
            }
            out.println();
        }
        if (!trust.isEmpty()) {
            out.println();
            TrustReport.text(out, TrustStudy.DEFAULT_VFS, cfg.seed(), trust);
        }
        out.flush();
    }

    private static void flatten(PrintWriter out, String indent, String prefix, JsonNode n) {
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject()) {
                flatten(out, indent, prefix + e.getKey() + ".", e.getValue());
            } else if (e.getValue().isArray()) {
                // A series: one line per point, its fields as name=value.
                int i = 0;
                for (JsonNode point : e.getValue()) {
                    StringBuilder line = new StringBuilder(indent + prefix + e.getKey() + "[" + i++ + "] =");
                    for (Iterator<Map.Entry<String, JsonNode>> f = point.fields(); f.hasNext();) {
                        Map.Entry<String, JsonNode> field = f.next();
                        line.append(' ').append(field.getKey()).append('=').append(field.getValue().asText());
                    }
                    out.println(line);
                }
            } else {
                out.println(indent + prefix + e.getKey() + " = " + e.getValue().asText());
            }
        }
    }
}

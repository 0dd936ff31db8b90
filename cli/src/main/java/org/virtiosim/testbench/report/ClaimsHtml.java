package org.virtiosim.testbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.virtiosim.testbench.claims.ClaimPlot;
import org.virtiosim.testbench.trust.TrustRow;
import org.virtiosim.testbench.claims.ClaimResult;
import org.virtiosim.testbench.claims.ClaimsReport;
import org.virtiosim.testbench.compare.CompareConfig;

/**
 * The claims report as one self-contained HTML page: the run (thread, VFs, seed, backing, the
 * parameters it was given), a summary table, then a section per claim with its text, who made it
 * and when, its rule, its verdict, its evidence as tables and the claim's plots. Everything shown
 * is read from the claims JSON ({@link ClaimsReport#tree}), the plots too, at the pointers each
 * claim names ({@link ClaimPlot}).
 */
public final class ClaimsHtml {
    private static final String CSS = "td.text,th.text{text-align:left}.holds{color:#1a7f37}.refuted{color:#b42318}"
            + ".depends{color:#9a6700}.verdict{font-weight:bold}section{border-top:2px solid #ccc;margin-top:2em}"
            + "caption{text-align:left;font-weight:bold;padding:2px 0}";

    private ClaimsHtml() {
    }

    /**
     * @param parameters what the run was given, as on its command line (VFs, seed, settings,
     *        sensitivity, series), without output paths, so the same run gives the same bytes
     */
    public static String page(CompareConfig cfg, List<ClaimResult> results, List<String> parameters) {
        return page(cfg, results, List.of(), parameters);
    }

    /** With a trust section after the claims when the trust study ran. */
    public static String page(CompareConfig cfg, List<ClaimResult> results, List<TrustRow> trust, List<String> parameters) {
        ObjectNode tree = ClaimsReport.tree(cfg, results, trust);
        StringBuilder b = HtmlReport.begin("virtio-sim claims: the May 2023 thread, checked against the simulation", CSS);
        b.append("<table>\n");
        row(b, "thread", tree.get("thread").asText());
        row(b, "VFs", tree.get("vfs").asText());
        row(b, "seed", tree.get("seed").asText());
        row(b, "backing", tree.get("backing").asText());
        row(b, "parameters", parameters.isEmpty() ? "the defaults" : String.join(" ", parameters));
        b.append("</table>\n<h2>Summary</h2>\n<table>\n<tr><th>id</th><th class=\"text\">claim</th><th class=\"text\">by</th>"
                + "<th class=\"text\">verdict</th></tr>\n");
        for (JsonNode c : tree.get("claims")) {
            String id = c.get("id").asText();
            b.append("<tr><td><a href=\"#claim-").append(id).append("\">").append(id).append("</a></td><td class=\"text\">")
                    .append(Svg.esc(c.get("claim").asText())).append("</td><td class=\"text\">").append(Svg.esc(c.get("by").asText()))
                    .append("</td><td class=\"text\">").append(verdict(c)).append("</td></tr>\n");
        }
        b.append("</table>\n");
        for (int i = 0; i < results.size(); i++) {
            section(b, tree.get("claims").get(i), results.get(i).claim().plots());
        }
        if (tree.has("trust_study")) {
            trust(b, tree.get("trust_study"));
        }
        return HtmlReport.end(b, "every verdict computed from the runs by the claim's rule; every plot drawn from the evidence above it; "
                + "all figures simulated.");
    }

    /** The trust study: per scheme, route and PF-driver fault, what it does and who notices; then who each design trusts. */
    private static void trust(StringBuilder b, JsonNode t) {
        b.append("<section id=\"trust\">\n<h2>Trust: what a lying or buggy PF driver can do</h2>\n<p>")
                .append(Svg.esc(t.get("scenario").asText() + " at " + t.get("vfs").asText() + " VFs, seed " + t.get("seed").asText()
                        + "; each fault beside the same run without it."))
                .append("</p>\n<table>\n<tr>");
        List<String> cols = List.of("scheme", "notify_info", "notify_route", "fault", "lie", "trusts", "guest_sees", "other_vfs_affected",
                "detected_by", "classification");
        for (String c : cols) {
            b.append("<th class=\"text\">").append(Svg.esc(c.replace('_', ' '))).append("</th>");
        }
        b.append("</tr>\n");
        for (JsonNode r : t.get("trust")) {
            b.append("<tr>");
            for (String c : cols) {
                JsonNode v = r.get(c);
                String text = v.isArray() ? (v.isEmpty() ? "none" : "VF " + String.join(", ", toList(v).stream().map(JsonNode::asText).toList()))
                        : v.asText();
                String css = c.equals("classification") && text.equals(TrustRow.BREACH) ? "text refuted" : "text";
                b.append("<td class=\"").append(css).append("\">").append(Svg.esc(text)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n<h3>Which party each design trusts</h3>\n<table>\n<tr><th class=\"text\">design</th>"
                + "<th class=\"text\">trusts</th><th class=\"text\">why</th></tr>\n");
        for (JsonNode d : t.get("trusts")) {
            b.append("<tr><td class=\"text\">").append(Svg.esc(d.get("design").asText())).append("</td><td class=\"text\">")
                    .append(Svg.esc(d.get("trusts").asText())).append("</td><td class=\"text\">").append(Svg.esc(d.get("reason").asText()))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n</section>\n");
    }

    private static void section(StringBuilder b, JsonNode c, List<ClaimPlot> plots) {
        String id = c.get("id").asText();
        b.append("<section id=\"claim-").append(id).append("\">\n<h2>").append(id).append(". ").append(Svg.esc(c.get("claim").asText()))
                .append("</h2>\n<table>\n");
        row(b, "by", c.get("by").asText());
        row(b, "thread's date", c.get("date").asText());
        row(b, "rule", c.get("rule").asText());
        b.append("<tr><th class=\"text\">verdict</th><td class=\"text\">").append(verdict(c)).append("</td></tr>\n</table>\n");
        evidence(b, c.get("evidence"));
        JsonNode evidence = c.get("evidence");
        b.append("<div class=\"plots\">\n");
        for (ClaimPlot p : plots) {
            if (p instanceof ClaimPlot.Bars bars) {
                ClaimPlot.Grid g = bars.grid(evidence);
                b.append(Svg.bars(bars.title(), bars.yLabel(), g.categories(), g.series(), g.values(), bars.logY()));
            } else if (p instanceof ClaimPlot.Lines lines) {
                List<Svg.Series> series = new ArrayList<>();
                for (ClaimPlot.Line l : lines.lines(evidence)) {
                    series.add(new Svg.Series(l.name(), l.x(), l.y()));
                }
                b.append(Svg.lines(new LineChart(lines.title(), lines.xLabel(), lines.yLabel(), series, lines.logX(), lines.logY())));
            }
            b.append('\n');
        }
        b.append("</div>\n</section>\n");
    }

    /** The verdict, coloured, and for {@code depends} the parameter, where it turns and the pair that swaps there. */
    private static String verdict(JsonNode c) {
        String v = c.get("verdict").asText();
        StringBuilder s = new StringBuilder("<span class=\"verdict ").append(v).append("\">").append(v).append("</span>");
        JsonNode d = c.get("depends_on");
        if (d != null) {
            List<String> pair = new ArrayList<>();
            d.get("swapped").forEach(n -> pair.add(n.asText()));
            s.append(Svg.esc(" on " + d.get("parameter").asText() + ": " + String.join(" and ", pair) + " swap at "
                    + d.get("value").asText()));
        }
        return s.toString();
    }

    /**
     * The evidence as tables: its plain figures as name/value rows; objects of figures (one per
     * scheme) as one table with a row each; an object of such objects as its own table; a series as
     * a table with a row per point.
     */
    private static void evidence(StringBuilder b, JsonNode e) {
        b.append("<table>\n<caption>evidence</caption>\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isValueNode()) {
                row(b, f.getKey(), f.getValue().asText());
            }
        }
        b.append("</table>\n");
        List<String> names = new ArrayList<>();
        List<JsonNode> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isObject() && allValues(f.getValue())) {
                names.add(f.getKey());
                rows.add(f.getValue());
            } else if (f.getValue().isObject()) {
                List<String> inner = new ArrayList<>();
                List<JsonNode> innerRows = new ArrayList<>();
                f.getValue().fields().forEachRemaining(g -> {
                    inner.add(g.getKey());
                    innerRows.add(g.getValue());
                });
                matrix(b, f.getKey(), inner, innerRows);
            } else if (f.getValue().isArray()) {
                matrix(b, f.getKey(), null, toList(f.getValue()));
            }
        }
        if (!rows.isEmpty()) {
            matrix(b, "per scheme", names, rows);
        }
    }

    /** A table of {@code rows} (named by {@code names}, or numbered when null), a column per field any row has. */
    private static void matrix(StringBuilder b, String caption, List<String> names, List<JsonNode> rows) {
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(r -> r.fieldNames().forEachRemaining(columns::add));
        b.append("<table>\n<caption>").append(Svg.esc(caption)).append("</caption>\n<tr>");
        if (names != null) {
            b.append("<th></th>");
        }
        columns.forEach(k -> b.append("<th>").append(Svg.esc(k)).append("</th>"));
        b.append("</tr>\n");
        for (int i = 0; i < rows.size(); i++) {
            b.append("<tr>");
            if (names != null) {
                b.append("<th class=\"text\">").append(Svg.esc(names.get(i))).append("</th>");
            }
            for (String k : columns) {
                JsonNode v = rows.get(i).get(k);
                b.append("<td>").append(v == null ? "" : Svg.esc(v.asText())).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
    }

    private static boolean allValues(JsonNode object) {
        for (JsonNode v : object) {
            if (!v.isValueNode()) {
                return false;
            }
        }
        return true;
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append("<tr><th class=\"text\">").append(Svg.esc(name)).append("</th><td class=\"text\">").append(Svg.esc(value))
                .append("</td></tr>\n");
    }
}

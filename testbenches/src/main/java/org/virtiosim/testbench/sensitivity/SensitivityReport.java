package org.virtiosim.testbench.sensitivity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.virtiosim.core.param.Param;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.Parameters;

/**
 * A sensitivity study as text (a table per parameter) or JSON. The JSON names are fixed (scripts
 * rely on them): {@code schema_version}, {@code scenario}, {@code vfs}, {@code seed}, {@code
 * schemes}, and {@code parameters}, one object per parameter with {@code name}, {@code low},
 * {@code high}, {@code effects} (per scheme: {@code mean} and {@code p99} at {@code low}, {@code
 * base} and {@code high}), {@code ranking_changes} and, where true, {@code crossover} {@code
 * {value, swapped: [scheme, scheme]}}. A span's values are JSON numbers, a set's are strings.
 */
public final class SensitivityReport {
    /** Version of the JSON layout; goes up when a name changes or goes away. */
    public static final int SCHEMA_VERSION = 1;

    private SensitivityReport() {
    }

    /** {@code name=value} of every parameter the base sets away from its default (--set, a scenario file). */
    public static List<String> baseSettings(CompareConfig cfg) {
        List<String> out = new ArrayList<>();
        for (Param<?> p : Parameters.ALL.all()) {
            if (cfg.params().isSet(p)) {
                out.add(p.name() + "=" + cfg.params().text(p));
            }
        }
        return out;
    }

    public static String json(String scenario, CompareConfig cfg, Sensitivity study, SensitivityResult r) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("scenario", scenario);
        root.put("vfs", cfg.vfs());
        root.put("seed", cfg.seed());
        root.put("tie_tolerance", study.tolerance());
        ArrayNode schemes = root.putArray("schemes");
        r.schemes().forEach(schemes::add);
        ArrayNode set = root.putArray("base_settings");
        baseSettings(cfg).forEach(set::add);
        root.put("ranked_by", "mean access cycles, ties in scheme order");
        root.put("bisection_steps", study.bisectionSteps());
        root.put("runs", r.runs());
        ObjectNode base = root.putObject("base");
        figures(base.putObject("effects"), r.schemes(), r.base());
        ranking(base, r.base());
        ArrayNode params = root.putArray("parameters");
        for (ParameterEffect e : r.parameters()) {
            ObjectNode n = params.addObject();
            n.put("name", e.name());
            n.put("unit", e.unit());
            n.put("kind", e.span() ? "span" : "values");
            value(n, "base", e, e.base().value());
            value(n, "low", e, e.low().value());
            value(n, "high", e, e.high().value());
            n.put("reason", e.reason());
            ObjectNode effects = n.putObject("effects");
            for (int i = 0; i < r.schemes().size(); i++) {
                ObjectNode s = effects.putObject(r.schemes().get(i));
                figure(s.putObject("low"), e.low().scheme(i));
                figure(s.putObject("base"), e.base().scheme(i));
                figure(s.putObject("high"), e.high().scheme(i));
            }
            n.put("ranking_changes", e.rankingChanges());
            if (e.rankingChanges()) {
                ObjectNode c = n.putObject("crossover");
                value(c, "value", e, e.crossover().value());
                if (e.crossover().lastSame() != null) {
                    value(c, "last_same", e, e.crossover().lastSame());
                }
                ArrayNode swapped = c.putArray("swapped");
                e.crossover().swapped().forEach(swapped::add);
                c.put("clean", e.crossover().clean());
            }
            ArrayNode points = n.putArray("points");
            for (Point p : e.points()) {
                ObjectNode pn = points.addObject();
                value(pn, "value", e, p.value());
                figures(pn.putObject("effects"), r.schemes(), p);
                ranking(pn, p);
            }
        }
        try {
            return m.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void value(ObjectNode n, String key, ParameterEffect e, String text) {
        if (e.span()) {
            n.put(key, new BigDecimal(text));
        } else {
            n.put(key, text);
        }
    }

    private static void figures(ObjectNode into, List<String> schemes, Point p) {
        for (int i = 0; i < schemes.size(); i++) {
            figure(into.putObject(schemes.get(i)), p.scheme(i));
        }
    }

    private static void figure(ObjectNode o, Figures f) {
        o.put("mean", Math.round(f.mean() * 10) / 10.0);
        o.put("p99", f.p99());
        if (f.failed() > 0) {
            o.put("failed", f.failed());
        }
    }

    private static void ranking(ObjectNode n, Point p) {
        ArrayNode a = n.putArray("ranking");
        p.ranking().forEach(a::add);
    }

    /** The ranking as text: {@code mmio < indirect < aq}. */
    public static String ranking(List<String> ranking) {
        return String.join(" < ", ranking);
    }

    public static void text(PrintWriter out, String scenario, CompareConfig cfg, Sensitivity study, SensitivityResult r) {
        List<String> settings = baseSettings(cfg);
        out.printf(Locale.ROOT, "sensitivity: scenario %s, %d VFs, seed %d, base %s%n", scenario, cfg.vfs(), cfg.seed(),
                settings.isEmpty() ? "the defaults" : String.join(" ", settings));
        out.printf(Locale.ROOT, "each parameter over its study range (docs/parameters.md), the others at the base; %d runs of %d schemes,"
                + " crossovers bisected in up to %d steps%n", r.runs(), r.schemes().size(), study.bisectionSteps());
        out.println();
        out.println("base (device cycles):");
        for (int i = 0; i < r.schemes().size(); i++) {
            Figures f = r.base().scheme(i);
            out.printf(Locale.ROOT, "  %-10s mean %10.1f  p99 %9d%s%n", r.schemes().get(i), f.mean(), f.p99(), mark(f));
        }
        out.println("  ranking (by mean): " + ranking(r.base().ranking())
                + (study.tolerance() > 0 ? String.format(Locale.ROOT, "; means within %.3g%% of each other are tied", 100 * study.tolerance()) : ""));
        boolean failures = anyFailed(r.base());
        for (ParameterEffect e : r.parameters()) {
            out.println();
            out.printf(Locale.ROOT, "%s%s: base %s, range %s%n", e.name(), e.unit().isEmpty() ? "" : " (" + e.unit() + ")", e.base().value(),
                    e.span() ? e.low().value() + ".." + e.high().value() : String.join(" | ", e.points().stream().map(Point::value).toList()));
            StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "  %-14s", "value"));
            for (String s : r.schemes()) {
                h.append(String.format(Locale.ROOT, " %15s %9s", s + " Δmean", "Δp99"));
            }
            out.println(h.append("  ranking"));
            for (Point p : e.points()) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-14s", p.value()));
                for (int i = 0; i < r.schemes().size(); i++) {
                    Figures f = p.scheme(i);
                    Figures b = e.base().scheme(i);
                    row.append(String.format(Locale.ROOT, " %15s %9s", signed(f.mean() - b.mean()) + mark(f), signedWhole(f.p99() - b.p99())));
                }
                out.println(row.append("  ").append(p.ranking().equals(e.base().ranking()) ? "as base" : ranking(p.ranking())));
                failures |= anyFailed(p);
            }
            out.println("  " + crossover(e));
        }
        out.println();
        List<ParameterEffect> changes = r.rankingChanges();
        out.println(changes.isEmpty() ? "no parameter changes the ranking inside its range"
                : "parameters that change the ranking inside their range: "
                        + String.join("; ", changes.stream().map(e -> e.name() + " " + crossover(e)).toList()));
        if (failures) {
            out.println("! a point where accesses failed or reads returned other than the scenario expects");
        }
    }

    /** The crossover in words. */
    public static String crossover(ParameterEffect e) {
        if (!e.rankingChanges()) {
            return "ranking unchanged";
        }
        Crossover c = e.crossover();
        String pair = String.join(" and ", c.swapped()) + " swap" + (c.clean() ? "" : " (!: where accesses failed)");
        return c.lastSame() == null ? "ranking changes at " + c.value() + ": " + pair
                : "ranking changes between " + c.lastSame() + " and " + c.value() + ": " + pair;
    }

    private static boolean anyFailed(Point p) {
        return p.figures().stream().anyMatch(f -> f.failed() > 0);
    }

    private static String mark(Figures f) {
        return f.failed() > 0 ? "!" : "";
    }

    private static String signedWhole(long d) {
        return d == 0 ? "0" : String.format(Locale.ROOT, "%+d", d);
    }

    private static String signed(double d) {
        return d == 0 ? "0" : String.format(Locale.ROOT, "%+.1f", d);
    }
}

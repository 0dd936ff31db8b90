package org.virtiosim.testbench.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.virtiosim.core.stats.LatencyStats;
import org.virtiosim.device.scheme.DeviceCost;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.RunResult;
import org.virtiosim.testbench.compare.Testbench;

/**
 * The compare tables, as text or JSON (schema in the README). Both are written from one tree per
 * row ({@link #fields}); with several seeds the rows of every seed are merged into one
 * ({@link Repeats}), each figure their mean with a {@code ci95} half-width, and the text is that
 * same tree printed.
 */
public final class CompareReport {
    /**
     * 2: rows gained backing, notify_route, register_accesses, notifies, notify_cycles and
     * device_cost (replacing device_state_bytes_per_vf); access_cycles covers register accesses only;
     * with several seeds, ci95 beside every figure.
     */
    public static final int SCHEMA_VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CompareReport() {
    }

    /** One run's row; {@code key} names it ({@code scheme} or {@code path}). */
    public static ObjectNode fields(ObjectNode o, RunResult r, String key) {
        o.put(key, r.name());
        o.put("backing", org.virtiosim.core.param.Param.id(r.backing()));
        o.put("notify_route", r.notifyRoute());
        o.put("accesses", r.accesses());
        o.put("register_accesses", r.registerAccesses());
        o.put("notifies", r.notifies());
        stats(o.putObject("access_cycles"), r.accessCycles());
        if (r.notifyCycles() != null) {
            stats(o.putObject("notify_cycles"), r.notifyCycles());
        }
        if (r.kickCycles() != null) {
            stats(o.putObject("kick_cycles"), r.kickCycles());
        }
        o.put("total_cycles", r.totalCycles());
        ObjectNode tlps = o.putObject("tlps");
        tlps.put("down", r.tlpsDown());
        tlps.put("up", r.tlpsUp());
        ObjectNode bytes = o.putObject("link_bytes");
        bytes.put("down", r.bytesDown());
        bytes.put("up", r.bytesUp());
        o.put("host_busy_ns", r.hostBusyNs());
        stats(o.putObject("vf_open_ns"), r.vfOpenNs());
        if (r.kickCycles() == null) {
            // A notify-route row's runs set up through one fixed scheme: its device cost says nothing of the route.
            deviceCost(o.putObject("device_cost"), r.deviceCost());
        }
        o.put("completion_timeouts", r.completionTimeouts());
        o.put("mismatches", r.mismatches());
        o.put("intermediate_macs", r.intermediateMacs());
        ObjectNode refused = o.putObject("device_refusals");
        r.deviceRefusals().forEach(refused::put);
        ObjectNode v = o.putObject("violations");
        r.violations().forEach(v::put);
        if (!r.phases().isEmpty()) {
            ObjectNode phases = o.putObject("phases");
            for (org.virtiosim.testbench.compare.PhaseFigures p : r.phases()) {
                ObjectNode q = phases.putObject(p.phase());
                q.put("accesses", p.accesses());
                q.put("mean_ns", Math.round(p.meanNs() * 10) / 10.0);
                q.put("per_vf_us", Math.round(p.perVfUs() * 1000) / 1000.0);
            }
        }
        return o;
    }

    /** The four device-cost figures, under the names scripts read. */
    public static void deviceCost(ObjectNode o, DeviceCost c) {
        o.put("fast_path_bits_per_vf", c.fastPathBitsPerVf());
        o.put("firmware_bytes_per_vf", c.firmwareBytesPerVf());
        o.put("bar_aperture_bytes_per_vf", c.barApertureBytesPerVf());
        o.put("device_fixed_bytes", c.deviceFixedBytes());
    }

    private static void stats(ObjectNode o, LatencyStats s) {
        o.put("mean", Math.round(s.mean() * 10) / 10.0);
        o.put("p50", s.count() == 0 ? 0 : s.p50());
        o.put("p99", s.count() == 0 ? 0 : s.p99());
        o.put("max", s.max());
    }

    public static String json(String scenario, CompareConfig cfg, List<RunResult> schemes, List<RunResult> notify) {
        return json(scenario, cfg, schemes, notify, List.of());
    }

    /** With the faults injected (--fault), so a report says it did not come from a healthy device. */
    public static String json(String scenario, CompareConfig cfg, List<RunResult> schemes, List<RunResult> notify, List<String> faults) {
        return json(List.of(new StudyResult(scenario, cfg, faults, schemes, notify)));
    }

    /** As the other, on the firmware named {@code firmware}. */
    public static String json(String scenario, CompareConfig cfg, List<RunResult> schemes, List<RunResult> notify, List<String> faults,
            String firmware) {
        return json(List.of(new StudyResult(scenario, cfg, faults, schemes, notify, firmware)));
    }

    /** A study run at one or more seeds (the first seed's config heads the report); faults as the first says. */
    public static String json(List<StudyResult> seeds) {
        try {
            return JSON.writeValueAsString(tree(seeds));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The report as a tree: what {@link #json} writes and {@link #text} prints. */
    public static ObjectNode tree(List<StudyResult> seeds) {
        StudyResult first = seeds.get(0);
        CompareConfig cfg = first.config();
        ObjectNode root = JSON.createObjectNode();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("scenario", first.name());
        root.put("vfs", cfg.vfs());
        root.put("device_clock_mhz", 1_000_000 / cfg.device().clockPs());
        root.put("seed", cfg.seed());
        if (seeds.size() > 1) {
            root.put("repeat", seeds.size());
        }
        root.put("notify_route", cfg.get(Testbench.NOTIFY_ROUTE).id());
        root.put("firmware", first.firmware());
        ArrayNode backings = root.putArray("backings");
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        first.schemes().forEach(r -> seen.add(org.virtiosim.core.param.Param.id(r.backing())));
        first.notifyRoutes().forEach(r -> seen.add(org.virtiosim.core.param.Param.id(r.backing())));
        seen.forEach(backings::add);
        if (!first.faults().isEmpty()) {
            ArrayNode f = root.putArray("faults");
            first.faults().forEach(f::add);
        }
        root.set("schemes", rows(seeds, true));
        root.set("notify", rows(seeds, false));
        return root;
    }

    private static ArrayNode rows(List<StudyResult> seeds, boolean schemes) {
        ArrayNode out = JSON.createArrayNode();
        int n = (schemes ? seeds.get(0).schemes() : seeds.get(0).notifyRoutes()).size();
        for (int i = 0; i < n; i++) {
            List<ObjectNode> perSeed = new ArrayList<>();
            for (StudyResult s : seeds) {
                RunResult r = (schemes ? s.schemes() : s.notifyRoutes()).get(i);
                perSeed.add(fields(JSON.createObjectNode(), r, schemes ? "scheme" : "path"));
            }
            out.add(Repeats.merge(perSeed));
        }
        return out;
    }

    public static void text(PrintWriter out, String scenario, CompareConfig cfg, List<RunResult> schemes, List<RunResult> notify,
            List<String> faults) {
        text(out, List.of(new StudyResult(scenario, cfg, faults, schemes, notify)));
    }

    /** As the other, on the firmware named {@code firmware}. */
    public static void text(PrintWriter out, String scenario, CompareConfig cfg, List<RunResult> schemes, List<RunResult> notify,
            List<String> faults, String firmware) {
        text(out, List.of(new StudyResult(scenario, cfg, faults, schemes, notify, firmware)));
    }

    /** The tables of a study run at one or more seeds; with several, each mean with ± its 95% confidence half-width. */
    public static void text(PrintWriter out, List<StudyResult> seeds) {
        ObjectNode t = tree(seeds);
        CompareConfig cfg = seeds.get(0).config();
        long clockPs = cfg.device().clockPs();
        out.printf(Locale.ROOT, "scenario %s, %d VFs, PCIe gen%d x%d, device clock %d MHz, seed %d%s%n", t.get("scenario").asText(),
                cfg.vfs(), cfg.link().generation().number(), cfg.link().lanes(), 1_000_000 / clockPs, cfg.seed(),
                seeds.size() > 1 ? String.format(Locale.ROOT, " (and the next %d: %d seeds, mean ± 95%% CI)", seeds.size() - 1,
                        seeds.size()) : "");
        List<String> backings = new ArrayList<>();
        t.get("backings").forEach(b -> backings.add(b.asText()));
        out.printf(Locale.ROOT, "backing %s; every scheme's queue notifies go by %s; firmware %s%n", String.join(" and ", backings),
                t.get("notify_route").asText(), t.get("firmware").asText());
        if (t.has("faults")) {
            List<String> f = new ArrayList<>();
            t.get("faults").forEach(x -> f.add(x.asText()));
            out.println("faults injected: " + String.join(", ", f));
        }
        boolean many = backings.size() > 1;
        if (!t.get("schemes").isEmpty()) {
            out.println();
            out.println("legacy register access, per scheme (latency: guest trap to instruction retire, device cycles; notifies apart)");
            table(out, t.get("schemes"), "scheme", clockPs, many);
        }
        if (!t.get("notify").isEmpty()) {
            out.println();
            out.println("queue notify, per notification path (kick: guest trap to the device's queue engine kicked)");
            table(out, t.get("notify"), "path", clockPs, many);
        }
        if (t.get("schemes").size() > 0 && t.get("schemes").get(0).has("phases")) {
            out.println();
            phases(out, t.get("schemes"), cfg.vfs());
        }
        out.println();
        boolean clean = true;
        for (StudyResult s : seeds) {
            for (RunResult r : s.schemes()) {
                clean &= violations(out, "", r, s, seeds.size());
            }
            for (RunResult r : s.notifyRoutes()) {
                clean &= violations(out, "notify ", r, s, seeds.size());
            }
        }
        if (clean) {
            out.println("protocol checks: " + String.join("; ", RunResult.CHECKS) + ": all passed");
        }
    }

    private static boolean violations(PrintWriter out, String kind, RunResult r, StudyResult s, int seeds) {
        for (Map.Entry<String, String> e : r.violations().entrySet()) {
            out.printf(Locale.ROOT, "PROTOCOL VIOLATION %s%s%s: %s: %s%n", kind, r.name(),
                    seeds > 1 ? " (seed " + s.config().seed() + ")" : "", e.getKey(), e.getValue());
        }
        return r.violations().isEmpty();
    }

    private static void table(PrintWriter out, JsonNode rows, String key, long clockPs, boolean backing) {
        boolean kick = key.equals("path");
        boolean ci = rows.get(0).has("ci95");
        int w = ci ? 15 : 9;
        String name = backing ? "%-18s" : "%-9s";
        out.printf(Locale.ROOT, name + " %8s %8s %" + w + "s %7s %7s %7s %9s%s %12s %13s %15s %11s %s %5s %10s%n", "", kick ? "accesses"
                : "reg acc", "notifies", "mean", "p50", "p99", "max", "mean ns", kick ? String.format(Locale.ROOT, " %" + w + "s", "kick mean")
                : String.format(Locale.ROOT, " %9s", "notify"), "total cyc", "TLPs dn/up", "bytes dn/up", "host us",
                kick ? "" : String.format(Locale.ROOT, "%7s %7s %7s", "fast b", "fw B", "bar B"), "CTO", "mismatches");
        for (JsonNode r : rows) {
            JsonNode a = r.get("access_cycles");
            String label = r.get(key).asText() + (backing ? "/" + r.get("backing").asText() : "");
            out.printf(Locale.ROOT, name + " %8s %8s %" + w + "s %7s %7s %7s %9.1f%s %12s %13s %15s %11.1f %s %5s %10s%n", label,
                    whole(r, kick ? "accesses" : "register_accesses"), whole(r, "notifies"), withCi(a, "mean"), whole(a, "p50"),
                    whole(a, "p99"), whole(a, "max"), a.get("mean").asDouble() * clockPs / 1000.0,
                    kick ? " " + String.format(Locale.ROOT, "%" + w + "s", withCi(r.get("kick_cycles"), "mean"))
                            : String.format(Locale.ROOT, " %9.1f", r.get("notify_cycles").get("mean").asDouble()),
                    whole(r, "total_cycles"), whole(r.get("tlps"), "down") + "/" + whole(r.get("tlps"), "up"),
                    whole(r.get("link_bytes"), "down") + "/" + whole(r.get("link_bytes"), "up"), r.get("host_busy_ns").asDouble() / 1000.0,
                    kick ? "" : String.format(Locale.ROOT, "%7s %7s %7s", whole(r.get("device_cost"), "fast_path_bits_per_vf"),
                            whole(r.get("device_cost"), "firmware_bytes_per_vf"), whole(r.get("device_cost"), "bar_aperture_bytes_per_vf")),
                    whole(r, "completion_timeouts"), whole(r, "mismatches"));
        }
    }

    /**
     * Per phase of a marked trace (the guest's markers), a column per scheme: what the phase's accesses cost one
     * VF's guest, added up (µs), and the mean of one (ns).
     */
    private static void phases(PrintWriter out, JsonNode rows, int vfs) {
        out.println("per trace phase (the guest's markers): accesses per VF; per scheme, the phase's accesses of one VF added up, µs"
                + " (mean of one, ns)");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-12s %8s", "phase", "acc/VF"));
        rows.forEach(r -> head.append(String.format(Locale.ROOT, " %22s", r.get("scheme").asText()
                + (r.has("backing") && rows.size() > 1 && !r.get("backing").asText().equals(rows.get(0).get("backing").asText())
                        ? "/" + r.get("backing").asText() : ""))));
        out.println(head);
        for (java.util.Iterator<String> it = rows.get(0).get("phases").fieldNames(); it.hasNext();) {
            String phase = it.next();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s %8.1f", phase,
                    rows.get(0).get("phases").get(phase).get("accesses").asDouble() / vfs));
            for (JsonNode r : rows) {
                JsonNode q = r.path("phases").path(phase);
                line.append(q.isMissingNode() ? String.format(Locale.ROOT, " %22s", "-") : String.format(Locale.ROOT, " %22s",
                        String.format(Locale.ROOT, "%.2f (%.1f)", q.get("per_vf_us").asDouble(), q.get("mean_ns").asDouble())));
            }
            out.println(line);
        }
    }

    /** A count as a whole number (a mean over seeds rounded). */
    private static String whole(JsonNode o, String field) {
        return String.valueOf(Math.round(o.get(field).asDouble()));
    }

    /** A mean with one decimal, and ± its half-width when the row is over several seeds. */
    private static String withCi(JsonNode o, String field) {
        String v = String.format(Locale.ROOT, "%.1f", o.get(field).asDouble());
        return o.has("ci95") ? v + "±" + String.format(Locale.ROOT, "%.1f", o.get("ci95").get(field).asDouble()) : v;
    }
}

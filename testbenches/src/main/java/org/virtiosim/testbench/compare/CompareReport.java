package org.virtiosim.testbench.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.virtiosim.core.stats.LatencyStats;

/** The compare tables, as text or JSON (schema in the README). */
public final class CompareReport {
    public static final int SCHEMA_VERSION = 1;

    private CompareReport() {
    }

    public static ObjectNode fields(ObjectNode o, RunResult r, String key) {
        o.put(key, r.name());
        o.put("accesses", r.accesses());
        stats(o.putObject("access_cycles"), r.accessCycles());
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
        o.put("device_state_bytes_per_vf", r.deviceStateBytesPerVf());
        o.put("completion_timeouts", r.completionTimeouts());
        o.put("mismatches", r.mismatches());
        ObjectNode v = o.putObject("violations");
        r.violations().forEach(v::put);
        return o;
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
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("scenario", scenario);
        root.put("vfs", cfg.vfs());
        root.put("device_clock_mhz", 1_000_000 / cfg.device().clockPs());
        root.put("seed", cfg.seed());
        if (!faults.isEmpty()) {
            ArrayNode f = root.putArray("faults");
            faults.forEach(f::add);
        }
        ArrayNode s = root.putArray("schemes");
        for (RunResult r : schemes) {
            fields(s.addObject(), r, "scheme");
        }
        ArrayNode n = root.putArray("notify");
        for (RunResult r : notify) {
            fields(n.addObject(), r, "path");
        }
        try {
            return m.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void text(PrintWriter out, String scenario, CompareConfig cfg, List<RunResult> schemes, List<RunResult> notify,
            List<String> faults) {
        long clockPs = cfg.device().clockPs();
        out.printf(Locale.ROOT, "scenario %s, %d VFs, PCIe gen%d x%d, device clock %d MHz, seed %d%n", scenario, cfg.vfs(),
                cfg.link().generation().number(), cfg.link().lanes(), 1_000_000 / clockPs, cfg.seed());
        if (!faults.isEmpty()) {
            out.println("faults injected: " + String.join(", ", faults));
        }
        if (!schemes.isEmpty()) {
            out.println();
            out.println("legacy register access, per scheme (latency: guest trap to instruction retire, device cycles)");
            table(out, schemes, clockPs, false);
        }
        if (!notify.isEmpty()) {
            out.println();
            out.println("queue notify, per notification path (kick: guest trap to the device's queue engine kicked)");
            table(out, notify, clockPs, true);
        }
        out.println();
        boolean clean = true;
        for (RunResult r : schemes) {
            for (java.util.Map.Entry<String, String> e : r.violations().entrySet()) {
                out.printf(Locale.ROOT, "PROTOCOL VIOLATION %s: %s: %s%n", r.name(), e.getKey(), e.getValue());
                clean = false;
            }
        }
        for (RunResult r : notify) {
            for (java.util.Map.Entry<String, String> e : r.violations().entrySet()) {
                out.printf(Locale.ROOT, "PROTOCOL VIOLATION notify %s: %s: %s%n", r.name(), e.getKey(), e.getValue());
                clean = false;
            }
        }
        if (clean) {
            out.println("protocol checks: " + String.join("; ", RunResult.CHECKS) + ": all passed");
        }
    }

    private static void table(PrintWriter out, List<RunResult> rows, long clockPs, boolean kick) {
        out.printf(Locale.ROOT, "%-9s %8s %9s %7s %7s %7s %9s%s %12s %13s %15s %11s %7s %5s %10s%n", "", "accesses", "mean", "p50",
                "p99", "max", "mean ns", kick ? String.format(Locale.ROOT, " %9s", "kick mean") : "", "total cyc", "TLPs dn/up",
                "bytes dn/up", "host us", "state B", "CTO", "mismatches");
        for (RunResult r : rows) {
            LatencyStats s = r.accessCycles();
            out.printf(Locale.ROOT, "%-9s %8d %9.1f %7d %7d %7d %9.1f%s %12d %13s %15s %11.1f %7d %5d %10d%n", r.name(), r.accesses(),
                    s.mean(), s.count() == 0 ? 0 : s.p50(), s.count() == 0 ? 0 : s.p99(), s.max(), s.mean() * clockPs / 1000.0,
                    kick ? String.format(Locale.ROOT, " %9.1f", r.kickCycles().mean()) : "", r.totalCycles(),
                    r.tlpsDown() + "/" + r.tlpsUp(), r.bytesDown() + "/" + r.bytesUp(), r.hostBusyNs() / 1000.0,
                    r.deviceStateBytesPerVf(), r.completionTimeouts(), r.mismatches());
        }
    }
}

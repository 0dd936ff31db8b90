package org.virtiosim.testbench.sweep;

import java.util.LinkedHashMap;
import java.util.Map;
import org.virtiosim.testbench.compare.RunResult;

/**
 * One point's result: its index, its parameters, and the compare fields, as ordered text values
 * so that CSV and JSON written from any shard or resumed run are byte-identical.
 */
public record SweepRow(int point, LinkedHashMap<String, String> values) {
    /** 2: added protocol_violations (how many of the protocol checks failed at this point). */
    public static final int SCHEMA_VERSION = 2;

    /** The result columns after the parameters, in order. */
    public static final String[] RESULT_COLUMNS = {"accesses", "access_cycles_mean", "access_cycles_p50", "access_cycles_p99",
        "access_cycles_max", "total_cycles", "tlps_down", "tlps_up", "link_bytes_down", "link_bytes_up", "host_busy_ns",
        "device_state_bytes_per_vf", "completion_timeouts", "mismatches", "protocol_violations"};

    public static SweepRow of(int point, long seed, String scenario, Map<String, String> parameters, RunResult r) {
        LinkedHashMap<String, String> v = new LinkedHashMap<>();
        v.put("schema_version", String.valueOf(SCHEMA_VERSION));
        v.put("point", String.valueOf(point));
        v.put("seed", String.valueOf(seed));
        v.put("scenario", scenario);
        v.putAll(parameters);
        v.put("accesses", String.valueOf(r.accesses()));
        v.put("access_cycles_mean", String.format(java.util.Locale.ROOT, "%.1f", r.accessCycles().mean()));
        v.put("access_cycles_p50", String.valueOf(r.accessCycles().count() == 0 ? 0 : r.accessCycles().p50()));
        v.put("access_cycles_p99", String.valueOf(r.accessCycles().count() == 0 ? 0 : r.accessCycles().p99()));
        v.put("access_cycles_max", String.valueOf(r.accessCycles().max()));
        v.put("total_cycles", String.valueOf(r.totalCycles()));
        v.put("tlps_down", String.valueOf(r.tlpsDown()));
        v.put("tlps_up", String.valueOf(r.tlpsUp()));
        v.put("link_bytes_down", String.valueOf(r.bytesDown()));
        v.put("link_bytes_up", String.valueOf(r.bytesUp()));
        v.put("host_busy_ns", String.valueOf(r.hostBusyNs()));
        v.put("device_state_bytes_per_vf", String.valueOf(r.deviceStateBytesPerVf()));
        v.put("completion_timeouts", String.valueOf(r.completionTimeouts()));
        v.put("mismatches", String.valueOf(r.mismatches()));
        v.put("protocol_violations", String.valueOf(r.violations().size()));
        return new SweepRow(point, v);
    }
}

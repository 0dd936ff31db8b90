package org.virtiosim.testbench.sweep;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.virtiosim.testbench.compare.RunResult;

/**
 * One point's result: its index, the seed and scenario, the point's parameters as the grid gives
 * them, and the run's figures, typed. They become text only when written ({@link #cells()}), the
 * same way from any shard or resumed run, so written files are byte-identical.
 *
 * @param parameters the point's grid values, in grid order
 */
public record SweepRow(int point, long seed, String scenario, LinkedHashMap<String, String> parameters, Figures figures) {
    /** 2: added protocol_violations (how many of the protocol checks failed at this point). */
    public static final int SCHEMA_VERSION = 2;

    /**
     * A point's figures, in the order they are written.
     *
     * @param accessCyclesMean rounded to one decimal, as written
     */
    public record Figures(long accesses, double accessCyclesMean, long accessCyclesP50, long accessCyclesP99, long accessCyclesMax,
                          long totalCycles, long tlpsDown, long tlpsUp, long linkBytesDown, long linkBytesUp, long hostBusyNs,
                          long deviceStateBytesPerVf, long completionTimeouts, long mismatches, long protocolViolations) {
        /** The columns, in the order written. */
        public static final String[] COLUMNS = {"accesses", "access_cycles_mean", "access_cycles_p50", "access_cycles_p99",
            "access_cycles_max", "total_cycles", "tlps_down", "tlps_up", "link_bytes_down", "link_bytes_up", "host_busy_ns",
            "device_state_bytes_per_vf", "completion_timeouts", "mismatches", "protocol_violations"};

        static Figures of(RunResult r) {
            boolean any = r.accessCycles().count() > 0;
            return new Figures(r.accesses(), Double.parseDouble(oneDecimal(r.accessCycles().mean())), any ? r.accessCycles().p50() : 0,
                    any ? r.accessCycles().p99() : 0, r.accessCycles().max(), r.totalCycles(), r.tlpsDown(), r.tlpsUp(), r.bytesDown(),
                    r.bytesUp(), r.hostBusyNs(), r.deviceStateBytesPerVf(), r.completionTimeouts(), r.mismatches(), r.violations().size());
        }

        /** Read back from written text, in {@link #COLUMNS} order. */
        static Figures parse(Map<String, String> text) {
            long[] v = new long[COLUMNS.length];
            for (int i = 0; i < COLUMNS.length; i++) {
                if (i != 1) {
                    v[i] = Long.parseLong(text.get(COLUMNS[i]));
                }
            }
            return new Figures(v[0], Double.parseDouble(text.get(COLUMNS[1])), v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10],
                    v[11], v[12], v[13], v[14]);
        }

        private String[] text() {
            return new String[] {String.valueOf(accesses), oneDecimal(accessCyclesMean), String.valueOf(accessCyclesP50),
                String.valueOf(accessCyclesP99), String.valueOf(accessCyclesMax), String.valueOf(totalCycles), String.valueOf(tlpsDown),
                String.valueOf(tlpsUp), String.valueOf(linkBytesDown), String.valueOf(linkBytesUp), String.valueOf(hostBusyNs),
                String.valueOf(deviceStateBytesPerVf), String.valueOf(completionTimeouts), String.valueOf(mismatches),
                String.valueOf(protocolViolations)};
        }

        /** What the sweep counts as a failed point's problems: mismatches, timeouts and failed checks. */
        public long failures() {
            return mismatches + completionTimeouts + protocolViolations;
        }

        private static String oneDecimal(double d) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
    }

    public static SweepRow of(int point, long seed, String scenario, Map<String, String> parameters, RunResult r) {
        return new SweepRow(point, seed, scenario, new LinkedHashMap<>(parameters), Figures.of(r));
    }

    /** Every column as written, in order: schema_version, point, seed, scenario, the parameters, the figures. */
    public LinkedHashMap<String, String> cells() {
        LinkedHashMap<String, String> v = new LinkedHashMap<>();
        v.put("schema_version", String.valueOf(SCHEMA_VERSION));
        v.put("point", String.valueOf(point));
        v.put("seed", String.valueOf(seed));
        v.put("scenario", scenario);
        v.putAll(parameters);
        String[] f = figures.text();
        for (int i = 0; i < f.length; i++) {
            v.put(Figures.COLUMNS[i], f[i]);
        }
        return v;
    }

    /** A row read back from its written cells. */
    static SweepRow fromCells(Map<String, String> cells) {
        LinkedHashMap<String, String> params = new LinkedHashMap<>();
        java.util.Set<String> fixed = java.util.Set.of("schema_version", "point", "seed", "scenario");
        java.util.Set<String> figures = java.util.Set.of(Figures.COLUMNS);
        for (Map.Entry<String, String> e : cells.entrySet()) {
            if (!fixed.contains(e.getKey()) && !figures.contains(e.getKey())) {
                params.put(e.getKey(), e.getValue());
            }
        }
        return new SweepRow(Integer.parseInt(cells.get("point")), Long.parseLong(cells.get("seed")), cells.get("scenario"), params,
                Figures.parse(cells));
    }
}

package org.virtiosim.testbench.sweep;

import org.virtiosim.core.param.NumberText;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.virtiosim.core.param.NumberText;
import org.virtiosim.device.scheme.DeviceCost;
import org.virtiosim.testbench.compare.RunResult;

/**
 * One point's result: its index, the seed and scenario, the point's parameters as the grid gives
 * them, and the run's figures, typed. They become text only when written ({@link #cells()}), the
 * same way from any shard or resumed run, so written files are byte-identical.
 *
 * @param parameters the point's grid values, in grid order
 */
public record SweepRow(int point, long seed, String scenario, LinkedHashMap<String, String> parameters, Figures figures) {
    /**
     * 2: added protocol_violations (how many of the protocol checks failed at this point). 3:
     * register_accesses and notifies; access cycles of register accesses only; the four device_cost
     * figures in place of device_state_bytes_per_vf.
     */
    public static final int SCHEMA_VERSION = 3;

    /**
     * A point's figures, in the order they are written.
     *
     * @param accessCyclesMean rounded to one decimal, as written
     */
    public record Figures(long accesses, long registerAccesses, long notifies, double accessCyclesMean, long accessCyclesP50,
                          long accessCyclesP99, long accessCyclesMax, long totalCycles, long tlpsDown, long tlpsUp, long linkBytesDown,
                          long linkBytesUp, long hostBusyNs, long fastPathBitsPerVf, long firmwareBytesPerVf, long barApertureBytesPerVf,
                          long deviceFixedBytes, long completionTimeouts, long mismatches, long protocolViolations) {
        /** The columns, in the order written. */
        public static final String[] COLUMNS = {"accesses", "register_accesses", "notifies", "access_cycles_mean", "access_cycles_p50",
            "access_cycles_p99", "access_cycles_max", "total_cycles", "tlps_down", "tlps_up", "link_bytes_down", "link_bytes_up",
            "host_busy_ns", "fast_path_bits_per_vf", "firmware_bytes_per_vf", "bar_aperture_bytes_per_vf", "device_fixed_bytes",
            "completion_timeouts", "mismatches", "protocol_violations"};
        /** The one column that is not a whole number. */
        static final int MEAN = 3;

        static Figures of(RunResult r) {
            boolean any = r.accessCycles().count() > 0;
            DeviceCost c = r.deviceCost();
            return new Figures(r.accesses(), r.registerAccesses(), r.notifies(), Double.parseDouble(oneDecimal(r.accessCycles().mean())),
                    any ? r.accessCycles().p50() : 0, any ? r.accessCycles().p99() : 0, r.accessCycles().max(), r.totalCycles(),
                    r.tlpsDown(), r.tlpsUp(), r.bytesDown(), r.bytesUp(), r.hostBusyNs(), c.fastPathBitsPerVf(), c.firmwareBytesPerVf(),
                    c.barApertureBytesPerVf(), c.deviceFixedBytes(), r.completionTimeouts(), r.mismatches(), r.violations().size());
        }

        /** Read back from written text, in {@link #COLUMNS} order. */
        static Figures parse(Map<String, String> text) {
            long[] v = new long[COLUMNS.length];
            for (int i = 0; i < COLUMNS.length; i++) {
                if (i != MEAN) {
                    v[i] = NumberText.whole(cell(text, COLUMNS[i]), 0, Long.MAX_VALUE, "");
                }
            }
            String mean = cell(text, COLUMNS[MEAN]);
            return new Figures(v[0], v[1], v[2], mean.equals("NaN") ? Double.NaN : NumberText.decimal(mean, 0, Double.MAX_VALUE, ""), v[4], v[5], v[6], v[7], v[8], v[9], v[10],
                    v[11], v[12], v[13], v[14], v[15], v[16], v[17], v[18], v[19]);
        }

        private String[] text() {
            long[] v = {accesses, registerAccesses, notifies, 0, accessCyclesP50, accessCyclesP99, accessCyclesMax, totalCycles, tlpsDown,
                tlpsUp, linkBytesDown, linkBytesUp, hostBusyNs, fastPathBitsPerVf, firmwareBytesPerVf, barApertureBytesPerVf,
                deviceFixedBytes, completionTimeouts, mismatches, protocolViolations};
            String[] t = new String[v.length];
            for (int i = 0; i < v.length; i++) {
                t[i] = i == MEAN ? oneDecimal(accessCyclesMean) : String.valueOf(v[i]);
            }
            return t;
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

    /** A written cell; IllegalArgumentException naming the column when it is missing. */
    private static String cell(Map<String, String> cells, String column) {
        String v = cells.get(column);
        if (v == null) {
            throw new IllegalArgumentException("no " + column);
        }
        return v;
    }

    /** A row read back from its written cells; IllegalArgumentException with a one-line reason when a cell is missing or not a count. */
    static SweepRow fromCells(Map<String, String> cells) {
        LinkedHashMap<String, String> params = new LinkedHashMap<>();
        java.util.Set<String> fixed = java.util.Set.of("schema_version", "point", "seed", "scenario");
        java.util.Set<String> figures = java.util.Set.of(Figures.COLUMNS);
        for (Map.Entry<String, String> e : cells.entrySet()) {
            if (!fixed.contains(e.getKey()) && !figures.contains(e.getKey())) {
                params.put(e.getKey(), e.getValue());
            }
        }
        int point;
        long seed;
        try {
            point = (int) NumberText.whole(cell(cells, "point"), 0, Integer.MAX_VALUE, "");
            seed = NumberText.whole(cell(cells, "seed"), Long.MIN_VALUE, Long.MAX_VALUE, "");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("point or seed: " + e.getMessage());
        }
        return new SweepRow(point, seed, cell(cells, "scenario"), params, Figures.parse(cells));
    }

    /**
     * A row read back from a file of sweep {@code grid} at {@code seed} on {@code scenario}: every
     * field checked first, a bad one an IllegalArgumentException naming it ("field 'tlps_down': ...").
     */
    static SweepRow fromCells(Map<String, String> cells, Grid grid, long seed, String scenario) {
        String point = cells.get("point");
        long index = wholeNumber(cells, "point");
        if (index >= grid.size()) {
            throw new IllegalArgumentException("field 'point': " + point + " is not a point of the grid (0.." + (grid.size() - 1) + ")");
        }
        if (!String.valueOf(seed).equals(cells.get("seed"))) {
            throw new IllegalArgumentException("field 'seed': " + shown(cells.get("seed")) + ", but the file's seed is " + seed);
        }
        if (!scenario.equals(cells.get("scenario"))) {
            throw new IllegalArgumentException("field 'scenario': " + shown(cells.get("scenario")) + ", but the file's scenario is " + scenario);
        }
        for (Map.Entry<String, String> p : grid.point((int) index).entrySet()) {
            if (!p.getValue().equals(cells.get(p.getKey()))) {
                throw new IllegalArgumentException("field '" + p.getKey() + "': " + shown(cells.get(p.getKey())) + ", but point " + index
                        + " has " + p.getKey() + "=" + p.getValue());
            }
        }
        for (int i = 0; i < Figures.COLUMNS.length; i++) {
            String c = Figures.COLUMNS[i];
            if (i == Figures.MEAN) {
                String m = cells.get(c);
                if (m == null || !m.matches("(0|[1-9][0-9]*)(\\.[0-9]+)?")) {
                    throw new IllegalArgumentException("field '" + c + "': " + shown(m) + ", expected a number >= 0");
                }
            } else {
                wholeNumber(cells, c);
            }
        }
        return fromCells(cells);
    }

    private static long wholeNumber(Map<String, String> cells, String field) {
        String v = cells.get(field);
        if (v == null) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        if (!v.matches("0|[1-9][0-9]{0,17}")) {
            throw new IllegalArgumentException("field '" + field + "': " + shown(v) + ", expected a whole number >= 0");
        }
        return Long.parseLong(v);
    }

    /** A value as echoed in a message: quoted, and cut if long. */
    private static String shown(String v) {
        if (v == null) {
            return "missing";
        }
        return "'" + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + "'";
    }
}

package org.virtiosim.testbench.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.Parameters;
import org.virtiosim.testbench.compare.RunResult;
import org.virtiosim.testbench.compare.Scenarios;
import org.virtiosim.testbench.study.FirmwareChoice;
import org.virtiosim.testbench.study.Study;
import org.virtiosim.testbench.trace.Trace;
import org.virtiosim.testbench.trace.TraceException;

/**
 * Runs a grid of compare runs, one scheme per point, in parallel; each finished point is written
 * out at once. Dimensions: {@code vfs}, {@code scheme} (every scheme in the catalog unless varied),
 * {@code firmware} (a {@link FirmwareChoice} name, found through the sweep's firmware class loader;
 * {@code default} when the grid has none) and any {@code --set} parameter.
 */
public final class Sweep {
    private final Grid grid;
    private final String scenario;
    private final long seed;
    private final Path out;
    private final int threads;
    private final ClassLoader firmwareLoader;

    /** The grid dimension that names the device's firmware. */
    public static final String FIRMWARE = "firmware";

    public Sweep(Grid grid, String scenario, long seed, Path out, int threads) {
        this(grid, scenario, seed, out, threads, Sweep.class.getClassLoader());
    }

    /** @param firmwareLoader where a {@code firmware} value that is no built-in's id is looked up as a class */
    public Sweep(Grid grid, String scenario, long seed, Path out, int threads, ClassLoader firmwareLoader) {
        this.firmwareLoader = firmwareLoader;
        this.grid = grid;
        this.scenario = scenario;
        this.seed = seed;
        this.out = out;
        this.threads = threads;
    }

    /** The grid dimension naming a device profile (applied before the point's parameters, which win). */
    public static final String DEVICE_PROFILE = "device_profile";

    /** VFs of a point whose grid does not vary them. */
    public static final int DEFAULT_VFS = 8;

    /** Builds the configuration and scheme of one point; throws IllegalArgumentException on a bad value. */
    public static CompareConfig config(Map<String, String> point, long seed) {
        return config(Scenarios.DEFAULT, point, seed);
    }

    /** As {@link #config(Map, long)}, starting from what the scenario sets ({@link Scenarios#config}). */
    public static CompareConfig config(String scenario, Map<String, String> point, long seed) {
        int vfs = org.virtiosim.device.AddressMap.requireVfs(org.virtiosim.core.param.NumberText.whole(point.getOrDefault("vfs", String.valueOf(DEFAULT_VFS)), Integer.MIN_VALUE, Integer.MAX_VALUE, ""));
        CompareConfig c = Scenarios.config(scenario, vfs).withSeed(seed);
        if (point.containsKey(DEVICE_PROFILE)) {
            c = Parameters.withProfile(c, point.get(DEVICE_PROFILE));
        }
        for (Map.Entry<String, String> e : point.entrySet()) {
            if (!e.getKey().equals("vfs") && !e.getKey().equals("scheme") && !e.getKey().equals(DEVICE_PROFILE)
                    && !e.getKey().equals(FIRMWARE)) {
                c = Parameters.set(c, e.getKey(), e.getValue());
            }
        }
        return c;
    }

    /**
     * Runs the points of shard {@code shard} of {@code shards} not in {@code done}, stopping new
     * points after {@code deadlineNanos} (System.nanoTime scale; Long.MAX_VALUE for none).
     *
     * @return the rows now in the output (done plus new)
     */
    public TreeMap<Integer, SweepRow> run(int shard, int shards, TreeMap<Integer, SweepRow> done, long deadlineNanos,
                                          IntConsumer progress) throws InterruptedException {
        TreeMap<Integer, SweepRow> rows = new TreeMap<>(done);
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            if (Grid.inShard(i, shard, shards) && !rows.containsKey(i)) {
                todo.add(i);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sweep");
            t.setDaemon(true);
            return t;
        });
        List<RuntimeException> failures = new ArrayList<>();
        for (int index : todo) {
            pool.execute(() -> {
                if (System.nanoTime() > deadlineNanos) {
                    return;
                }
                try {
                    LinkedHashMap<String, String> point = grid.point(index);
                    CompareConfig cfg = config(scenario, point, seed);
                    Trace trace = Scenarios.load(scenario, cfg.vfs());
                    FirmwareChoice fw = FirmwareChoice.resolve(point.getOrDefault(FIRMWARE, FirmwareChoice.DEFAULT.name()), firmwareLoader);
                    RunResult r = Study.of(Scenarios.displayName(scenario), trace, cfg).schemeIds(List.of(point.get("scheme")))
                            .notifyRoutes(List.of()).firmwareChoice(fw).build().run().schemes().get(0);
                    SweepRow row = SweepRow.of(index, seed, Scenarios.displayName(scenario), point, r);
                    synchronized (rows) {
                        rows.put(index, row);
                        SweepOutput.write(out, grid.dimensions(), Scenarios.displayName(scenario), seed, rows);
                        progress.accept(rows.size());
                    }
                } catch (IOException e) {
                    synchronized (failures) {
                        failures.add(new UncheckedIOException(e));
                    }
                } catch (TraceException e) {
                    synchronized (failures) {
                        failures.add(new IllegalArgumentException(e.getMessage()));
                    }
                } catch (RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        synchronized (rows) {
            try {
                SweepOutput.write(out, grid.dimensions(), Scenarios.displayName(scenario), seed, rows);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return rows;
        }
    }

    /** How many points shard {@code shard} of {@code shards} has. */
    public int pointsInShard(int shard, int shards) {
        int n = 0;
        for (int i = 0; i < grid.size(); i++) {
            if (Grid.inShard(i, shard, shards)) {
                n++;
            }
        }
        return n;
    }
}

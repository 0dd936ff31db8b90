package org.virtiosim.testbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.virtiosim.testbench.sweep.Grid;
import org.virtiosim.testbench.sweep.SweepOutput;
import org.virtiosim.testbench.sweep.SweepRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code virtio-sim merge DIR... --out DIR}: joins sweep shards into one result. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Join the outputs of sweep shards into one result, identical to the unsharded sweep's.",
            "Every point of the grid must be in some shard (a missing one is named, exit 2) unless --allow-partial."})
final class MergeCommand implements Callable<Integer> {
    /** Missing points named in a message before "and N more". */
    private static final int NAMED = 8;

    @Spec
    CommandSpec spec;
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "shard output directories")
    List<Path> inputs;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where the merged results go")
    Path out;
    @Option(names = "--allow-partial", description = "merge even if some points of the grid are in no shard (they are left out)")
    boolean allowPartial;

    @Override
    public Integer call() throws Exception {
        return OutputPlan.execute(this::run);
    }

    private int run(OutputPlan plan) {
        SweepOutput.Results first = null;
        TreeMap<Integer, SweepRow> rows = new TreeMap<>();
        for (Path dir : inputs) {
            Path json = dir.resolve(SweepOutput.JSON);
            if (!Files.isRegularFile(json)) {
                throw new UsageException(dir + ": no " + SweepOutput.JSON);
            }
            plan.input(dir + " (a shard)", json);
            plan.input(dir + " (a shard)", dir.resolve(SweepOutput.CSV));
            SweepOutput.Results r;
            try {
                r = SweepOutput.read(dir);
            } catch (IOException e) {
                throw new UsageException(e.getMessage());
            }
            if (first == null) {
                first = r;
            } else if (!first.grid().equals(r.grid()) || first.seed() != r.seed() || !first.scenario().equals(r.scenario())) {
                throw new UsageException(dir + ": a different grid, seed or scenario than " + inputs.get(0));
            }
            for (SweepRow row : r.rows().values()) {
                SweepRow prior = rows.putIfAbsent(row.point(), row);
                if (prior != null && !prior.equals(row)) {
                    throw new UsageException(dir + ": point " + row.point() + " differs from another shard's");
                }
            }
        }
        Output json = plan.inDirectory("--out", out, SweepOutput.JSON);
        Output csv = plan.inDirectory("--out", out, SweepOutput.CSV);
        Grid grid = new Grid(new LinkedHashMap<>(first.grid()));
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            if (!rows.containsKey(i)) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty() && !allowPartial) {
            throw new UsageException(missingPoints(grid, missing) + "; merge every shard, or give --allow-partial");
        }
        OutputPlan.write(json, SweepOutput.json(first.grid(), first.scenario(), first.seed(), rows));
        OutputPlan.write(csv, SweepOutput.csv(rows));
        spec.commandLine().getErr().printf("merge: %d points into %s%n", rows.size(), out);
        if (!missing.isEmpty()) {
            spec.commandLine().getErr().println("merge: --allow-partial: " + missingPoints(grid, missing));
        }
        return Main.EXIT_OK;
    }

    /** "3 of 12 points are in no shard: 1 (vfs=1, scheme=aq), 5 (...), ..." */
    private static String missingPoints(Grid grid, List<Integer> missing) {
        StringBuilder b = new StringBuilder().append(missing.size()).append(" of ").append(grid.size()).append(" points are in no shard: ");
        for (int k = 0; k < Math.min(NAMED, missing.size()); k++) {
            int p = missing.get(k);
            b.append(k == 0 ? "" : ", ").append(p).append(" (");
            StringBuilder v = new StringBuilder();
            grid.point(p).forEach((key, value) -> v.append(v.length() == 0 ? "" : ", ").append(key).append('=').append(value));
            b.append(v).append(')');
        }
        if (missing.size() > NAMED) {
            b.append(", and ").append(missing.size() - NAMED).append(" more");
        }
        return b.toString();
    }
}

package org.virtiosim.testbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.virtiosim.testbench.sweep.SweepOutput;
import org.virtiosim.testbench.sweep.SweepRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code virtio-sim merge DIR... --out DIR}: joins sweep shards into one result. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Join the outputs of sweep shards into one result, identical to the unsharded sweep's.")
final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "shard output directories")
    List<Path> inputs;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where the merged results go")
    Path out;

    @Override
    public Integer call() throws IOException {
        SweepOutput.Results first = null;
        TreeMap<Integer, SweepRow> rows = new TreeMap<>();
        for (Path dir : inputs) {
            if (!Files.isRegularFile(dir.resolve(SweepOutput.JSON))) {
                throw new UsageException(dir + ": no " + SweepOutput.JSON);
            }
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
        SweepOutput.write(out, first.grid(), first.scenario(), first.seed(), rows);
        spec.commandLine().getErr().printf("merge: %d points into %s%n", rows.size(), out);
        return Main.EXIT_OK;
    }
}

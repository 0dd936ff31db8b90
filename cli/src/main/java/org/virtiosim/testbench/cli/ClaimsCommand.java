package org.virtiosim.testbench.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.virtiosim.testbench.claims.ClaimContext;
import org.virtiosim.testbench.claims.ClaimResult;
import org.virtiosim.testbench.claims.Claims;
import org.virtiosim.testbench.claims.ClaimsReport;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.Parameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The thread's claims, each checked against runs: evidence and a computed verdict. */
@Command(name = "claims", mixinStandardHelpOptions = true,
        description = {"Check the claims of the May 2023 virtio-comment thread against the simulation.",
            "Each claim: who made it, the figures measured, and a verdict computed by its stated rule:",
            "holds, refuted, or depends (naming the parameter and where the sensitivity analysis found it turns)."})
final class ClaimsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--vfs", description = "number of VFs, 1..65279: the Routing IDs after the PF at bus 1 (default ${DEFAULT-VALUE})")
    long vfs = 8;
    @Option(names = "--seed", description = "run seed (default ${DEFAULT-VALUE})")
    long seed = 1;
    @Option(names = "--set", paramLabel = "name=value", description = "change a parameter every run starts from; repeatable")
    List<String> settings = new ArrayList<>();
    @Option(names = "--no-sensitivity", description = "judge comparative claims at the base only (faster: no sensitivity analysis)")
    boolean noSensitivity;
    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    @Override
    public Integer call() {
        int n = (int) BenchCommand.inRange("--vfs", vfs, 1, org.virtiosim.device.AddressMap.MAX_VFS);
        CompareConfig cfg = CompareConfig.defaults(n).withSeed(seed);
        for (String s : settings) {
            try {
                cfg = Parameters.apply(cfg, s);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        List<ClaimResult> results = Claims.check(new ClaimContext(cfg, !noSensitivity));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(ClaimsReport.json(cfg, results));
        } else {
            ClaimsReport.text(out, cfg, results);
        }
        out.flush();
        return Main.EXIT_OK;
    }
}

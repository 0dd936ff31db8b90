package org.virtiosim.testbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.virtiosim.pcie.bench.LatencyAnchor;
import org.virtiosim.pcie.bench.LatencyBench;
import org.virtiosim.testbench.compare.CompareConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code virtio-sim bench pcie-lat}: the latency anchors the default timing parameters are
 * calibrated to, run on the compare's own host model, DMA engine and link.
 */
@Command(name = "pcie-lat", mixinStandardHelpOptions = true,
        description = {"Simulates single unloaded transactions with the compare's host model (Gen3 x8 by default)",
            "and shows them next to the published figures."})
final class PcieLatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;
    @picocli.CommandLine.Mixin
    WaveformOptions waves;

    @Override
    public Integer call() throws Exception {
        return OutputPlan.execute(this::run);
    }

    private int run(OutputPlan plan) throws Exception {
        waves.validate();
        // The anchors' VCDs are named as each anchor's simulation starts: declared (and checked) then.
        waves.declare(plan, List.of());
        Progress progress = new Progress("pcie-lat", 1);
        progress.step("simulating");
        CompareConfig cfg = CompareConfig.defaults(1);
        LatencyBench bench = new LatencyBench(cfg.link(), cfg.hostModel(), cfg.dmaEngine());
        if (waves.enabled()) {
            bench.observe(waves.anchorObserver(spec.commandLine().getErr()));
        }
        List<LatencyAnchor> anchors = waves.bench(bench::run);
        progress.done();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("link", "gen3x8");
            ArrayNode rows = root.putArray("anchors");
            for (LatencyAnchor a : anchors) {
                ObjectNode r = rows.addObject();
                r.put("name", a.name());
                r.put("sim_ns", Math.round(a.simulatedNs() * 1000) / 1000.0);
                r.put("target_low_ns", a.targetLowNs());
                r.put("target_high_ns", a.targetHighNs());
                r.put("agrees", a.agrees());
                r.put("source", a.source());
            }
            out.println(mapper.writeValueAsString(root));
        } else {
            out.printf(Locale.ROOT, "%-30s %10s %14s %7s  %s%n", "anchor (Gen3 x8)", "sim ns", "published ns", "agrees", "source");
            for (LatencyAnchor a : anchors) {
                String target = a.targetLowNs() == a.targetHighNs() ? String.format(Locale.ROOT, "%.0f", a.targetLowNs())
                        : String.format(Locale.ROOT, "%.0f-%.0f", a.targetLowNs(), a.targetHighNs());
                out.printf(Locale.ROOT, "%-30s %10.1f %14s %7s  %s%n", a.name(), a.simulatedNs(), target,
                        a.agrees() ? "yes" : "NO", a.source());
            }
        }
        out.flush();
        return Main.EXIT_OK;
    }
}

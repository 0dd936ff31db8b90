package org.virtiosim.testbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.virtiosim.pcie.bench.DmaCalibration;
import org.virtiosim.pcie.bench.PcieBenchData;
import org.virtiosim.pcie.txn.DmaEngineTiming;
import org.virtiosim.testbench.compare.CompareConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code virtio-sim bench dma-lat}: the device DMA engine, with the compare's host model, against
 * the pcie-bench data set: DMA read latency per size, and the DMA write throughput at the sizes
 * the data set has it for. The engine's costs are fitted at 64 B and 2 KiB only; every other size
 * shows the model's error.
 */
@Command(name = "dma-lat", mixinStandardHelpOptions = true,
        description = {"Simulates one DMA read per size (nothing else outstanding) with the compare's host model and",
            "DMA engine, next to the pcie-bench data set's medians (NFP6000, Gen3 x8), and the DMA write",
            "throughput where the data set has it. Fitted at 64 B and 2048 B; the error shows at every other size."})
final class DmaLatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--sizes", split = ",", paramLabel = "B",
            description = "transfer sizes in bytes, each one the data set measured (default: every measured read size)")
    List<Long> sizes;
    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<Integer> read = new ArrayList<>();
        List<Integer> write = new ArrayList<>();
        List<Integer> measured = DmaCalibration.readSizes();
        for (long s : sizes == null ? measured.stream().map(Integer::longValue).toList() : sizes) {
            if (s < 1 || s > Integer.MAX_VALUE || !measured.contains((int) s)) {
                throw new UsageException("--sizes: " + s + " B has no pcie-bench DMA read measurement; measured sizes: "
                        + String.join(",", measured.stream().map(String::valueOf).toList()));
            }
            if (!read.contains((int) s)) {
                read.add((int) s);
                if (PcieBenchData.at(PcieBenchData.WRITE_GBPS, (int) s) != null) {
                    write.add((int) s);
                }
            }
        }
        CompareConfig cfg = CompareConfig.defaults(1);
        DmaCalibration cal = new DmaCalibration(cfg.link(), cfg.hostModel(), cfg.dmaEngine());
        Progress progress = new Progress("dma-lat", 2);
        progress.step("DMA reads");
        List<DmaCalibration.Row> latency = cal.readLatency(read);
        progress.step("DMA write streams");
        List<DmaCalibration.Row> throughput = cal.writeThroughput(write);
        double linkOnly64 = write.contains(64) ? cal.linkOnlyWriteGbps(64) : Double.NaN;
        progress.done();
        PrintWriter out = spec.commandLine().getOut();
        DmaEngineTiming e = cfg.dmaEngine();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("link", "gen3x8");
            root.put("reference", PcieBenchData.SYSTEM);
            ObjectNode engine = root.putObject("engine");
            engine.put("dma_request_ns", e.requestPs() / 1000.0);
            engine.put("dma_read_byte_ps", e.readBytePs());
            root.putArray("fit_sizes").add(PcieBenchData.FIT_SMALL).add(PcieBenchData.FIT_LARGE);
            rows(root.putArray("read_latency_ns"), latency);
            rows(root.putArray("write_gbps"), throughput);
            if (!Double.isNaN(linkOnly64)) {
                root.put("write_64B_link_only_gbps", round(linkOnly64));
            }
            out.println(mapper.writeValueAsString(root));
        } else {
            out.printf(Locale.ROOT, "DMA engine: dma_request_ns %.1f, dma_read_byte_ps %d; fitted at %d B and %d B (*)%n",
                    e.requestPs() / 1000.0, e.readBytePs(), PcieBenchData.FIT_SMALL, PcieBenchData.FIT_LARGE);
            out.printf(Locale.ROOT, "reference: %s%n", PcieBenchData.SYSTEM);
            table(out, "DMA read latency, one outstanding", "ns", latency);
            if (!throughput.isEmpty()) {
                table(out, "DMA write throughput", "Gb/s", throughput);
                if (!Double.isNaN(linkOnly64)) {
                    out.printf(Locale.ROOT, "64 B writes with the link alone (no engine cost): %.2f Gb/s%n", linkOnly64);
                }
            }
        }
        out.flush();
        return Main.EXIT_OK;
    }

    private static void rows(ArrayNode array, List<DmaCalibration.Row> rows) {
        for (DmaCalibration.Row r : rows) {
            ObjectNode n = array.addObject();
            n.put("size_bytes", r.sizeBytes());
            n.put("sim", round(r.simulated()));
            n.put("measured", r.measured());
            n.put("error_pct", round(r.errorPct()));
            n.put("fitted", r.fitted());
        }
    }

    private static void table(PrintWriter out, String title, String unit, List<DmaCalibration.Row> rows) {
        out.printf(Locale.ROOT, "%n%s%n%10s %12s %12s %9s%n", title, "size (B)", "sim " + unit, "measured", "error");
        for (DmaCalibration.Row r : rows) {
            out.printf(Locale.ROOT, "%10d %12.2f %12.2f %+8.1f%%%s%n", r.sizeBytes(), r.simulated(), r.measured(), r.errorPct(),
                    r.fitted() ? " *" : "");
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

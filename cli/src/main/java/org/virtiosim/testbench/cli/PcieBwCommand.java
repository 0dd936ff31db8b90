package org.virtiosim.testbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.virtiosim.pcie.bench.BandwidthResult;
import org.virtiosim.pcie.bench.Direction;
import org.virtiosim.pcie.bench.DmaStreamBench;
import org.virtiosim.pcie.bench.PcieBenchModel;
import org.virtiosim.pcie.link.DllpPolicy;
import org.virtiosim.pcie.link.LinkConfig;
import org.virtiosim.pcie.link.LinkGeneration;
import org.virtiosim.pcie.txn.DmaEngineTiming;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code virtio-sim bench pcie-bw}: DMA bandwidth through the simulated link, per transfer size. */
@Command(name = "pcie-bw", mixinStandardHelpOptions = true,
        description = {"Streams back-to-back DMA transfers of each size between the endpoint and host memory",
            "through the simulated link and reports the payload bandwidth measured in the simulation."})
final class PcieBwCommand implements Callable<Integer> {
    /** Flight latency of the link in this benchmark, ps: the calibrated default (see docs/parameters.md). */
    static final long DEFAULT_FLIGHT_PS = org.virtiosim.pcie.bench.LatencyBench.DEFAULT_FLIGHT_PS;

    @Spec
    CommandSpec spec;
    @Option(names = "--gen", description = "PCIe generation 1..6 (default ${DEFAULT-VALUE})")
    int gen = 3;
    @Option(names = "--lanes", description = "link width: 1, 2, 4, 8, 16 (default ${DEFAULT-VALUE})")
    int lanes = 8;
    @Option(names = "--mps", description = "Max_Payload_Size, 128..4096 (default ${DEFAULT-VALUE})")
    int mps = 256;
    @Option(names = "--mrrs", description = "Max_Read_Request_Size, 128..4096 (default ${DEFAULT-VALUE})")
    int mrrs = 512;
    @Option(names = "--direction", description = "write, read or bidir (default ${DEFAULT-VALUE})")
    String direction = "write";
    @Option(names = "--sizes", split = ",", description = "transfer sizes in bytes (default 64,128,256,512,1024,2048,4096)")
    List<Long> sizes = new ArrayList<>(List.of(64L, 128L, 256L, 512L, 1024L, 2048L, 4096L));
    @Option(names = "--dllp", description = "DLLP/SKP overhead: pcie-bench, spec or none (default ${DEFAULT-VALUE})")
    String dllp = "pcie-bench";
    @Option(names = "--model", description = "also print the pcie-bench analytic model and the difference")
    boolean model;
    @Option(names = "--engine", description = "charge the device DMA engine's request time (dma_request_ns) per request TLP; "
            + "without it only the link and tags limit the stream, as in pcie-bench's model")
    boolean engine;
    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;
    @picocli.CommandLine.Mixin
    WaveformOptions waves;

    @Override
    public Integer call() throws Exception {
        return OutputPlan.execute(this::run);
    }

    private int run(OutputPlan plan) {
        if (gen < 1 || gen > 6) {
            throw new UsageException("--gen must be 1..6, got " + gen);
        }
        if (!contains(LinkConfig.VALID_LANES, lanes)) {
            throw new UsageException("--lanes must be one of 1, 2, 4, 8, 16, got " + lanes);
        }
        if (!LinkConfig.isPayloadSize(mps)) {
            throw new UsageException("--mps must be one of 128, 256, 512, 1024, 2048, 4096, got " + mps);
        }
        if (!LinkConfig.isPayloadSize(mrrs)) {
            throw new UsageException("--mrrs must be one of 128, 256, 512, 1024, 2048, 4096, got " + mrrs);
        }
        Direction dir = parseDirection(direction);
        DllpPolicy policy = parsePolicy(dllp);
        if (sizes.isEmpty()) {
            throw new UsageException("--sizes needs at least one size");
        }
        for (long s : sizes) {
            if (s <= 0 || s > (1 << 24)) {
                throw new UsageException("--sizes: each size must be 1..16777216 bytes, got " + s);
            }
        }
        waves.validate();
        waves.declare(plan, sizes.stream().map(s -> s + "B").toList());
        LinkConfig cfg = new LinkConfig(LinkGeneration.of(gen), lanes, mps, policy, DEFAULT_FLIGHT_PS);
        DmaStreamBench bench = new DmaStreamBench(cfg, mrrs, dir, engine ? DmaEngineTiming.DEFAULT : DmaEngineTiming.NONE);
        Progress progress = new Progress("pcie-bw", sizes.size());
        List<BandwidthResult> results = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            progress.step("size " + sizes.get(i) + " B");
            int size = (int) (long) sizes.get(i);
            results.add(waves.enabled()
                    ? waves.bench(() -> bench.run(size, DmaStreamBench.transfersFor(size), waves.linkObserver(size + "B", spec.commandLine().getErr())))
                    : bench.run(size));
        }
        progress.done();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(cfg, dir, results));
        } else {
            printTable(out, cfg, dir, results);
        }
        out.flush();
        return Main.EXIT_OK;
    }

    private double modelGbps(LinkConfig cfg, Direction dir, int size) {
        return switch (dir) {
            case WRITE -> PcieBenchModel.writeGbps(cfg, size);
            case READ -> PcieBenchModel.readGbps(cfg, mrrs, size);
            case BIDIR -> PcieBenchModel.bidirGbps(cfg, mrrs, size);
        };
    }

    private String toJson(LinkConfig cfg, Direction dir, List<BandwidthResult> results) {
        ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("gen", gen);
        root.put("lanes", lanes);
        root.put("mps", mps);
        root.put("mrrs", mrrs);
        root.put("direction", dir.name().toLowerCase(Locale.ROOT));
        root.put("dllp", dllp);
        root.put("engine", engine);
        ArrayNode rows = root.putArray("results");
        for (BandwidthResult r : results) {
            ObjectNode row = rows.addObject();
            row.put("size_bytes", r.sizeBytes());
            row.put("gbps", round(r.gbps(), 3));
            row.put("tlps", r.tlps());
            row.put("sim_ns", round(r.simNs(), 3));
            if (model) {
                double m = modelGbps(cfg, dir, r.sizeBytes());
                row.put("model_gbps", round(m, 3));
                row.put("diff_pct", round((r.gbps() / m - 1) * 100, 3));
            }
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void printTable(PrintWriter out, LinkConfig cfg, Direction dir, List<BandwidthResult> results) {
        out.printf(Locale.ROOT, "PCIe gen%d x%d, MPS %d, MRRS %d, %s, DLLP overhead %s, raw %.2f Gb/s%s%n",
                gen, lanes, mps, mrrs, dir.name().toLowerCase(Locale.ROOT), dllp, cfg.gigabitsPerSecond(),
                engine ? String.format(Locale.ROOT, ", DMA engine %.1f ns per request", DmaEngineTiming.DEFAULT.requestPs() / 1000.0) : "");
        out.printf(Locale.ROOT, "%10s %10s %10s %12s%s%n", "size (B)", "Gb/s", "TLPs", "sim ns",
                model ? String.format(Locale.ROOT, " %12s %8s", "model Gb/s", "diff") : "");
        for (BandwidthResult r : results) {
            String extra = "";
            if (model) {
                double m = modelGbps(cfg, dir, r.sizeBytes());
                extra = String.format(Locale.ROOT, " %12.2f %+7.2f%%", m, (r.gbps() / m - 1) * 100);
            }
            out.printf(Locale.ROOT, "%10d %10.2f %10d %12.0f%s%n", r.sizeBytes(), r.gbps(), r.tlps(), r.simNs(), extra);
        }
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static Direction parseDirection(String s) {
        return switch (s) {
            case "write" -> Direction.WRITE;
            case "read" -> Direction.READ;
            case "bidir" -> Direction.BIDIR;
            default -> throw new UsageException("--direction must be write, read or bidir, got '" + s + "'");
        };
    }

    private static DllpPolicy parsePolicy(String s) {
        return switch (s) {
            case "pcie-bench" -> DllpPolicy.PCIE_BENCH;
            case "spec" -> DllpPolicy.SPEC;
            case "none" -> DllpPolicy.NONE;
            default -> throw new UsageException("--dllp must be pcie-bench, spec or none, got '" + s + "'");
        };
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}

package org.virtiosim.pcie.bench;

import java.util.ArrayList;
import java.util.List;
import org.virtiosim.pcie.host.HostModel;
import org.virtiosim.pcie.host.RootComplexTiming;
import org.virtiosim.pcie.link.LinkConfig;
import org.virtiosim.pcie.txn.DmaEngineTiming;

/**
 * The device DMA engine against the pcie-bench data set ({@link PcieBenchData}), the experiment
 * behind {@code virtio-sim bench dma-lat}: the simulated latency of one DMA read per size next to
 * the measured median, and the simulated 64 B-and-up DMA write throughput next to the measured.
 *
 * <p>The fit ({@link #fit}) uses two sizes only, {@link PcieBenchData#FIT_SMALL} and
 * {@link PcieBenchData#FIT_LARGE}: the engine's request time from the 64 B write rate (a
 * per-request limit: the link alone would carry 42 Gb/s), its per-byte read time from the growth
 * of the read latency from 64 B to 2 KiB beyond what the link's serialization gives, and the host's
 * memory read time from the 64 B read latency. Every other size is a prediction.
 */
public final class DmaCalibration {
    /** One size: what the simulation gives, what was measured, and whether the size was fitted. */
    public record Row(int sizeBytes, double simulated, double measured, boolean fitted) {
        /** (simulated − measured) / measured, percent. */
        public double errorPct() {
            return (simulated / measured - 1) * 100;
        }
    }

    /** The fitted values: engine request time, ns; engine per-byte read time, ps; host memory read, ns. */
    public record Fit(double requestNs, double readBytePs, double memoryReadNs) {
    }

    /** Transfers per write-throughput stream: enough for a steady rate, few enough to run quickly. */
    private static final int WRITE_TRANSFERS = 4000;

    private final LinkConfig link;
    private final HostModel host;
    private final DmaEngineTiming engine;

    public DmaCalibration(LinkConfig link, HostModel host, DmaEngineTiming engine) {
        this.link = link;
        this.host = host;
        this.engine = engine;
    }

    /** The compare's defaults on the calibration link. */
    public DmaCalibration() {
        this(LatencyBench.CALIBRATION_LINK, HostModel.DEFAULT, DmaEngineTiming.DEFAULT);
    }

    /** DMA read latency at each size that has a measurement, ns. */
    public List<Row> readLatency(List<Integer> sizes) {
        LatencyBench bench = new LatencyBench(link, host, engine);
        List<Row> rows = new ArrayList<>();
        for (int size : sizes) {
            PcieBenchData.Point m = require(PcieBenchData.READ_LATENCY_NS, size, "DMA read latency");
            rows.add(new Row(size, bench.dmaRead(size, false), m.value(), isFitSize(size)));
        }
        return rows;
    }

    /** DMA write throughput at each size that has a measurement, Gb/s (only 64 B is fitted). */
    public List<Row> writeThroughput(List<Integer> sizes) {
        DmaStreamBench bench = new DmaStreamBench(link, LatencyBench.MRRS, Direction.WRITE, engine);
        List<Row> rows = new ArrayList<>();
        for (int size : sizes) {
            PcieBenchData.Point m = require(PcieBenchData.WRITE_GBPS, size, "DMA write throughput");
            rows.add(new Row(size, bench.run(size, WRITE_TRANSFERS).gbps(), m.value(), size == PcieBenchData.FIT_SMALL));
        }
        return rows;
    }

    /** The 64 B write throughput of the link alone, Gb/s: what the engine's request time brings down. */
    public double linkOnlyWriteGbps(int size) {
        return new DmaStreamBench(link, LatencyBench.MRRS, Direction.WRITE, DmaEngineTiming.NONE).run(size, WRITE_TRANSFERS).gbps();
    }

    private static boolean isFitSize(int size) {
        return size == PcieBenchData.FIT_SMALL || size == PcieBenchData.FIT_LARGE;
    }

    private static PcieBenchData.Point require(List<PcieBenchData.Point> points, int size, String what) {
        PcieBenchData.Point p = PcieBenchData.at(points, size);
        if (p == null) {
            throw new IllegalArgumentException("no pcie-bench " + what + " measurement at " + size + " B; sizes measured: "
                    + String.join(",", points.stream().map(q -> String.valueOf(q.sizeBytes())).toList()));
        }
        return p;
    }

    /** Sizes with a read-latency measurement. */
    public static List<Integer> readSizes() {
        return PcieBenchData.READ_LATENCY_NS.stream().map(PcieBenchData.Point::sizeBytes).toList();
    }

    /**
     * Fits the engine's two costs and the host's memory read time on the two fit sizes, starting
     * from the host model given (its other latencies stay): the simulation is linear in each.
     */
    public static Fit fit(LinkConfig link, HostModel host) {
        int small = PcieBenchData.FIT_SMALL;
        int large = PcieBenchData.FIT_LARGE;
        double writeGbps = PcieBenchData.at(PcieBenchData.WRITE_GBPS, small).value();
        double requestNs = small * 8 / writeGbps;
        long requestPs = Math.round(requestNs * 1000);
        // Slope: the measured growth less what the simulation gives with no per-byte cost.
        LatencyBench flat = new LatencyBench(link, host, new DmaEngineTiming(requestPs, 0));
        double simGrowth = flat.dmaRead(large, false) - flat.dmaRead(small, false);
        double measuredGrowth = PcieBenchData.at(PcieBenchData.READ_LATENCY_NS, large).value()
                - PcieBenchData.at(PcieBenchData.READ_LATENCY_NS, small).value();
        double readBytePs = (measuredGrowth - simGrowth) * 1000 / (large - small);
        DmaEngineTiming fitted = new DmaEngineTiming(requestPs, Math.round(readBytePs));
        // Offset: the host's memory read takes up what the 64 B read still misses.
        double at64 = new LatencyBench(link, host, fitted).dmaRead(small, false);
        double memoryReadNs = host.rootComplex().memoryReadPs() / 1000.0
                + PcieBenchData.at(PcieBenchData.READ_LATENCY_NS, small).value() - at64;
        return new Fit(requestNs, readBytePs, memoryReadNs);
    }

    /** The default host model with its memory read time replaced, for checking a fit. */
    static HostModel withMemoryRead(HostModel h, double memoryReadNs) {
        RootComplexTiming r = h.rootComplex();
        return new HostModel(new RootComplexTiming(r.ingressPs(), Math.round(memoryReadNs * 1000), r.egressPs()), h.cpu(), h.tags());
    }

}

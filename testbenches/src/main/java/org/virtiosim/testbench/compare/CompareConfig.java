package org.virtiosim.testbench.compare;

import java.util.List;
import java.util.Locale;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.pcie.bench.LatencyBench;
import org.virtiosim.pcie.host.CpuTiming;
import org.virtiosim.pcie.host.HostModel;
import org.virtiosim.pcie.host.RootComplexTiming;
import org.virtiosim.pcie.link.LinkConfig;
import org.virtiosim.pcie.link.LinkGeneration;
import org.virtiosim.pcie.txn.DmaEngineTiming;

/**
 * Everything one compare run is built from: the number of VFs (each running the scenario), the
 * parameter values (each declared once, {@link Parameters}: topology, timing, each scheme's knobs)
 * and the run seed. The timing records are derived from the values once, here: the testbench
 * reads them on every access. The host model ({@link HostModel}) is the one {@code bench pcie-lat}
 * and {@code bench dma-lat} run, so the anchors they show are this compare's.
 */
public final class CompareConfig {
    /** Gen3 x8 with 256-byte MPS: the link the latency anchors are calibrated on. */
    private static final LinkConfig CALIBRATION_LINK = LatencyBench.CALIBRATION_LINK;

    public static final Param<LinkConfig> LINK = Param.of("link", "", CALIBRATION_LINK, "gen1..gen6 with x1, x2, x4, x8 or x16",
            CompareConfig::parseLink, l -> "gen" + l.generation().number() + "x" + l.lanes(),
            "the PCIe link between root port and device: gen<G>x<L>, e.g. gen4x16",
            "calibration link of the latency anchors (issue #4)")
            .studyValues(List.of(parseLink("gen3x4"), CALIBRATION_LINK, parseLink("gen4x16"), parseLink("gen5x16")),
                    "SR-IOV NICs and DPUs in the field: Gen3 x4 (small cards) and x8 (ConnectX-4 Lx) to Gen4 x16 (ConnectX-6 Dx) "
                    + "and Gen5 x16 (ConnectX-7, BlueField-3)");
    public static final Param<Double> COMPLETION_TIMEOUT_US = Param.real("completion_timeout_us", "µs", 50_000, 0.001, 1e7,
            "root port Completion Timeout, µs", "PCIe Base Spec §2.8: top of the default 50 µs-50 ms range")
            .studyRange(50.0, 50_000.0, "PCIe Base Spec §2.8 and Device Control 2 (§7.5.3.16): the default range, 50 µs to 50 ms, "
                    + "is what a root port uses unless software programs range A-D (A: 50 µs-10 ms ... D: 4-64 s)");

    private final int vfs;
    private final ParamValues params;
    private final long seed;
    private final LinkConfig link;
    private final DeviceTiming device;
    private final HostTiming host;
    private final HostModel hostModel;
    private final DmaEngineTiming dmaEngine;

    public CompareConfig(int vfs, ParamValues params, long seed) {
        this.vfs = org.virtiosim.device.AddressMap.requireVfs(vfs);
        this.params = params;
        this.seed = seed;
        this.link = params.get(LINK);
        this.device = DeviceTiming.from(params);
        this.host = HostTiming.from(params);
        this.hostModel = HostModel.from(params);
        this.dmaEngine = DmaEngineTiming.from(params);
    }

    public int vfs() {
        return vfs;
    }

    public ParamValues params() {
        return params;
    }

    public long seed() {
        return seed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompareConfig c && c.vfs == vfs && c.seed == seed && c.params.equals(params);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(vfs, params, seed);
    }

    @Override
    public String toString() {
        return "CompareConfig[vfs=" + vfs + ", seed=" + seed + "]";
    }

    /** The defaults for {@code vfs} VFs, seed 1. */
    public static CompareConfig defaults(int vfs) {
        return new CompareConfig(vfs, ParamValues.defaults(), 1);
    }

    public CompareConfig withVfs(int n) {
        return new CompareConfig(n, params, seed);
    }

    public CompareConfig withSeed(long s) {
        return new CompareConfig(vfs, params, s);
    }

    public CompareConfig withParams(ParamValues p) {
        return new CompareConfig(vfs, p, seed);
    }

    public <T> T get(Param<T> p) {
        return params.get(p);
    }

    public LinkConfig link() {
        return link;
    }

    /** The calibrated host: root complex latencies, CPU MMIO latencies, the root port's tag pool. */
    public HostModel hostModel() {
        return hostModel;
    }

    /** The device DMA engine's costs (the device reads the request time through {@link DeviceTiming}). */
    public DmaEngineTiming dmaEngine() {
        return dmaEngine;
    }

    public RootComplexTiming rootComplex() {
        return hostModel.rootComplex();
    }

    public CpuTiming cpu() {
        return hostModel.cpu();
    }

    public DeviceTiming device() {
        return device;
    }

    public HostTiming host() {
        return host;
    }

    /** The root port's Completion Timeout for CPU requests, and the device's for its own DMA reads, ps. */
    public long completionTimeoutPs() {
        return (long) (params.get(COMPLETION_TIMEOUT_US) * 1_000_000);
    }

    private static LinkConfig parseLink(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        if (!s.matches("gen[1-6]x(1|2|4|8|16)")) {
            throw new IllegalArgumentException("expected gen1..gen6 with x1, x2, x4, x8 or x16, e.g. gen4x16");
        }
        int x = s.indexOf('x');
        LinkConfig l = CALIBRATION_LINK;
        return new LinkConfig(LinkGeneration.of(Integer.parseInt(s.substring(3, x))), Integer.parseInt(s.substring(x + 1)),
                l.maxPayloadSize(), l.dllpPolicy(), l.flightLatencyPs());
    }
}

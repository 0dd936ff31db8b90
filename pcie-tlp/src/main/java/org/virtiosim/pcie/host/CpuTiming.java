package org.virtiosim.pcie.host;

import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;

/**
 * The CPU side of an MMIO access, ps: from the core's load or store to the root port's transmit
 * queue ({@code issuePs}), and from the root port receiving the completion to the load retiring
 * ({@code returnPs}). Two anchors fix the two values ({@code virtio-sim bench pcie-lat}, which
 * runs this same host model): a CPU posted store reaches the device 250-300 ns after it issues
 * (issue plus one link crossing), and an uncached 4-byte MMIO read of a device register that
 * answers in 100 ns takes about 1 µs round trip (issue, two link crossings, the register, return).
 * The return path is the rest of the round trip: the anchors put more of it after the completion
 * than before the request, which is what they imply, not a modelled mechanism.
 */
public record CpuTiming(long issuePs, long returnPs) {
    public static final Param<Double> ISSUE_NS = Param.real("cpu_issue_ns", "ns", 220, 0, 1e6,
            "CPU MMIO load or store to the root port's transmit queue, ns",
            "calibration: a CPU posted store reaches the device 250-300 ns one way (issue #4/#11 anchor) less one link crossing")
            .studyRange(150.0, 300.0, "the 250-300 ns store anchor less a link crossing, and a margin either side for other hosts");
    public static final Param<Double> RETURN_NS = Param.real("cpu_return_ns", "ns", 570, 0, 1e6,
            "completion at the root port to the CPU load retiring, ns",
            "calibration: the rest of the ~1 µs CPU MMIO 4 B read round trip (issue #4 anchor) after issue, two link crossings and a 100 ns register")
            .studyRange(400.0, 700.0, "MMIO read round trips of 0.8-1.2 µs reported for current x86 hosts");
    /** The knobs, in the order they are listed. */
    public static final List<Param<?>> KNOBS = List.of(ISSUE_NS, RETURN_NS);

    public static final CpuTiming DEFAULT = from(ParamValues.defaults());

    public CpuTiming {
        if (issuePs < 0 || returnPs < 0) {
            throw new IllegalArgumentException("CPU latencies must be >= 0 ps");
        }
    }

    /** The latencies the parameters give. */
    public static CpuTiming from(ParamValues p) {
        return new CpuTiming(Math.round(p.get(ISSUE_NS) * 1000), Math.round(p.get(RETURN_NS) * 1000));
    }
}

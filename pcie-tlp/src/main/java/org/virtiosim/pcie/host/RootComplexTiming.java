package org.virtiosim.pcie.host;

import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;

/**
 * Root complex latencies for device requests, ps. The defaults are calibrated, with the link's
 * flight latency, against the anchors {@code virtio-sim bench pcie-lat} and {@code bench dma-lat}
 * show from this same host model: a device's posted write visible in host memory 250-300 ns after
 * the device issues it, and the pcie-bench data set's DMA read latencies (NFP6000, Gen3 x8, Xeon
 * E5-2620v3; Neugebauer et al., SIGCOMM 2018), which include the device's DMA engine.
 *
 * @param ingressPs root port receive to the memory controller: a device write becomes visible then
 * @param memoryReadPs memory read for a device read (the data set's buffers are cache-warm)
 * @param egressPs read data to the root port's transmit queue
 */
public record RootComplexTiming(long ingressPs, long memoryReadPs, long egressPs) {
    public static final Param<Double> INGRESS_NS = Param.real("rc_ingress_ns", "ns", 214, 0, 1e6,
            "root port receive to the memory controller (a device write becomes visible), ns",
            "calibration: a device's 64 B posted write visible in host memory 250-300 ns one way (issue #4 anchor) less one link crossing")
            .studyRange(150.0, 300.0, "the 250-300 ns posted-write anchor less a link crossing, with a margin");
    public static final Param<Double> MEMORY_READ_NS = Param.real("rc_memory_read_ns", "ns", 96, 0, 1e6,
            "host memory read for a device read request, ns",
            "fit: pcie-bench data set 64 B DMA read median 546 ns (NFP6000 Gen3 x8, hsw-Xeon-E5-2620v3) less the DMA engine, links, ingress and egress")
            .studyRange(60.0, 150.0, "local DRAM hit in the LLC path to a remote-NUMA access");
    public static final Param<Double> EGRESS_NS = Param.real("rc_egress_ns", "ns", 92, 0, 1e6,
            "read data to the root port's transmit queue, ns",
            "assumption: the part of the 64 B DMA read round trip on the way back out (the data set gives only the sum with rc_memory_read_ns)")
            .studyRange(50.0, 150.0, "assumption: the return half of the DMA read round trip, varied as its sum is");
    /** The knobs, in the order they are listed. */
    public static final List<Param<?>> KNOBS = List.of(INGRESS_NS, MEMORY_READ_NS, EGRESS_NS);

    public static final RootComplexTiming DEFAULT = from(ParamValues.defaults());

    public RootComplexTiming {
        if (ingressPs < 0 || memoryReadPs < 0 || egressPs < 0) {
            throw new IllegalArgumentException("root complex latencies must be >= 0 ps");
        }
    }

    /** The latencies the parameters give. */
    public static RootComplexTiming from(ParamValues p) {
        return new RootComplexTiming(Math.round(p.get(INGRESS_NS) * 1000), Math.round(p.get(MEMORY_READ_NS) * 1000),
                Math.round(p.get(EGRESS_NS) * 1000));
    }
}

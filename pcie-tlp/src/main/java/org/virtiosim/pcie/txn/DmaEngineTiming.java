package org.virtiosim.pcie.txn;

import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;

/**
 * A device DMA engine's own costs, beside the link's and the host's: the engine is busy
 * {@code requestPs} to issue each request TLP (read or write) before it leaves, so it issues at
 * most one per {@code requestPs}; and it takes {@code readBytePs} per byte to land a read's data
 * after its last completion. Fitted to the pcie-bench data set ({@code virtio-sim bench dma-lat}
 * shows the fit and the error at every size not fitted; {@link org.virtiosim.pcie.bench.PcieBenchData}).
 *
 * @param requestPs engine time per request TLP
 * @param readBytePs engine time per byte of read data, after the last completion
 */
public record DmaEngineTiming(long requestPs, long readBytePs) {
    public static final Param<Double> REQUEST_NS = Param.real("dma_request_ns", "ns", 21.1, 0, 1e6,
            "the device DMA engine's time to issue one request TLP (it issues at most one per this), ns",
            "fit: pcie-bench data set 64 B DMA writes at 47.40 M/s, 24.27 Gb/s (NFP6000 Gen3 x8, hsw-Xeon-E5-2620v3): 1 / 47.40 M/s")
            .studyRange(5.0, 50.0, "an engine four times faster than the NFP6000 fit to about half as fast");
    public static final Param<Double> READ_BYTE_PS = Param.real("dma_read_byte_ps", "ps", 148, 0, 1e6,
            "the device DMA engine's time per byte to land read data after the last completion, ps",
            "fit: pcie-bench data set DMA read medians 546 ns at 64 B and 1133 ns at 2048 B (NFP6000 Gen3 x8): the slope the link does not give (charged to the engine: the data cannot tell engine from root complex)");
    /** The knobs, in the order they are listed. */
    public static final List<Param<?>> KNOBS = List.of(REQUEST_NS, READ_BYTE_PS);

    public static final DmaEngineTiming DEFAULT = from(ParamValues.defaults());
    /** No engine cost: the link and the host alone (pcie-bench's analytic model). */
    public static final DmaEngineTiming NONE = new DmaEngineTiming(0, 0);

    public DmaEngineTiming {
        if (requestPs < 0 || readBytePs < 0) {
            throw new IllegalArgumentException("DMA engine costs must be >= 0 ps");
        }
    }

    public static DmaEngineTiming from(ParamValues p) {
        return new DmaEngineTiming(Math.round(p.get(REQUEST_NS) * 1000), Math.round(p.get(READ_BYTE_PS)));
    }

    /** The engine time to land {@code bytes} of read data. */
    public long landPs(int bytes) {
        return readBytePs * bytes;
    }
}

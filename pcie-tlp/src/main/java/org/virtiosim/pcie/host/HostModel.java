package org.virtiosim.pcie.host;

import java.util.ArrayList;
import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;

/**
 * The calibrated host, built once from the parameters: the root complex's latencies for device
 * requests, the CPU's for MMIO, and the root port's tag pool. The compare and the latency anchors
 * ({@code bench pcie-lat}) both build their root complex from one of these, so the anchors shown
 * are the compare's.
 */
public record HostModel(RootComplexTiming rootComplex, CpuTiming cpu, TagPool tags) {
    /** Every host parameter, in the order they are listed. */
    public static final List<Param<?>> KNOBS = knobs();

    public static final HostModel DEFAULT = from(ParamValues.defaults());

    public HostModel {
        java.util.Objects.requireNonNull(rootComplex);
        java.util.Objects.requireNonNull(cpu);
        java.util.Objects.requireNonNull(tags);
    }

    public static HostModel from(ParamValues p) {
        return new HostModel(RootComplexTiming.from(p), CpuTiming.from(p), TagPool.from(p));
    }

    private static List<Param<?>> knobs() {
        List<Param<?>> all = new ArrayList<>(CpuTiming.KNOBS);
        all.addAll(RootComplexTiming.KNOBS);
        all.addAll(TagPool.KNOBS);
        return List.copyOf(all);
    }
}

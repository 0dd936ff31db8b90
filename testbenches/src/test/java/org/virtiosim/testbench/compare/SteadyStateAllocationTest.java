package org.virtiosim.testbench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.testbench.trace.Trace;
import org.virtiosim.testbench.trace.TraceReader;
import org.virtiosim.testbench.trace.TraceRow;

/**
 * The model's hot path (kernel, TLP transport, device decode, every scheme's device and host
 * halves, the notify routes) allocates nothing per access in steady state: a run ten times longer
 * allocates no more while running (the trace and the testbench are built before measuring).
 */
class SteadyStateAllocationTest {
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    static List<String> schemes() {
        return Catalog.SCHEMES.ids();
    }

    /** {@code n} rounds per VF of: write queue_select, read it back (checked), read the status, notify queue 0. */
    private static Trace trace(int n) {
        List<TraceRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new TraceRow(TraceRow.Op.W, 0x0E, 2, i & 1, false, 0, 0, 4 * i + 1));
            rows.add(new TraceRow(TraceRow.Op.R, 0x0E, 2, i & 1, true, 0, 0, 4 * i + 2));
            rows.add(new TraceRow(TraceRow.Op.R, 0x12, 1, 0, false, 0, 0, 4 * i + 3));
            rows.add(new TraceRow(TraceRow.Op.W, 0x10, 2, 0, false, 0, 0, 4 * i + 4));
        }
        return new Trace("alloc", TraceReader.VIRTIO_NET_MSIX_CONFIG_END, rows);
    }

    private static long runAllocation(String scheme, String mode, int rounds) {
        CompareConfig cfg = Parameters.apply(CompareConfig.defaults(4), "aq_mode=" + mode);
        Testbench tb = new Testbench(cfg, Catalog.SCHEMES.require(scheme), null, false, trace(rounds), null);
        long before = allocated();
        RunResult r = tb.run(scheme);
        long bytes = allocated() - before;
        assertThat(r.mismatches()).isZero();
        assertThat(r.accesses()).isEqualTo(4L * 4 * rounds);
        return bytes;
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void aTenTimesLongerRunAllocatesNoMore(String scheme) {
        for (String mode : new String[] {"irq-parallel", "poll-serial"}) {
            runAllocation(scheme, mode, 1000); // warm: code compiled, pools and rings at size
            long shortRun = runAllocation(scheme, mode, 200);
            long longRun = runAllocation(scheme, mode, 2000);
            assertThat(longRun).as("%s (%s): bytes over 32000 accesses vs 3200 (%d)", scheme, mode, shortRun)
                    .isLessThanOrEqualTo(shortRun + 64 * 1024);
        }
    }
}

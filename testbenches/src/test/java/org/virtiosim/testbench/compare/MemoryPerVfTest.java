package org.virtiosim.testbench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.testbench.trace.Trace;

/**
 * What a testbench costs per VF before it runs: the per-VF state (register file, config, the flat per-VF
 * arrays) and nothing sized for a worst case or copied per VF. Measured as bytes allocated while building
 * it (an upper bound on what it keeps), the slope between two VF counts so fixed costs cancel.
 */
class MemoryPerVfTest {
    /** Bytes per VF a build may allocate: the per-VF device and host state is about 600 bytes. */
    private static final long BUDGET = 1024;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static long build(int vfs, boolean notifiesOnly, Trace trace) {
        CompareConfig cfg = CompareConfig.defaults(vfs);
        long before = allocated();
        Testbench tb = new Testbench(cfg, Catalog.SCHEMES.require("mmio"), null, notifiesOnly, trace, null);
        long bytes = allocated() - before;
        assertThat(tb.config().vfs()).isEqualTo(vfs);
        return bytes;
    }

    private static long perVf(boolean notifiesOnly) throws Exception {
        Trace trace = Scenarios.load(Scenarios.DEFAULT, 4096);
        build(64, notifiesOnly, trace); // warm: classes loaded, code compiled
        long small = build(1024, notifiesOnly, trace);
        long large = build(4096, notifiesOnly, trace);
        return (large - small) / (4096 - 1024);
    }

    @Test
    void aSchemeRunBuildsLittleStatePerVf() throws Exception {
        assertThat(perVf(false)).as("bytes allocated per VF by a scheme run's testbench").isLessThan(BUDGET);
    }

    @Test
    void aNotifyRouteRunBuildsLittleStatePerVf() throws Exception {
        assertThat(perVf(true)).as("bytes allocated per VF by a notify-route run's testbench").isLessThan(BUDGET);
    }
}

package org.virtiosim.testbench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.virtiosim.pcie.bench.LatencyBench;
import org.virtiosim.pcie.host.CpuTiming;
import org.virtiosim.pcie.host.HostModel;
import org.virtiosim.pcie.host.TagPool;
import org.virtiosim.pcie.txn.DmaEngineTiming;

/**
 * The compare's host is the one host model the latency anchors run: built once from the run's
 * parameters, settable with {@code --set}, and on the anchors' calibration link by default.
 */
class CompareConfigHostModelTest {
    @Test
    void theDefaultCompareRunsTheAnchorsHostModelDmaEngineAndLink() {
        CompareConfig c = CompareConfig.defaults(1);
        assertThat(c.hostModel()).isEqualTo(HostModel.DEFAULT);
        assertThat(c.dmaEngine()).isEqualTo(DmaEngineTiming.DEFAULT);
        assertThat(c.link()).isEqualTo(LatencyBench.CALIBRATION_LINK);
        assertThat(c.cpu()).isSameAs(c.hostModel().cpu());
        assertThat(c.rootComplex()).isSameAs(c.hostModel().rootComplex());
        assertThat(c.device().dmaRequestCycles()).isEqualTo(Math.round(c.dmaEngine().requestPs() / (double) c.device().clockPs()));
    }

    @Test
    void everyHostParameterIsSettableAndReachesTheModel() {
        CompareConfig c = Parameters.apply(CompareConfig.defaults(1), "cpu_issue_ns=300");
        c = Parameters.apply(c, "root_port_tags=64");
        c = Parameters.apply(c, "root_port_tag_sharing=per-cpu");
        c = Parameters.apply(c, "dma_request_ns=40");
        assertThat(c.cpu()).isEqualTo(new CpuTiming(300_000, CpuTiming.DEFAULT.returnPs()));
        assertThat(c.hostModel().tags()).isEqualTo(new TagPool(64, TagPool.Sharing.PER_CPU));
        assertThat(c.device().dmaRequestCycles()).isEqualTo(40);
        for (var k : HostModel.KNOBS) {
            assertThat(Parameters.ALL.find(k.name())).as(k.name()).isSameAs(k);
        }
        assertThat(Parameters.ALL.find(DmaEngineTiming.REQUEST_NS.name())).isSameAs(DmaEngineTiming.REQUEST_NS);
    }
}

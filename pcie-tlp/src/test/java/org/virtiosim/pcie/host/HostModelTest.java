package org.virtiosim.pcie.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;

/** The host model is built from its parameters, once, and every parameter names its source. */
class HostModelTest {
    @Test
    void theParametersGiveTheRecordsInPicoseconds() {
        ParamValues p = ParamValues.defaults().with(CpuTiming.ISSUE_NS, 100.5).with(CpuTiming.RETURN_NS, 300.0)
                .with(RootComplexTiming.INGRESS_NS, 10.0).with(RootComplexTiming.MEMORY_READ_NS, 20.0)
                .with(RootComplexTiming.EGRESS_NS, 30.0).with(TagPool.SIZE, 32L);
        HostModel h = HostModel.from(p);
        assertThat(h.cpu()).isEqualTo(new CpuTiming(100_500, 300_000));
        assertThat(h.rootComplex()).isEqualTo(new RootComplexTiming(10_000, 20_000, 30_000));
        assertThat(h.tags()).isEqualTo(new TagPool(32, TagPool.Sharing.SHARED));
        assertThat(HostModel.from(ParamValues.defaults())).isEqualTo(HostModel.DEFAULT);
    }

    @Test
    void theDefaultsAreTheCalibratedOnes() {
        assertThat(HostModel.DEFAULT.cpu()).isEqualTo(new CpuTiming(220_000, 570_000));
        assertThat(HostModel.DEFAULT.rootComplex()).isEqualTo(new RootComplexTiming(214_000, 96_000, 92_000));
        assertThat(CpuTiming.DEFAULT).isEqualTo(HostModel.DEFAULT.cpu());
        assertThat(RootComplexTiming.DEFAULT).isEqualTo(HostModel.DEFAULT.rootComplex());
    }

    @Test
    void everyHostParameterIsListedOnceWithASource() {
        assertThat(HostModel.KNOBS).extracting(Param::name).doesNotHaveDuplicates().containsExactly("cpu_issue_ns", "cpu_return_ns",
                "rc_ingress_ns", "rc_memory_read_ns", "rc_egress_ns", "root_port_tags", "root_port_tag_sharing");
        for (Param<?> k : HostModel.KNOBS) {
            assertThat(k.source()).as(k.name()).isNotBlank();
        }
    }
}

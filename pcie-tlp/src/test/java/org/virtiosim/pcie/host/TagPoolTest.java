package org.virtiosim.pcie.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.pcie.fc.ReceiverCredits;
import org.virtiosim.pcie.link.DllpPolicy;
import org.virtiosim.pcie.link.Link;
import org.virtiosim.pcie.link.LinkConfig;
import org.virtiosim.pcie.link.LinkGeneration;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.TlpPool;

/**
 * The root port's tag pool for CPU requests: its size bounds the requests outstanding, and its
 * sharing decides whether one CPU's backlog holds up another's requests.
 */
class TagPoolTest {
    private final Kernel kernel = new Kernel();
    private final List<String> atDevice = new ArrayList<>();
    private RootComplex rc;

    private final MmioListener ignore = new MmioListener() {
        @Override
        public void mmioReadDone(long context, long value, CompletionStatus status) {
        }

        @Override
        public void mmioReadTimedOut(long context) {
        }
    };

    /** A root complex whose device never answers: every request keeps its tag. */
    private RootComplex build(TagPool pool, int cpus) {
        Link link = new Link(kernel, new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.NONE, 0), "l", new TlpPool(),
                ReceiverCredits.UNSCALED_MAX, ReceiverCredits.UNSCALED_MAX);
        rc = new RootComplex(kernel, new HostMemory(), RootComplexTiming.DEFAULT, 0, 64);
        rc.attach(link.downstream());
        rc.enableCpu(new CpuTiming(1_000, 1_000), 1_000_000_000L, pool, cpus);
        link.connect(rc, t -> atDevice.add(Long.toHexString(t.firstByteAddress())));
        return rc;
    }

    @Test
    void theDefaultIsOnePoolOf256TagsTheEightBitTagField() {
        assertThat(TagPool.DEFAULT).isEqualTo(new TagPool(256, TagPool.Sharing.SHARED));
        assertThat(RootComplex.CPU_TAGS).isEqualTo(TagPool.DEFAULT.size());
        assertThat(TagPool.from(ParamValues.defaults().with(TagPool.SIZE, 16L).with(TagPool.SHARING, TagPool.Sharing.PER_CPU)))
                .isEqualTo(new TagPool(16, TagPool.Sharing.PER_CPU));
    }

    @Test
    void noMoreRequestsLeaveThanThePoolHasTags() {
        build(new TagPool(8, TagPool.Sharing.SHARED), 1);
        for (int i = 0; i < 20; i++) {
            rc.cpuRead(0x1000 + 4 * i, 4, i, ignore);
        }
        kernel.run(1_000_000);
        assertThat(atDevice).hasSize(8);
        assertThat(rc.cpuTagWaits()).isEqualTo(12);
        assertThat(rc.cpuRequestsOutstanding()).isEqualTo(20);
    }

    @Test
    void sharedOneCpusBacklogHoldsUpTheNextCpu() {
        build(new TagPool(4, TagPool.Sharing.SHARED), 2);
        for (int i = 0; i < 6; i++) {
            rc.cpuRead(0, 0x1000 + 4 * i, 4, i, ignore);
        }
        rc.cpuRead(1, 0x2000, 4, 9, ignore);
        kernel.run(1_000_000);
        assertThat(atDevice).containsExactly("1000", "1004", "1008", "100c");
    }

    @Test
    void perCpuEachCpuGetsItsShareAndQueuesOnlyForIt() {
        build(new TagPool(5, TagPool.Sharing.PER_CPU), 2);
        for (int i = 0; i < 6; i++) {
            rc.cpuRead(0, 0x1000 + 4 * i, 4, i, ignore);
        }
        rc.cpuRead(1, 0x2000, 4, 9, ignore);
        kernel.run(1_000_000);
        // CPU 0 has 3 of the 5 (the first size % cpus CPUs get one more), CPU 1 the other 2.
        assertThat(atDevice).containsExactly("1000", "1004", "1008", "2000");
        assertThat(new TagPool(5, TagPool.Sharing.PER_CPU).share(0, 2)).isEqualTo(3);
        assertThat(new TagPool(5, TagPool.Sharing.PER_CPU).share(1, 2)).isEqualTo(2);
        assertThat(new TagPool(5, TagPool.Sharing.SHARED).share(1, 2)).isEqualTo(5);
    }

    @Test
    void theCpuIndexAndCountAreChecked() {
        build(new TagPool(4, TagPool.Sharing.SHARED), 2);
        assertThatThrownBy(() -> rc.cpuRead(2, 0x1000, 4, 0, ignore)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rc.cpuIoWrite(-1, 0xC000, 4, 0, 0, ignore)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> build(new TagPool(4, TagPool.Sharing.PER_CPU), 5)).as("a CPU without a tag")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> build(new TagPool(4, TagPool.Sharing.SHARED), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TagPool(0, TagPool.Sharing.SHARED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TagPool(769, TagPool.Sharing.SHARED)).isInstanceOf(IllegalArgumentException.class);
    }
}

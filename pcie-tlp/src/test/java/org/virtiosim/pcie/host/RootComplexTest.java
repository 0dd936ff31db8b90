package org.virtiosim.pcie.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.pcie.fc.ReceiverCredits;
import org.virtiosim.pcie.link.DllpPolicy;
import org.virtiosim.pcie.link.Link;
import org.virtiosim.pcie.link.LinkConfig;
import org.virtiosim.pcie.link.LinkGeneration;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.tlp.TlpPool;

class RootComplexTest {
    private final Kernel kernel = new Kernel();
    private final HostMemory memory = new HostMemory();
    private final List<String> cpls = new ArrayList<>();
    private final List<Byte> bytes = new ArrayList<>();

    private RootComplex rc;

    private Link link(int split) {
        Link link = new Link(kernel, new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.NONE, 0), "l", new TlpPool(),
                ReceiverCredits.UNSCALED_MAX, ReceiverCredits.UNSCALED_MAX);
        rc = new RootComplex(kernel, memory, new RootComplexTiming(10_000, 20_000, 5_000), 0x0000, split);
        rc.attach(link.downstream());
        link.connect(rc, (Tlp t) -> {
            cpls.add(t.type() + " bc=" + t.byteCount() + " la=0x" + Integer.toHexString(t.lowerAddress()) + " len=" + t.lengthDw()
                    + " " + t.status());
            if (t.type().hasData()) {
                int lead = t.lowerAddress() & 3;
                int n = Math.min(t.byteCount(), t.lengthDw() * 4 - lead);
                for (int i = 0; i < n; i++) {
                    bytes.add(t.data()[lead + i]);
                }
            }
        });
        return link;
    }

    @Test
    void readsAreSplitAtNaturallyAlignedBoundariesWithByteCountAndLowerAddress() {
        Link link = link(256);
        byte[] pattern = new byte[512];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) (i * 7 + 3);
        }
        memory.write(0x2040, pattern, 0, 512);
        link.upstream().send(link.upstream().newTlp().setMemoryRead(0x0100, 9, 0x2040, 512));
        kernel.runUntilIdle();
        // 0x2040..0x20FF (192 B), 0x2100..0x21FF (256 B), 0x2200..0x223F (64 B).
        assertThat(cpls).containsExactly("CplD bc=512 la=0x40 len=48 SC", "CplD bc=320 la=0x0 len=64 SC",
                "CplD bc=64 la=0x0 len=16 SC");
        assertThat(bytes).hasSize(512);
        for (int i = 0; i < 512; i++) {
            assertThat(bytes.get(i)).isEqualTo(pattern[i]);
        }
    }

    @Test
    void unalignedReadReturnsExactlyTheBytesAsked() {
        Link link = link(64);
        memory.write(0x3001, new byte[] {1, 2, 3, 4, 5, 6}, 0, 6);
        link.upstream().send(link.upstream().newTlp().setMemoryRead(0x0100, 1, 0x3001, 6));
        kernel.runUntilIdle();
        assertThat(cpls).containsExactly("CplD bc=6 la=0x1 len=2 SC");
        assertThat(bytes).containsExactly((byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5, (byte) 6);
    }

    @Test
    void writesLandInMemoryAndIoRequestsGetUnsupportedRequest() {
        Link link = link(64);
        Tlp w = link.upstream().newTlp().setMemoryWrite(0x0100, 0x1_0000_1000L, 8);
        byte[] d = w.ensureData(8);
        for (int i = 0; i < 8; i++) {
            d[i] = (byte) (0x10 + i);
        }
        link.upstream().send(w);
        link.upstream().send(link.upstream().newTlp().setIo(false, 0x0100, 4, 0xC000, 2));
        kernel.runUntilIdle();
        assertThat(memory.readLong(0x1_0000_1000L)).isEqualTo(0x1716151413121110L);
        assertThat(cpls).containsExactly("Cpl bc=4 la=0x0 len=0 " + CompletionStatus.UR);
    }

    @Test
    void iotlbMissesAddThePageWalkAndHitsDoNot() {
        Link link = link(256);
        Iommu iommu = new Iommu(2, 0, 300_000);
        rc.setIommu(iommu);
        long[] pages = {0x10000, 0x10040, 0x20000, 0x30000, 0x10000};
        List<Long> times = new ArrayList<>();
        link.connect(rc, t -> times.add(kernel.now()));
        long start = 0;
        for (long p : pages) {
            long s = start;
            kernel.schedule(s, arg -> link.upstream().send(link.upstream().newTlp().setMemoryRead(0x0100, 1, p, 4)), 0);
            start += 10_000_000;
        }
        kernel.runUntilIdle();
        long base = times.get(1) - 10_000_000; // a hit: same page as the first read
        assertThat(times.get(0)).isEqualTo(base + 300_000);
        assertThat(times.get(2) - 20_000_000).isEqualTo(base + 300_000);
        assertThat(times.get(3) - 30_000_000).isEqualTo(base + 300_000);
        // Two entries, LRU: page 0x10 was evicted by 0x20 and 0x30.
        assertThat(times.get(4) - 40_000_000).isEqualTo(base + 300_000);
        assertThat(iommu.hits()).isEqualTo(1);
        assertThat(iommu.misses()).isEqualTo(4);
    }
}

package org.virtiosim.pcie.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The IOTLB (fully associative, LRU, class comment) and host memory's 64-bit accessors. */
class HostSideTest {
    @Test
    void aHitCostsTheHitTimeAMissTheWalk() {
        Iommu iommu = new Iommu(2, 7, 300);
        assertThat(iommu.translate(0x1000)).isEqualTo(300);
        assertThat(iommu.translate(0x1FFF)).as("same 4 KB page").isEqualTo(7);
        assertThat(iommu.translate(0x2000)).isEqualTo(300);
        assertThat(iommu.hits()).isEqualTo(1);
        assertThat(iommu.misses()).isEqualTo(2);
    }

    @Test
    void theLeastRecentlyUsedEntryIsReplaced() {
        Iommu iommu = new Iommu(3, 0, 100);
        iommu.translate(0x1000);
        iommu.translate(0x2000);
        iommu.translate(0x3000);
        iommu.translate(0x1000); // 1 is now the most recent; 2 the least
        iommu.translate(0x4000); // evicts 2
        assertThat(iommu.translate(0x1000)).isZero();
        assertThat(iommu.translate(0x3000)).isZero();
        assertThat(iommu.translate(0x4000)).isZero();
        assertThat(iommu.translate(0x2000)).isEqualTo(100);
        assertThat(iommu.misses()).isEqualTo(5);
        assertThat(iommu.hits()).isEqualTo(4);
    }

    @Test
    void pageZeroIsAPageLikeAnyOther() {
        Iommu iommu = new Iommu(1, 0, 100);
        assertThat(iommu.translate(0)).isEqualTo(100);
        assertThat(iommu.translate(0xFFF)).isZero();
    }

    @Test
    void anIotlbHasAnEntryAndNoNegativeLatency() {
        new Iommu(1, 0, 0);
        assertThatThrownBy(() -> new Iommu(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Iommu(1, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Iommu(1, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longsAreStoredLittleEndianAcrossPages() {
        HostMemory m = new HostMemory();
        m.writeLong(0x1FFC, 0x1122_3344_5566_7788L); // straddles two pages
        assertThat(m.readLong(0x1FFC)).isEqualTo(0x1122_3344_5566_7788L);
        byte[] b = new byte[8];
        m.read(0x1FFC, b, 0, 8);
        assertThat(b).containsExactly(0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11);
        assertThat(m.pages()).isEqualTo(2);
        m.writeLong(0x1FFC, -1L);
        assertThat(m.readLong(0x1FFC)).isEqualTo(-1L);
        assertThat(m.pages()).isEqualTo(2);
        assertThat(m.readLong(0x5000)).isZero();
        assertThat(m.pages()).as("reading allocates nothing").isEqualTo(2);
    }

    @Test
    void manyPagesStayDistinct() {
        HostMemory m = new HostMemory();
        for (long p = 0; p < 100; p++) {
            m.writeLong(p << 12, p * 31 + 1);
        }
        assertThat(m.pages()).isEqualTo(100);
        for (long p = 0; p < 100; p++) {
            assertThat(m.readLong(p << 12)).isEqualTo(p * 31 + 1);
        }
    }

    @Test
    void unwrittenMemoryReadsAsZeroWhateverTheBufferHeld() {
        HostMemory m = new HostMemory();
        m.writeLong(0x1000, -1L);
        byte[] dst = new byte[16];
        java.util.Arrays.fill(dst, (byte) 0x5A);
        m.read(0x0FF8, dst, 0, 16); // 8 unwritten bytes of page 0, then the written ones
        assertThat(java.util.Arrays.copyOf(dst, 8)).containsOnly(0);
        assertThat(java.util.Arrays.copyOfRange(dst, 8, 16)).containsOnly(0xFF);
    }
}

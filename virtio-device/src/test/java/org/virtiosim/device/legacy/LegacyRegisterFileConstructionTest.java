package org.virtiosim.device.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What a register file may be built with: 1..VIRTIO_QUEUE_MAX queues, each a power of 2 up to
 * 32768 (virtio spec, "Virtqueues": Queue Size ... maximum 32768), an MSI-X table of 0..2048
 * entries (PCIe Table Size is 11 bits, N-1 encoded).
 */
class LegacyRegisterFileConstructionTest {
    private static LegacyRegisterFile build(int[] sizes, int msix) {
        return new LegacyRegisterFile(0x20, 0, sizes, msix, VirtioNetConfig.forVf(1));
    }

    private static int[] queues(int n, int size) {
        int[] s = new int[n];
        Arrays.fill(s, size);
        return s;
    }

    @Test
    void queueCountIsOneToQueueMax() {
        assertThat(build(queues(1, 64), 4).queueCount()).isEqualTo(1);
        assertThat(build(queues(1024, 64), 4).queueCount()).isEqualTo(1024);
        assertThatThrownBy(() -> build(queues(0, 64), 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> build(queues(1025, 64), 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queueSizesArePowersOfTwoUpTo32768() {
        LegacyRegisterFile regs = build(new int[] {1, 2, 32768, 256}, 4);
        assertThat(regs.queueSize(0)).isEqualTo(1);
        assertThat(regs.queueSize(1)).isEqualTo(2);
        assertThat(regs.queueSize(2)).isEqualTo(32768);
        regs.write(0x0E, 2, 2);
        assertThat(regs.read(0x0C, 2)).isEqualTo(32768);
        for (int bad : new int[] {0, -256, 3, 100, 65536, 1 << 30, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> build(new int[] {256, bad}, 4)).as("size %d", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theQueueSizesAreCopied() {
        int[] sizes = {256, 256};
        LegacyRegisterFile regs = build(sizes, 4);
        sizes[0] = 8;
        assertThat(regs.queueSize(0)).isEqualTo(256);
    }

    @Test
    void msixTableIsZeroTo2048Entries() {
        assertThat(build(queues(2, 64), 0).msixTableSize()).isZero();
        assertThat(build(queues(2, 64), 0x800).msixTableSize()).isEqualTo(0x800);
        assertThatThrownBy(() -> build(queues(2, 64), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> build(queues(2, 64), 0x801)).isInstanceOf(IllegalArgumentException.class);
    }

    /** msix_vector_use fails for vector >= the table size, so with no table every vector reads NO_VECTOR. */
    @Test
    void withoutMsixTableEntriesEveryVectorIsRefused() {
        LegacyRegisterFile regs = build(queues(2, 64), 0);
        regs.setMsixEnabled(true);
        regs.write(0x14, 2, 0);
        assertThat(regs.read(0x14, 2)).isEqualTo(LegacyRegisterFile.NO_VECTOR);
        LegacyRegisterFile big = build(queues(2, 64), 0x800);
        big.setMsixEnabled(true);
        big.write(0x16, 2, 0x7FF);
        assertThat(big.read(0x16, 2)).as("last entry of a full table").isEqualTo(0x7FF);
        big.write(0x16, 2, 0x800);
        assertThat(big.read(0x16, 2)).isEqualTo(LegacyRegisterFile.NO_VECTOR);
    }

    @Test
    void hostAndBadFeaturesAreTheConstructorsAndTheDefaultVfIsVirtioNet() {
        LegacyRegisterFile regs = new LegacyRegisterFile(0x8000_0021, 0x0000_0001, queues(1, 16), 1, VirtioNetConfig.forVf(2));
        assertThat(regs.hostFeatures()).isEqualTo(0x8000_0021);
        assertThat(regs.read(0x00, 4)).isEqualTo(0x8000_0021);
        regs.write(0x04, 4, 1 << 30);
        assertThat(regs.guestFeatures()).as("bad features, masked with the host's").isEqualTo(1);

        LegacyRegisterFile net = LegacyRegisterFile.virtioNet(9);
        assertThat(net.hostFeatures()).isEqualTo(VirtioFeatures.VF_NET_HOST_FEATURES);
        assertThat(net.queueCount()).as("rx0, tx0, control").isEqualTo(3);
        assertThat(net.msixTableSize()).as("config + one per queue").isEqualTo(4);
        assertThat(net.config().length()).isEqualTo(VirtioNetConfig.LENGTH);
        assertThat(((VirtioNetConfig) net.config()).mac()).containsExactly(VirtioNetConfig.vfMac(9));
    }
}

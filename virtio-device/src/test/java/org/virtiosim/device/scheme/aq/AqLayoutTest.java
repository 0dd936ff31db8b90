package org.virtiosim.device.scheme.aq;

import org.virtiosim.device.scheme.aq.command.AqLayout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Where an admin virtqueue lives: a split virtqueue of {@link AqLayout#QUEUE_SIZE} (virtio 1.3
 * §2.7: descriptor table 16-byte aligned, available ring 2-byte, used ring 4-byte; sizes 16·N,
 * 6 + 2·N and 6 + 8·N) and a command buffer per slot, queue after queue.
 */
class AqLayoutTest {
    private static final int N = AqLayout.QUEUE_SIZE;

    @Test
    void theQueueIndexIs0To255() {
        assertThatThrownBy(() -> new AqLayout(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AqLayout(256)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256");
        assertThat(new AqLayout(0).queue()).isZero();
        assertThat(new AqLayout(255).queue()).isEqualTo(255);
    }

    @Test
    void theQueueSizeIsAPowerOfTwoAndACommandTakesFourDescriptors() {
        assertThat(Integer.bitCount(N)).isEqualTo(1);
        assertThat(N).isLessThanOrEqualTo(32768);
        assertThat(AqLayout.DESCRIPTOR_BYTES).isEqualTo(16);
        assertThat(AqLayout.SLOTS * AqLayout.DESCRIPTORS_PER_COMMAND).isEqualTo(N);
        assertThat(AqLayout.VIRTQ_DESC_F_NEXT).isEqualTo(1);
        assertThat(AqLayout.VIRTQ_DESC_F_WRITE).isEqualTo(2);
    }

    @Test
    void theRingsAreAlignedAndDoNotOverlap() {
        for (int q : new int[] {0, 1, 7, 255}) {
            AqLayout l = new AqLayout(q);
            long desc = l.descriptor(0);
            long avail = l.availIdx() - 2;
            long used = l.usedIdx() - 2;
            assertThat(desc % 16).isZero();
            assertThat(avail % 2).isZero();
            assertThat(used % 4).isZero();
            assertThat(desc + 16L * N).isLessThanOrEqualTo(avail);
            assertThat(avail + 6 + 2L * N).isLessThanOrEqualTo(used);
            assertThat(used + 6 + 8L * N).isLessThanOrEqualTo(l.slotBuffer(0));
            assertThat(l.slotBuffer(AqLayout.SLOTS - 1) + AqLayout.SLOT_BYTES).isLessThanOrEqualTo(desc + AqLayout.QUEUE_SPAN);
            assertThat(desc).isEqualTo(AqLayout.BASE + q * AqLayout.QUEUE_SPAN);
        }
    }

    @Test
    void entriesFollowTheSplitVirtqueueLayout() {
        AqLayout l = new AqLayout(3);
        assertThat(l.descriptor(5) - l.descriptor(0)).isEqualTo(5 * 16);
        assertThat(l.availEntry(0)).as("ring[] after flags and idx").isEqualTo(l.availIdx() + 2);
        assertThat(l.availEntry(3) - l.availEntry(0)).isEqualTo(6);
        assertThat(l.usedEntry(0)).isEqualTo(l.usedIdx() + 2);
        assertThat(l.usedEntry(3) - l.usedEntry(0)).as("{le32 id, le32 len}").isEqualTo(24);
        assertThat(l.slotBuffer(2) - l.slotBuffer(1)).isEqualTo(AqLayout.SLOT_BYTES);
    }

    @Test
    void freeRunningIndicesWrapAroundTheRing() {
        AqLayout l = new AqLayout(0);
        assertThat(l.availEntry(N)).isEqualTo(l.availEntry(0));
        assertThat(l.availEntry(N + 5)).isEqualTo(l.availEntry(5));
        assertThat(l.availEntry(0xFFFF)).isEqualTo(l.availEntry(N - 1));
        assertThat(l.usedEntry(N)).isEqualTo(l.usedEntry(0));
        assertThat(l.usedEntry(2 * N + 1)).isEqualTo(l.usedEntry(1));
    }

    @Test
    void eachPartOfACommandIsItsOwnAllocationInsideTheQueuesSpan() {
        AqLayout l = new AqLayout(3);
        long base = AqLayout.BASE + 3 * AqLayout.QUEUE_SPAN;
        for (int slot = 0; slot < N; slot++) {
            long[] starts = {l.header(slot), l.data(slot), l.status(slot), l.result(slot), l.indirectTable(slot)};
            int[] sizes = {24, 16, 8, AqLayout.RESULT_BYTES, 4 * 16};
            for (int i = 0; i < starts.length; i++) {
                assertThat(starts[i]).isGreaterThanOrEqualTo(l.slotBuffer(AqLayout.SLOTS));
                assertThat(starts[i] + sizes[i]).isLessThanOrEqualTo(base + AqLayout.QUEUE_SPAN);
                for (int j = 0; j < starts.length; j++) {
                    assertThat(starts[i] + sizes[i]).as("part %d of slot %d runs into part %d", i, slot, j)
                            .isNotEqualTo(starts[j]);
                }
            }
        }
        assertThat(AqLayout.RESULT_BYTES).as("LEGACY_NOTIFY_INFO: four 16-byte entries").isEqualTo(64);
    }
}

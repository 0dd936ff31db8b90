package org.virtiosim.device.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.virtiosim.device.legacy.LegacyRegisterFile.NO_VECTOR;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Register-by-register semantics of the default virtio-net VF, offsets written as literals from virtio_pci.h. */
class LegacyRegisterFileTest {
    private static final int HOST_FEATURES = 0x00, GUEST_FEATURES = 0x04, QUEUE_PFN = 0x08, QUEUE_NUM = 0x0C,
            QUEUE_SEL = 0x0E, QUEUE_NOTIFY = 0x10, STATUS = 0x12, ISR = 0x13, CONFIG_VECTOR = 0x14, QUEUE_VECTOR = 0x16;
    /** MAC, STATUS, CTRL_VQ, CTRL_RX, INDIRECT_DESC, EVENT_IDX = bits 5, 16, 17, 18, 28, 29. */
    private static final int EXPECTED_HOST_FEATURES = 0x3007_0020;

    private LegacyRegisterFile regs;

    @BeforeEach
    void newVf() {
        regs = LegacyRegisterFile.virtioNet(0x0A0B0C);
    }

    private int r(int offset, int size) {
        return regs.read(offset, size);
    }

    private WriteEffect w(int offset, int size, int value) {
        return regs.write(offset, size, value);
    }

    @Test
    void hostFeaturesAreTheVfFeaturesAndReadOnly() {
        assertThat(r(HOST_FEATURES, 4)).isEqualTo(EXPECTED_HOST_FEATURES);
        assertThat(w(HOST_FEATURES, 4, 0xFFFF_FFFF)).isEqualTo(WriteEffect.IGNORED);
        assertThat(r(HOST_FEATURES, 4)).isEqualTo(EXPECTED_HOST_FEATURES);
        assertThat(regs.ignoredAccesses()).isEqualTo(1);
    }

    @Test
    void guestFeaturesAreMaskedWithHostFeatures() {
        assertThat(r(GUEST_FEATURES, 4)).isZero();
        assertThat(w(GUEST_FEATURES, 4, 0x0FFF_FFFF)).isEqualTo(WriteEffect.GUEST_FEATURES_SET);
        assertThat(r(GUEST_FEATURES, 4)).isEqualTo(0x0007_0020);
        w(GUEST_FEATURES, 4, 0x8000_0020);
        assertThat(r(GUEST_FEATURES, 4)).isEqualTo(0x20);
    }

    @Test
    void badFeatureBitGivesTheDevicesBadFeaturesMaskedWithHost() {
        // virtio_net_bad_features = MAC|CSUM|HOST_TSO4|HOST_TSO6|HOST_ECN; only MAC is offered.
        w(GUEST_FEATURES, 4, 0x4000_0000 | EXPECTED_HOST_FEATURES);
        assertThat(r(GUEST_FEATURES, 4)).isEqualTo(1 << 5);
    }

    @Test
    void guestFeaturesWriteRefusedWhileFeaturesOkSet() {
        w(GUEST_FEATURES, 4, 1 << 16);
        w(STATUS, 1, DeviceStatus.ACKNOWLEDGE | DeviceStatus.DRIVER | DeviceStatus.FEATURES_OK);
        assertThat(w(GUEST_FEATURES, 4, 1 << 5)).isEqualTo(WriteEffect.IGNORED);
        assertThat(r(GUEST_FEATURES, 4)).isEqualTo(1 << 16);
    }

    @Test
    void queueSizeIs256ForThreeQueuesAndZeroBeyond() {
        for (int q = 0; q < 3; q++) {
            w(QUEUE_SEL, 2, q);
            assertThat(r(QUEUE_NUM, 2)).as("queue %d", q).isEqualTo(256);
        }
        w(QUEUE_SEL, 2, 3);
        assertThat(r(QUEUE_NUM, 2)).isZero();
        w(QUEUE_SEL, 2, 1023);
        assertThat(r(QUEUE_NUM, 2)).isZero();
        assertThat(r(QUEUE_PFN, 4)).isZero();
    }

    @Test
    void queueSizeIsReadOnly() {
        assertThat(w(QUEUE_NUM, 2, 128)).isEqualTo(WriteEffect.IGNORED);
        assertThat(r(QUEUE_NUM, 2)).isEqualTo(256);
        assertThat(regs.ignoredAccesses()).isEqualTo(1);
    }

    @Test
    void queueSelectAtOrAboveQueueMaxIsIgnored() {
        w(QUEUE_SEL, 2, 2);
        assertThat(w(QUEUE_SEL, 2, 1024)).isEqualTo(WriteEffect.IGNORED);
        assertThat(r(QUEUE_SEL, 2)).isEqualTo(2);
        assertThat(w(QUEUE_SEL, 2, 0xFFFF)).isEqualTo(WriteEffect.IGNORED);
        assertThat(r(QUEUE_SEL, 2)).isEqualTo(2);
        assertThat(w(QUEUE_SEL, 2, 1023)).isEqualTo(WriteEffect.NONE);
        assertThat(r(QUEUE_SEL, 2)).isEqualTo(1023);
        assertThat(regs.ignoredAccesses()).isEqualTo(2);
    }

    @Test
    void queuePfnIsPerSelectedQueue() {
        w(QUEUE_SEL, 2, 1);
        assertThat(w(QUEUE_PFN, 4, 0x12345)).isEqualTo(WriteEffect.QUEUE_ADDRESS_SET);
        assertThat(regs.effectQueue()).isEqualTo(1);
        assertThat(r(QUEUE_PFN, 4)).isEqualTo(0x12345);
        assertThat(regs.queueAddress(1)).isEqualTo(0x1234_5000L);
        w(QUEUE_SEL, 2, 0);
        assertThat(r(QUEUE_PFN, 4)).isZero();
        w(QUEUE_SEL, 2, 2);
        w(QUEUE_PFN, 4, 0xFFFF_FFFF);
        assertThat(r(QUEUE_PFN, 4)).isEqualTo(0xFFFF_FFFF);
        assertThat(regs.queueAddress(2)).isEqualTo(0xFFF_FFFF_F000L);
    }

    @Test
    void queuePfnForMissingQueueIsIgnored() {
        w(QUEUE_SEL, 2, 3);
        assertThat(w(QUEUE_PFN, 4, 0x100)).isEqualTo(WriteEffect.IGNORED);
        assertThat(r(QUEUE_PFN, 4)).isZero();
        assertThat(regs.resetInProgress()).isFalse();
    }

    @Test
    void queuePfnZeroResetsTheWholeDeviceLikeQemu() {
        w(GUEST_FEATURES, 4, 1 << 5);
        w(STATUS, 1, 0x07);
        w(QUEUE_SEL, 2, 0);
        w(QUEUE_PFN, 4, 0x111);
        w(QUEUE_SEL, 2, 1);
        w(QUEUE_PFN, 4, 0x222);
        // Queue 1 is selected, but PFN 0 resets everything (virtio_pci_reset), not only queue 1.
        assertThat(w(QUEUE_PFN, 4, 0)).isEqualTo(WriteEffect.RESET_REQUESTED);
        assertThat(regs.resetInProgress()).isTrue();
        assertThat(r(QUEUE_PFN, 4)).as("stale during reset").isEqualTo(0x222);
        assertThat(r(STATUS, 1)).isEqualTo(0x07);
        regs.completeReset();
        assertThat(r(STATUS, 1)).isZero();
        assertThat(r(GUEST_FEATURES, 4)).isZero();
        assertThat(r(QUEUE_SEL, 2)).isZero();
        assertThat(r(QUEUE_PFN, 4)).isZero();
        assertThat(regs.queuePfn(1)).isZero();
    }

    @Test
    void queueNotifyNamesTheQueueOnlyForActiveQueues() {
        w(QUEUE_SEL, 2, 1);
        w(QUEUE_PFN, 4, 0x5000);
        assertThat(w(QUEUE_NOTIFY, 2, 1)).isEqualTo(WriteEffect.QUEUE_NOTIFY);
        assertThat(regs.effectQueue()).isEqualTo(1);
        assertThat(w(QUEUE_NOTIFY, 2, 0)).as("no ring yet").isEqualTo(WriteEffect.IGNORED);
        assertThat(regs.effectQueue()).isEqualTo(-1);
        assertThat(w(QUEUE_NOTIFY, 2, 3)).as("no such queue").isEqualTo(WriteEffect.IGNORED);
        assertThat(w(QUEUE_NOTIFY, 2, 1024)).isEqualTo(WriteEffect.IGNORED);
        assertThat(regs.ignoredAccesses()).isEqualTo(3);
    }

    @Test
    void queueNotifyReadsAllOnesAndCounts() {
        assertThat(r(QUEUE_NOTIFY, 2)).isEqualTo(0xFFFF);
        assertThat(regs.ignoredAccesses()).isEqualTo(1);
    }

    @Test
    void statusReadsBackAndZeroRequestsReset() {
        assertThat(r(STATUS, 1)).isZero();
        assertThat(w(STATUS, 1, DeviceStatus.ACKNOWLEDGE)).isEqualTo(WriteEffect.STATUS_CHANGED);
        assertThat(w(STATUS, 1, 0x07)).isEqualTo(WriteEffect.STATUS_CHANGED);
        assertThat(r(STATUS, 1)).isEqualTo(0x07);
        assertThat(w(STATUS, 1, 0)).isEqualTo(WriteEffect.RESET_REQUESTED);
        assertThat(regs.resetInProgress()).isTrue();
        assertThat(r(STATUS, 1)).as("stale status while resetting").isEqualTo(0x07);
        regs.completeReset();
        assertThat(regs.resetInProgress()).isFalse();
        assertThat(r(STATUS, 1)).isZero();
        assertThat(regs.resetsCompleted()).isEqualTo(1);
    }

    @Test
    void isrReadClearsAndIsReadOnly() {
        assertThat(r(ISR, 1)).isZero();
        regs.raiseIsr(LegacyRegisterFile.ISR_QUEUE);
        assertThat(r(ISR, 1)).isEqualTo(1);
        assertThat(r(ISR, 1)).isZero();
        regs.raiseIsr(LegacyRegisterFile.ISR_CONFIG);
        regs.raiseIsr(LegacyRegisterFile.ISR_QUEUE);
        assertThat(w(ISR, 1, 0)).isEqualTo(WriteEffect.IGNORED);
        assertThat(r(ISR, 1)).isEqualTo(3);
        assertThat(r(ISR, 1)).isZero();
        assertThatThrownBy(() -> regs.raiseIsr(4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> regs.raiseIsr(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void vectorRegistersExistOnlyWithMsix() {
        // MSI-X off: 0x14 is the start of the MAC, not the config vector.
        assertThat(r(0x14, 2)).isEqualTo(0x0002);
        assertThat(w(0x14, 2, 1)).isEqualTo(WriteEffect.CONFIG_WRITTEN);
        assertThat(regs.configVector()).isEqualTo(NO_VECTOR);
        w(0x14, 2, 0x0002);

        regs.setMsixEnabled(true);
        assertThat(r(CONFIG_VECTOR, 2)).isEqualTo(NO_VECTOR);
        assertThat(w(CONFIG_VECTOR, 2, 0)).isEqualTo(WriteEffect.MSIX_VECTOR_CHANGED);
        assertThat(regs.effectQueue()).isEqualTo(-1);
        assertThat(r(CONFIG_VECTOR, 2)).isZero();
        for (int q = 0; q < 3; q++) {
            w(QUEUE_SEL, 2, q);
            assertThat(r(QUEUE_VECTOR, 2)).isEqualTo(NO_VECTOR);
            assertThat(w(QUEUE_VECTOR, 2, q + 1)).isEqualTo(WriteEffect.MSIX_VECTOR_CHANGED);
            assertThat(regs.effectQueue()).isEqualTo(q);
        }
        for (int q = 0; q < 3; q++) {
            w(QUEUE_SEL, 2, q);
            assertThat(r(QUEUE_VECTOR, 2)).isEqualTo(q + 1);
        }
        // Vectors survive MSI-X off/on: config space toggles the layout, not the state.
        regs.setMsixEnabled(false);
        regs.setMsixEnabled(true);
        assertThat(r(CONFIG_VECTOR, 2)).isZero();
        assertThat(regs.queueVector(2)).isEqualTo(3);
    }

    @Test
    void vectorOutsideTheMsixTableReadsBackNoVector() {
        regs.setMsixEnabled(true);
        w(CONFIG_VECTOR, 2, 3);
        assertThat(r(CONFIG_VECTOR, 2)).isEqualTo(3);
        assertThat(w(CONFIG_VECTOR, 2, 4)).isEqualTo(WriteEffect.MSIX_VECTOR_CHANGED);
        assertThat(r(CONFIG_VECTOR, 2)).isEqualTo(NO_VECTOR);
        w(QUEUE_VECTOR, 2, 2);
        w(QUEUE_VECTOR, 2, 0x7FF);
        assertThat(r(QUEUE_VECTOR, 2)).isEqualTo(NO_VECTOR);
        w(QUEUE_VECTOR, 2, 1);
        w(QUEUE_VECTOR, 2, NO_VECTOR);
        assertThat(r(QUEUE_VECTOR, 2)).as("unmapping").isEqualTo(NO_VECTOR);
    }

    @Test
    void queueVectorOfMissingQueueIsIgnored() {
        regs.setMsixEnabled(true);
        w(QUEUE_SEL, 2, 3);
        assertThat(w(QUEUE_VECTOR, 2, 1)).isEqualTo(WriteEffect.IGNORED);
        assertThat(r(QUEUE_VECTOR, 2)).isEqualTo(NO_VECTOR);
    }

    @Test
    void deviceConfigMovesFrom0x14To0x18WithMsix() {
        byte[] mac = {0x02, 0x00, 0x00, 0x0A, 0x0B, 0x0C};
        for (boolean msix : new boolean[] {false, true}) {
            regs.setMsixEnabled(msix);
            int base = msix ? 0x18 : 0x14;
            for (int i = 0; i < 6; i++) {
                assertThat(r(base + i, 1)).as("MSI-X %s MAC[%d]", msix, i).isEqualTo(mac[i] & 0xFF);
            }
            assertThat(r(base + 6, 2)).as("link status").isEqualTo(1);
            assertThat(r(base + 8, 2)).as("max_virtqueue_pairs").isEqualTo(1);
            assertThat(r(base, 4)).isEqualTo(0x0A00_0002);
            assertThat(r(base + 2, 4)).as("unaligned, little-endian").isEqualTo(0x0C0B_0A00);
            assertThat(r(base + 5, 2)).as("MAC[5] and status low byte").isEqualTo(0x010C);
        }
        regs.setMsixEnabled(false);
        assertThat(r(0x1A, 2)).isEqualTo(1);
        regs.setMsixEnabled(true);
        assertThat(r(0x1E, 2)).isEqualTo(1);
        assertThat(r(0x1A, 2)).as("0x1a is now MAC[2..3]").isEqualTo(0x0A00);
    }

    @Test
    void macIsWritableStatusAndPairsAreNot() {
        assertThat(w(0x14 + 5, 1, 0x77)).isEqualTo(WriteEffect.CONFIG_WRITTEN);
        assertThat(r(0x19, 1)).isEqualTo(0x77);
        assertThat(w(0x1A, 2, 0)).as("link status").isEqualTo(WriteEffect.IGNORED);
        assertThat(w(0x1C, 2, 5)).as("max_virtqueue_pairs").isEqualTo(WriteEffect.IGNORED);
        assertThat(r(0x1A, 4)).isEqualTo(0x0001_0001);
        // A write spanning MAC[4..5] and status changes only the MAC bytes.
        assertThat(w(0x18, 4, 0x0000_6655)).isEqualTo(WriteEffect.CONFIG_WRITTEN);
        assertThat(r(0x18, 4)).isEqualTo(0x0001_6655);
        assertThat(regs.ignoredAccesses()).isEqualTo(2);
    }

    @Test
    void completeResetClearsEverythingAndRestoresTheMac() {
        regs.setMsixEnabled(true);
        w(GUEST_FEATURES, 4, 0x0007_0020);
        w(QUEUE_SEL, 2, 2);
        w(QUEUE_PFN, 4, 0xABC);
        w(QUEUE_VECTOR, 2, 3);
        w(CONFIG_VECTOR, 2, 0);
        w(STATUS, 1, 0x0F);
        for (int i = 0; i < 6; i++) {
            w(0x18 + i, 1, 0xEE);
        }
        regs.raiseIsr(3);
        assertThat(w(STATUS, 1, 0)).isEqualTo(WriteEffect.RESET_REQUESTED);
        // During reset everything still reads the old values, and ISR reads do not clear.
        assertThat(r(0x18, 4)).isEqualTo(0xEEEE_EEEE);
        assertThat(r(ISR, 1)).isEqualTo(3);
        assertThat(r(ISR, 1)).isEqualTo(3);
        assertThat(r(STATUS, 1)).isEqualTo(0x0F);
        regs.completeReset();

        assertThat(regs.msixEnabled()).as("MSI-X enable is PCI config space").isTrue();
        assertThat(r(GUEST_FEATURES, 4)).isZero();
        assertThat(r(STATUS, 1)).isZero();
        assertThat(r(ISR, 1)).isZero();
        assertThat(r(QUEUE_SEL, 2)).isZero();
        assertThat(r(CONFIG_VECTOR, 2)).isEqualTo(NO_VECTOR);
        for (int q = 0; q < 3; q++) {
            assertThat(regs.queuePfn(q)).isZero();
            assertThat(regs.queueVector(q)).isEqualTo(NO_VECTOR);
            assertThat(regs.queueSize(q)).isEqualTo(256);
        }
        assertThat(r(0x18, 4)).isEqualTo(0x0A00_0002);
        assertThat(r(0x1C, 2)).isEqualTo(0x0C0B);
        assertThat(r(HOST_FEATURES, 4)).isEqualTo(EXPECTED_HOST_FEATURES);
        assertThatThrownBy(regs::completeReset).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void writesDuringResetAreDroppedAndCounted() {
        w(STATUS, 1, 0x03);
        w(STATUS, 1, 0);
        assertThat(w(STATUS, 1, 0x01)).isEqualTo(WriteEffect.DROPPED_DURING_RESET);
        assertThat(w(GUEST_FEATURES, 4, 1 << 5)).isEqualTo(WriteEffect.DROPPED_DURING_RESET);
        assertThat(w(QUEUE_PFN, 4, 0)).isEqualTo(WriteEffect.DROPPED_DURING_RESET);
        assertThat(w(HOST_FEATURES, 4, 0)).as("read-only, but dropped first").isEqualTo(WriteEffect.DROPPED_DURING_RESET);
        assertThat(w(0x14, 1, 0x99)).isEqualTo(WriteEffect.DROPPED_DURING_RESET);
        regs.raiseIsr(1);
        assertThat(regs.droppedWrites()).isEqualTo(5);
        assertThat(regs.ignoredAccesses()).isZero();
        assertThat(r(STATUS, 1)).isEqualTo(0x03);
        assertThat(r(GUEST_FEATURES, 4)).isZero();
        assertThat(r(ISR, 1)).as("raise during reset is dropped").isZero();
        assertThat(r(0x14, 1)).isEqualTo(0x02);
        regs.completeReset();
        assertThat(w(STATUS, 1, 0x01)).isEqualTo(WriteEffect.STATUS_CHANGED);
        assertThat(regs.droppedWrites()).isEqualTo(5);
    }

    @Test
    void beginResetFreezesLikeARegisterReset() {
        w(STATUS, 1, 0x07);
        regs.beginReset();
        regs.beginReset();
        assertThat(r(STATUS, 1)).isEqualTo(0x07);
        regs.completeReset();
        assertThat(r(STATUS, 1)).isZero();
    }

    @Test
    void impossibleAccessesThrowWithTheReason() {
        assertThatThrownBy(() -> r(0x0D, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offset 0x0d size 1: queue size is a 2-byte register at 0x0c");
        assertThatThrownBy(() -> w(0x1E, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("offset 0x1e size 1: beyond the 10-byte device config");
        assertThat(regs.ignoredAccesses()).isZero();
        assertThat(regs.checkAccess(0x1D, 1)).isNull();
        regs.setMsixEnabled(true);
        assertThat(regs.checkAccess(0x1D, 1)).isNull();
        assertThat(regs.checkAccess(0x21, 1)).isNull();
        assertThat(regs.checkAccess(0x22, 1)).startsWith("offset 0x22");
    }

    @Test
    void valuesAreTruncatedToTheAccessSize() {
        w(STATUS, 1, 0x1_03);
        assertThat(r(STATUS, 1)).isEqualTo(0x03);
        w(QUEUE_SEL, 2, 0x1_0001);
        assertThat(r(QUEUE_SEL, 2)).isEqualTo(1);
    }

    @Test
    void stateBytesPerVf() {
        // features 4+4, queue select 2, status 1, ISR 1, config vector 2; 3 queues x (PFN 4, size 2, vector 2); config 10.
        assertThat(regs.stateBytes()).isEqualTo(14 + 3 * 8 + 10);
    }

    @Test
    void rejectsBadConstruction() {
        VirtioNetConfig cfg = VirtioNetConfig.forVf(0);
        assertThatThrownBy(() -> new LegacyRegisterFile(0, 0, new int[] {}, 4, cfg)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LegacyRegisterFile(0, 0, new int[] {100}, 4, cfg)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LegacyRegisterFile(0, 0, new int[] {256}, 0x801, cfg)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSixByteWriteSetsTheWholeMacAtOnce() {
        for (boolean msix : new boolean[] {false, true}) {
            newVf();
            regs.setMsixEnabled(msix);
            int mac = LegacyLayout.macOffset(msix);
            assertThat(regs.write(mac, 6, 0x5634_1200_5452L)).isEqualTo(WriteEffect.CONFIG_WRITTEN);
            assertThat(r(mac, 4)).isEqualTo(0x1200_5452);
            assertThat(r(mac + 4, 2)).isEqualTo(0x5634);
            assertThat(r(mac + 6, 2)).as("status is not touched").isEqualTo(VirtioNetConfig.S_LINK_UP);
            assertThat(regs.ignoredAccesses()).isZero();
        }
    }

    @Test
    void aSixByteWriteElsewhereOrASixByteReadIsRefused() {
        assertThatThrownBy(() -> regs.write(0x15, 6, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MAC");
        assertThatThrownBy(() -> regs.write(0x18, 6, 0)).as("mac[4] with MSI-X off").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> regs.read(0x14, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThat(regs.checkWrite(0x14, 6)).isNull();
        assertThat(regs.checkAccess(0x14, 6)).isNotNull();
    }

    @Test
    void aSixByteWriteDuringAResetIsDroppedLikeAnyOther() {
        byte[] before = {(byte) r(0x14, 1), (byte) r(0x15, 1)};
        regs.beginReset();
        assertThat(regs.write(0x14, 6, 0x5634_1200_5452L)).isEqualTo(WriteEffect.DROPPED_DURING_RESET);
        assertThat(regs.droppedWrites()).isEqualTo(1);
        assertThat((byte) r(0x14, 1)).isEqualTo(before[0]);
        assertThat((byte) r(0x15, 1)).isEqualTo(before[1]);
    }
}

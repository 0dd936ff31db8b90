package org.virtiosim.device.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Feature bit numbers from Linux virtio_net.h, virtio_ring.h and virtio_config.h; legacy has bits 0..31 only. */
class VirtioFeaturesTest {
    @Test
    void bitNumbersAreThoseOfTheLinuxHeaders() {
        assertThat(VirtioFeatures.NET_F_CSUM).isEqualTo(0);
        assertThat(VirtioFeatures.NET_F_MAC).isEqualTo(5);
        assertThat(VirtioFeatures.NET_F_HOST_TSO4).isEqualTo(11);
        assertThat(VirtioFeatures.NET_F_HOST_TSO6).isEqualTo(12);
        assertThat(VirtioFeatures.NET_F_HOST_ECN).isEqualTo(13);
        assertThat(VirtioFeatures.NET_F_STATUS).isEqualTo(16);
        assertThat(VirtioFeatures.NET_F_CTRL_VQ).isEqualTo(17);
        assertThat(VirtioFeatures.NET_F_CTRL_RX).isEqualTo(18);
        assertThat(VirtioFeatures.RING_F_INDIRECT_DESC).isEqualTo(28);
        assertThat(VirtioFeatures.RING_F_EVENT_IDX).isEqualTo(29);
        assertThat(VirtioFeatures.F_BAD_FEATURE).isEqualTo(30);
    }

    @Test
    void bitIsOneShiftedForEveryLegacyBit() {
        assertThat(VirtioFeatures.bit(0)).isEqualTo(1);
        assertThat(VirtioFeatures.bit(5)).isEqualTo(0x20);
        assertThat(VirtioFeatures.bit(31)).isEqualTo(0x8000_0000);
        assertThatThrownBy(() -> VirtioFeatures.bit(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VirtioFeatures.bit(32)).as("bit 32 is VIRTIO_F_VERSION_1: not in legacy")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theVfOffersMacStatusControlQueueRxModeIndirectAndEventIdx() {
        assertThat(VirtioFeatures.VF_NET_HOST_FEATURES)
                .isEqualTo((1 << 5) | (1 << 16) | (1 << 17) | (1 << 18) | (1 << 28) | (1 << 29));
        assertThat(VirtioFeatures.VF_NET_HOST_FEATURES & (1 << 30)).as("never offers BAD_FEATURE").isZero();
    }

    @Test
    void badFeaturesAreWhatQemuAssumesOfAnOldGuest() {
        // virtio_net_bad_features: MAC, CSUM, HOST_TSO4, HOST_TSO6, HOST_ECN.
        assertThat(VirtioFeatures.NET_BAD_FEATURES).isEqualTo((1 << 5) | 1 | (1 << 11) | (1 << 12) | (1 << 13));
    }
}

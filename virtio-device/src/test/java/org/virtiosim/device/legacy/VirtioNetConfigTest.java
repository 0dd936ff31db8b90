package org.virtiosim.device.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VirtioNetConfigTest {
    @Test
    void vfMacIsLocallyAdministeredUnicastAndEncodesTheVf() {
        assertThat(VirtioNetConfig.vfMac(0)).containsExactly(0x02, 0, 0, 0, 0, 0);
        assertThat(VirtioNetConfig.vfMac(0x123456)).containsExactly(0x02, 0, 0, 0x12, 0x34, 0x56);
        byte[] last = VirtioNetConfig.vfMac(VirtioNetConfig.MAX_VF);
        assertThat(last).containsExactly(0x02, 0, 0, 0xFF, 0xFF, 0xFF);
        assertThat(last[0] & 0x01).as("unicast").isZero();
        assertThat(last[0] & 0x02).as("locally administered").isEqualTo(2);
        assertThatThrownBy(() -> VirtioNetConfig.vfMac(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VirtioNetConfig.vfMac(0x100_0000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void layoutMatchesStructVirtioNetConfig() {
        VirtioNetConfig c = VirtioNetConfig.forVf(7);
        assertThat(c.length()).isEqualTo(10);
        assertThat(c.readByte(5)).isEqualTo(7);
        assertThat(c.readByte(6)).isEqualTo(1);
        assertThat(c.readByte(7)).isZero();
        assertThat(c.readByte(8)).isEqualTo(1);
        assertThat(c.readByte(9)).isZero();
        c.setLinkUp(false);
        assertThat(c.readByte(6)).isZero();
        assertThatThrownBy(() -> c.readByte(10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTheMacIsWritableAndResetRestoresItButNotTheLink() {
        VirtioNetConfig c = VirtioNetConfig.forVf(7);
        for (int i = 0; i < 6; i++) {
            assertThat(c.writeByte(i, 0xA0 + i)).isTrue();
        }
        for (int i = 6; i < 10; i++) {
            assertThat(c.writeByte(i, 0x55)).isFalse();
        }
        assertThat(c.mac()).containsExactly(0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5);
        assertThat(c.readByte(8)).isEqualTo(1);
        c.setLinkUp(false);
        c.reset();
        assertThat(c.mac()).containsExactly(VirtioNetConfig.vfMac(7));
        assertThat(c.linkUp()).isFalse();
    }

    /** QEMU starts a NIC with its link up (virtio_net_device_realize sets VIRTIO_NET_S_LINK_UP). */
    @Test
    void theLinkStartsUpAndFollowsTheDeviceSide() {
        VirtioNetConfig c = VirtioNetConfig.forVf(3);
        assertThat(c.linkUp()).isTrue();
        assertThat(c.readByte(VirtioNetConfig.STATUS_OFFSET) & VirtioNetConfig.S_LINK_UP).isEqualTo(1);
        c.setLinkUp(false);
        assertThat(c.linkUp()).isFalse();
        c.setLinkUp(true);
        assertThat(c.linkUp()).isTrue();
        assertThat(c.readByte(6)).isEqualTo(1);
    }

    @Test
    void offsetsOutsideTheTenBytesAreRejected() {
        VirtioNetConfig c = VirtioNetConfig.forVf(3);
        assertThatThrownBy(() -> c.writeByte(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.writeByte(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.readByte(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(c.writeByte(0, 0x12)).isTrue();
        assertThat(c.writeByte(9, 0x12)).isFalse();
        assertThat(c.readByte(0)).isEqualTo(0x12);
    }

    @Test
    void aMacIsSixBytesAndTheCallersArrayIsNotShared() {
        assertThatThrownBy(() -> new VirtioNetConfig(new byte[5])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VirtioNetConfig(new byte[7])).isInstanceOf(IllegalArgumentException.class);
        byte[] mac = {0x02, 1, 2, 3, 4, 5};
        VirtioNetConfig c = new VirtioNetConfig(mac);
        mac[5] = 0x55;
        assertThat(c.readByte(5)).isEqualTo(5);
        c.mac()[0] = 0x7F;
        assertThat(c.readByte(0)).as("mac() is a copy").isEqualTo(2);
        c.writeByte(5, 0x99);
        c.reset();
        assertThat(c.mac()).as("reset restores the MAC given, not the caller's later edit").containsExactly(2, 1, 2, 3, 4, 5);
    }
}

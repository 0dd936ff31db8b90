package org.virtiosim.device.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** VIRTIO_CONFIG_S_* from Linux include/uapi/linux/virtio_config.h and what the register file does with them. */
class DeviceStatusTest {
    @Test
    void bitsAreThoseOfVirtioConfigH() {
        assertThat(DeviceStatus.ACKNOWLEDGE).isEqualTo(1);
        assertThat(DeviceStatus.DRIVER).isEqualTo(2);
        assertThat(DeviceStatus.DRIVER_OK).isEqualTo(4);
        assertThat(DeviceStatus.FEATURES_OK).isEqualTo(8);
        assertThat(DeviceStatus.FAILED).isEqualTo(0x80);
    }

    /** Only 0 resets; FAILED, or every bit at once, is a status like any other. */
    @Test
    void noNonZeroStatusResets() {
        LegacyRegisterFile regs = LegacyRegisterFile.virtioNet(1);
        for (int status : new int[] {DeviceStatus.FAILED, 0xFF, DeviceStatus.ACKNOWLEDGE | DeviceStatus.DRIVER
                | DeviceStatus.DRIVER_OK}) {
            assertThat(regs.write(0x12, 1, status)).isEqualTo(WriteEffect.STATUS_CHANGED);
            assertThat(regs.resetInProgress()).isFalse();
            assertThat(regs.status()).isEqualTo(status);
        }
        assertThat(regs.write(0x12, 1, 0x100)).as("0x100 is 0 in one byte").isEqualTo(WriteEffect.RESET_REQUESTED);
    }
}

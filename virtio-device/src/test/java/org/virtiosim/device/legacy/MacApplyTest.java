package org.virtiosim.device.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.virtiosim.device.legacy.VirtioNetConfig.MacApply;

/** When a written MAC takes effect, and how many addresses the network sees in passing. */
class MacApplyTest {
    private static final byte[] NEW = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

    private static VirtioNetConfig bytewise(MacApply apply) {
        VirtioNetConfig c = VirtioNetConfig.forVf(1, apply);
        for (int i = 0; i < 6; i++) {
            c.writeByte(i, NEW[i] & 0xFF);
            c.writeDone(); // one driver access per byte, as Linux's legacy virtio_net does
        }
        return c;
    }

    private static long packed(byte[] m) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v |= (m[i] & 0xFFL) << (8 * i);
        }
        return v;
    }

    @Test
    void eachByteShowsTheNetworkEveryPartialAddressThatDiffers() {
        VirtioNetConfig c = bytewise(MacApply.EACH_BYTE);
        c.driverOk();
        assertThat(c.appliedMac()).isEqualTo(packed(NEW));
        // 02:00:00:00:00:01 -> 52:54:00:12:34:56: byte 2 (0x00) changes nothing, so 5 exposures, the last intended.
        assertThat(c.intermediateValues()).isEqualTo(4);
    }

    @Test
    void theSixthByteAppliesTheWholeAddressOnce() {
        VirtioNetConfig c = bytewise(MacApply.SIXTH_BYTE);
        assertThat(c.appliedMac()).isEqualTo(packed(NEW));
        c.driverOk();
        assertThat(c.intermediateValues()).isZero();
        VirtioNetConfig five = VirtioNetConfig.forVf(1, MacApply.SIXTH_BYTE);
        for (int i = 0; i < 5; i++) {
            five.writeByte(i, NEW[i] & 0xFF);
            five.writeDone();
        }
        assertThat(five.appliedMac()).as("five bytes: not yet").isEqualTo(packed(VirtioNetConfig.vfMac(1)));
    }

    @Test
    void onDriverOkNothingTakesEffectBefore() {
        VirtioNetConfig c = bytewise(MacApply.ON_DRIVER_OK);
        assertThat(c.appliedMac()).isEqualTo(packed(VirtioNetConfig.vfMac(1)));
        c.driverOk();
        assertThat(c.appliedMac()).isEqualTo(packed(NEW));
        assertThat(c.intermediateValues()).isZero();
    }

    @Test
    void oneSixByteWriteTakesEffectWholeAndAResetRestoresTheAddress() {
        VirtioNetConfig c = VirtioNetConfig.forVf(1, MacApply.EACH_BYTE);
        for (int i = 0; i < 6; i++) {
            c.writeByte(i, NEW[i] & 0xFF);
        }
        c.writeDone();
        c.driverOk();
        assertThat(c.intermediateValues()).isZero();
        c.reset();
        assertThat(c.appliedMac()).isEqualTo(packed(VirtioNetConfig.vfMac(1)));
    }

    @Test
    void theRegisterFileTellsTheConfigOfDriverOk() {
        LegacyRegisterFile r = LegacyRegisterFile.virtioNet(1, MacApply.ON_DRIVER_OK);
        int mac = LegacyLayout.macOffset(false);
        r.write(mac, 4, 0x1200_5452L);
        r.write(mac + 4, 2, 0x5634);
        VirtioNetConfig c = (VirtioNetConfig) r.config();
        assertThat(c.appliedMac()).isEqualTo(packed(VirtioNetConfig.vfMac(1)));
        r.write(LegacyRegister.DEVICE_STATUS.offset(), 1, DeviceStatus.ACKNOWLEDGE | DeviceStatus.DRIVER | DeviceStatus.DRIVER_OK);
        assertThat(c.appliedMac()).isEqualTo(packed(NEW));
    }
}

package org.virtiosim.device.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.legacy.VirtioFeatures;
import org.virtiosim.device.legacy.VirtioNetConfig;

class DeviceProfilesTest {
    @Test
    void qemuVirtioNetIsWhatQemusLegacyVirtioNetPciPresents() {
        LegacyRegisterFile r = LegacyRegisterFile.virtioNet(1, DeviceProfiles.REGISTRY.require("qemu-virtio-net").applyTo(ParamValues.defaults()));
        assertThat(r.read(0x00, 4)).isEqualTo(0x79bf8064).isEqualTo(VirtioFeatures.QEMU_NET_HOST_FEATURES);
        assertThat(((VirtioNetConfig) r.config()).mac()).containsExactly(0x52, 0x54, 0x00, 0x12, 0x34, 0x56);
        assertThat(new int[] {r.queueSize(0), r.queueSize(1), r.queueSize(2)}).containsExactly(256, 256, 64);
        assertThat(r.queueCount()).isEqualTo(3);
        assertThat(r.msixTableSize()).isEqualTo(4);
        assertThat(r.config().readByte(VirtioNetConfig.STATUS_OFFSET)).isEqualTo(VirtioNetConfig.S_LINK_UP);
        assertThat(r.config().readByte(VirtioNetConfig.MAX_VIRTQUEUE_PAIRS_OFFSET)).isEqualTo(1);
        assertThat(DeviceProfiles.QEMU_VIRTIO_NET.source()).contains("QEMU 7.2");
    }

    @Test
    void qemusFeaturesOfferBadFeatureAsVirtioPciPrePluggedAdds() {
        assertThat(VirtioFeatures.QEMU_NET_HOST_FEATURES & VirtioFeatures.bit(VirtioFeatures.F_BAD_FEATURE)).isNotZero();
    }

    @Test
    void theSimulatorProfileIsTheDefaults() {
        assertThat(DeviceProfiles.SIMULATOR.applyTo(ParamValues.defaults())).isEqualTo(ParamValues.defaults());
        ParamValues qemu = DeviceProfiles.QEMU_VIRTIO_NET.applyTo(ParamValues.defaults());
        assertThat(DeviceProfiles.SIMULATOR.applyTo(qemu)).as("goes back from another profile").isEqualTo(ParamValues.defaults());
        assertThat(DeviceProfiles.SIMULATOR.settings()).hasSameSizeAs(DeviceProfiles.QEMU_VIRTIO_NET.settings());
    }

    @Test
    void whatIsSetAfterAProfileWins() {
        ParamValues p = DeviceProfiles.QEMU_VIRTIO_NET.applyTo(ParamValues.defaults()).withText(LegacyRegisterFile.QUEUE_SIZES, "256,256,256");
        assertThat(p.get(LegacyRegisterFile.QUEUE_SIZES)).isEqualTo(List.of(256L, 256L, 256L));
        assertThat(p.get(LegacyRegisterFile.HOST_FEATURES)).as("the rest of the profile stays").isEqualTo(0x79bf8064L);
    }

    @Test
    void aProfileTouchesOnlyItsOwnParameters() {
        ParamValues before = ParamValues.defaults().with(VirtioNetConfig.MAC_APPLY, VirtioNetConfig.MacApply.SIXTH_BYTE);
        assertThat(DeviceProfiles.QEMU_VIRTIO_NET.applyTo(before).get(VirtioNetConfig.MAC_APPLY)).isEqualTo(VirtioNetConfig.MacApply.SIXTH_BYTE);
    }

    @Test
    void anUnknownProfileNamesTheKnownOnes() {
        assertThatThrownBy(() -> DeviceProfiles.REGISTRY.require("qemu"))
                .hasMessage("unknown device profile 'qemu' (known: qemu-virtio-net, simulator)");
    }

    @Test
    void aProfileSettingAParameterTwiceOrAValueItRefusesIsNotDeclared() {
        assertThatThrownBy(() -> new DeviceProfile("x", "d", "s", List.of(DeviceProfile.set(LegacyRegisterFile.MSIX_VECTORS, 1L),
                DeviceProfile.set(LegacyRegisterFile.MSIX_VECTORS, 2L)))).hasMessageContaining("twice");
        assertThatThrownBy(() -> DeviceProfile.set(LegacyRegisterFile.MSIX_VECTORS, 5000L)).hasMessageContaining("out of range");
    }
}

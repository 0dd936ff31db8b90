package org.virtiosim.device.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.AddressMap;
import org.virtiosim.device.Bar;
import org.virtiosim.device.legacy.LegacyLayout;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.pcie.sriov.SriovLayout;

/** msix_vectors as the guest sees it in config space: the table size, or no MSI-X capability at all. */
class ConfigSpaceMsixVectorsTest {
    private static ConfigSpace space(LegacyRegisterFile vf1) {
        return new ConfigSpace(new SriovLayout(AddressMap.PF_ROUTING_ID, 1, 1, 1, Bar.VF_BAR2.base(), Bar.VF_BAR2.size()),
                Bar.VF_BAR2.index(), new LegacyRegisterFile[] {null, vf1});
    }

    @Test
    void theTableSizeFieldIsMsixVectorsMinusOne() {
        LegacyRegisterFile vf = LegacyRegisterFile.virtioNet(1, ParamValues.defaults().with(LegacyRegisterFile.MSIX_VECTORS, 9L));
        assertThat(space(vf).readDword(1, ConfigSpace.MSIX_CAP) >>> 16 & 0x7FF).isEqualTo(8);
        LegacyRegisterFile dflt = LegacyRegisterFile.virtioNet(1, ParamValues.defaults());
        assertThat(space(dflt).readDword(1, ConfigSpace.MSIX_CAP) >>> 16 & 0x7FF).isEqualTo(3);
    }

    @Test
    void zeroVectorsIsNoCapabilitySoTheConfigStaysAt0x14() {
        LegacyRegisterFile vf = LegacyRegisterFile.virtioNet(1, ParamValues.defaults().with(LegacyRegisterFile.MSIX_VECTORS, 0L));
        ConfigSpace c = space(vf);
        assertThat(c.readDword(1, 0x34) & 0xFF).as("Capabilities Pointer").isZero();
        c.writeDword(1, ConfigSpace.MSIX_CAP, 0b1100, ConfigSpace.MSIX_ENABLE << 16);
        assertThat(vf.msixEnabled()).isFalse();
        assertThat(LegacyLayout.deviceConfigStart(vf.msixEnabled())).isEqualTo(0x14);
        assertThat(vf.read(0x14, 1)).as("mac[0], not the config vector").isEqualTo(0x02);
    }
}

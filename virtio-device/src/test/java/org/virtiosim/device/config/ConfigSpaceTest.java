package org.virtiosim.device.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.virtiosim.device.AddressMap;
import org.virtiosim.device.legacy.LegacyLayout;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.pcie.sriov.SriovLayout;

class ConfigSpaceTest {
    private final LegacyRegisterFile[] vfs = {null, LegacyRegisterFile.virtioNet(1), LegacyRegisterFile.virtioNet(2),
        LegacyRegisterFile.virtioNet(3)};
    private final SriovLayout layout = new SriovLayout(AddressMap.PF_ROUTING_ID, 1, 1, 3, org.virtiosim.device.Bar.VF_BAR2.base(),
            org.virtiosim.device.Bar.VF_BAR2.size());
    private final ConfigSpace cfg = new ConfigSpace(layout, org.virtiosim.device.Bar.VF_BAR2.index(), vfs);

    @Test
    void thePfShowsItsSriovCapability() {
        assertThat(cfg.readDword(0, 0x00)).isEqualTo(0x1000_1AF4);
        assertThat(cfg.readDword(0, 0x100) & 0xFFFF).isEqualTo(0x0010);
        assertThat(cfg.readDword(0, 0x10C)).isEqualTo(3 << 16 | 3); // TotalVFs, InitialVFs
        assertThat(cfg.readDword(0, 0x110)).isEqualTo(3); // NumVFs
        assertThat(cfg.readDword(0, 0x114)).isEqualTo(1 << 16 | 1); // VF Stride, First VF Offset
        long bar = (cfg.readDword(0, 0x12C) & 0xFFFF_FFF0L) | (long) cfg.readDword(0, 0x130) << 32; // VF BAR2/3
        assertThat(bar).isEqualTo(org.virtiosim.device.Bar.VF_BAR2.base());
    }

    @Test
    void writingMsixEnableMovesTheVfsDeviceConfig() {
        assertThat(cfg.readDword(2, 0x40) >>> 16 & ConfigSpace.MSIX_ENABLE).isZero();
        assertThat(LegacyLayout.deviceConfigStart(vfs[2].msixEnabled())).isEqualTo(0x14);
        // Message Control is bytes 2-3 of the capability's first DW: byte enables 1100.
        cfg.writeDword(2, 0x40, 0b1100, ConfigSpace.MSIX_ENABLE << 16);
        assertThat(vfs[2].msixEnabled()).isTrue();
        assertThat(vfs[1].msixEnabled()).isFalse();
        assertThat(cfg.readDword(2, 0x40) >>> 16 & ConfigSpace.MSIX_ENABLE).isEqualTo(ConfigSpace.MSIX_ENABLE);
        assertThat(LegacyLayout.deviceConfigStart(vfs[2].msixEnabled())).isEqualTo(0x18);
        cfg.writeDword(2, 0x40, 0b0011, 0); // bytes 0-1 only: Message Control untouched
        assertThat(vfs[2].msixEnabled()).isTrue();
        cfg.writeDword(2, 0x40, 0b1100, 0);
        assertThat(vfs[2].msixEnabled()).isFalse();
    }

    @Test
    void aVfWithoutMsixTableEntriesHasNoMsixCapability() {
        // Table Size is N-1 in bits 10:0 (§7.7.2.2): 0 entries cannot be encoded, and N-1 = -1 used to
        // fill all of Message Control (MSI-X Enable and Function Mask set, Table Size 2048).
        LegacyRegisterFile noTable = new LegacyRegisterFile(0, 0, new int[] {64}, 0, LegacyRegisterFile.virtioNet(1).config());
        LegacyRegisterFile[] v = {null, noTable, LegacyRegisterFile.virtioNet(2)};
        ConfigSpace c = new ConfigSpace(new SriovLayout(AddressMap.PF_ROUTING_ID, 1, 1, 2, org.virtiosim.device.Bar.VF_BAR2.base(),
                org.virtiosim.device.Bar.VF_BAR2.size()), org.virtiosim.device.Bar.VF_BAR2.index(), v);
        assertThat(c.readDword(1, 0x40) >>> 16 & ConfigSpace.MSIX_ENABLE).as("not enabled").isZero();
        assertThat(c.readDword(1, 0x40)).as("no capability at 0x40").isZero();
        assertThat(c.readDword(1, 0x34) & 0xFF).as("Capabilities Pointer: none").isZero();
        c.writeDword(1, 0x40, 0b1100, ConfigSpace.MSIX_ENABLE << 16);
        assertThat(noTable.msixEnabled()).as("no Message Control to enable").isFalse();
        // Its neighbour with a table is unchanged.
        assertThat(c.readDword(2, 0x34) & 0xFF).isEqualTo(ConfigSpace.MSIX_CAP);
        assertThat(c.readDword(2, 0x40) & 0xFF).isEqualTo(ConfigSpace.MSIX_CAP_ID);
        assertThat(c.readDword(0, 0x34) & 0xFF).as("the PF keeps its capability").isEqualTo(ConfigSpace.MSIX_CAP);
        c.writeDword(2, 0x40, 0b1100, ConfigSpace.MSIX_ENABLE << 16);
        assertThat(v[2].msixEnabled()).isTrue();
    }
}

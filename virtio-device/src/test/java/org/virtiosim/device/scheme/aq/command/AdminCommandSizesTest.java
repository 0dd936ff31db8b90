package org.virtiosim.device.scheme.aq.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdminCommandSizesTest {

    @Test
    void readableAndWritableLengthsPerOpcode() {
        // 24 header + data; 8 status + result, sizes from the struct layouts
        assertThat(AdminCommandSizes.deviceReadable(AdminOpcode.LIST_QUERY, 0)).isEqualTo(24);
        assertThat(AdminCommandSizes.deviceWritable(AdminOpcode.LIST_QUERY, 0)).isEqualTo(16);
        assertThat(AdminCommandSizes.deviceReadable(AdminOpcode.LIST_USE, 0)).isEqualTo(32);
        assertThat(AdminCommandSizes.deviceWritable(AdminOpcode.LIST_USE, 0)).isEqualTo(8);
        for (int size : new int[] {1, 2, 4}) {
            assertThat(AdminCommandSizes.deviceReadable(AdminOpcode.LEGACY_COMMON_CFG_WRITE, size)).isEqualTo(32 + size);
            assertThat(AdminCommandSizes.deviceReadable(AdminOpcode.LEGACY_DEV_CFG_WRITE, size)).isEqualTo(32 + size);
            assertThat(AdminCommandSizes.deviceWritable(AdminOpcode.LEGACY_COMMON_CFG_WRITE, size)).isEqualTo(8);
            assertThat(AdminCommandSizes.deviceWritable(AdminOpcode.LEGACY_DEV_CFG_WRITE, size)).isEqualTo(8);
            assertThat(AdminCommandSizes.deviceReadable(AdminOpcode.LEGACY_COMMON_CFG_READ, size)).isEqualTo(25);
            assertThat(AdminCommandSizes.deviceReadable(AdminOpcode.LEGACY_DEV_CFG_READ, size)).isEqualTo(25);
            assertThat(AdminCommandSizes.deviceWritable(AdminOpcode.LEGACY_COMMON_CFG_READ, size)).isEqualTo(8 + size);
            assertThat(AdminCommandSizes.deviceWritable(AdminOpcode.LEGACY_DEV_CFG_READ, size)).isEqualTo(8 + size);
        }
        assertThat(AdminCommandSizes.deviceReadable(AdminOpcode.LEGACY_NOTIFY_INFO, 0)).isEqualTo(24);
        assertThat(AdminCommandSizes.deviceWritable(AdminOpcode.LEGACY_NOTIFY_INFO, 0)).isEqualTo(72);
        assertThat(AdminCommandSizes.deviceReadable(0x7FFF, 4)).isEqualTo(24);
        assertThat(AdminCommandSizes.deviceWritable(0x8000, 4)).isEqualTo(8);
        assertThat(AdminCommandSizes.transferLength(72, 16)).isEqualTo(16);
        assertThat(AdminCommandSizes.transferLength(25, 32)).isEqualTo(25);
        assertThat(AdminCommandSizes.roundUpTo64Bit(25)).isEqualTo(32);
        assertThat(AdminCommandSizes.roundUpTo64Bit(72)).isEqualTo(72);
    }

    @Test
    void commandSizesMatchTheHelpers() {
        AdminCommand c = new AdminCommand().legacyRead(AdminOpcode.LEGACY_DEV_CFG_READ, 1, 0, 4);
        assertThat(c.readableSize()).isEqualTo(25);
        assertThat(c.writableSize()).isEqualTo(12);
        c.legacyWrite(AdminOpcode.LEGACY_COMMON_CFG_WRITE, 1, 0x12, 0x07, 1);
        assertThat(c.readableSize()).isEqualTo(33);
        assertThat(c.writableSize()).isEqualTo(8);
    }

    @Test
    void legacyCommonConfigFieldMap() {
        assertThat(LegacyCommonConfig.size(false)).isEqualTo(20);
        assertThat(LegacyCommonConfig.size(true)).isEqualTo(24);
        // whole fields, at the offsets of Linux VIRTIO_PCI_* / VIRTIO_MSI_*
        int[][] fields = {{0, 4}, {4, 4}, {8, 4}, {12, 2}, {14, 2}, {16, 2}, {18, 1}, {19, 1}, {20, 2}, {22, 2}};
        for (int[] f : fields) {
            assertThat(LegacyCommonConfig.isSingleFieldAccess(f[0], f[1], true)).as("%s", f[0]).isTrue();
            assertThat(LegacyCommonConfig.isSingleFieldAccess(f[0], f[1], false)).as("%s", f[0]).isEqualTo(f[0] < 20);
            assertThat(LegacyCommonConfig.isSingleFieldAccess(f[0], f[1] + 1, true)).as("%s+1", f[0]).isFalse();
            for (int i = 0; i < f[1]; i++) {
                assertThat(LegacyCommonConfig.fieldStart(f[0] + i)).isEqualTo(f[0]);
                assertThat(LegacyCommonConfig.fieldWidth(f[0] + i)).isEqualTo(f[1]);
            }
        }
        // part of one field is a single field; straddling two is not; empty is not
        assertThat(LegacyCommonConfig.isSingleFieldAccess(9, 2, false)).isTrue();
        assertThat(LegacyCommonConfig.isSingleFieldAccess(3, 2, false)).isFalse();
        assertThat(LegacyCommonConfig.isSingleFieldAccess(18, 2, false)).isFalse();
        assertThat(LegacyCommonConfig.isSingleFieldAccess(0, 0, false)).isFalse();
        assertThat(LegacyCommonConfig.isSingleFieldAccess(24, 1, true)).isFalse();
        assertThat(LegacyCommonConfig.isSingleFieldAccess(255, 1, true)).isFalse();
    }
}

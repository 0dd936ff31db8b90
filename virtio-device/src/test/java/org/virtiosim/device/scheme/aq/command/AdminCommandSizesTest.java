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
}

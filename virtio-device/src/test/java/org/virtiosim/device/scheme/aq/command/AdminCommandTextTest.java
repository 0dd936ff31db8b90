package org.virtiosim.device.scheme.aq.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdminCommandTextTest {
    private static String text(long commandPlusOne, long vf, long offset) {
        StringBuilder sb = new StringBuilder();
        AdminCommandText.format(new long[] {commandPlusOne, vf, offset}, sb);
        return sb.toString();
    }

    @Test
    void legacyCommandsShowTheirMemberAndOffset() {
        assertThat(text(AdminOpcode.LEGACY_COMMON_CFG_READ + 1, 3, 0x12)).isEqualTo("LEGACY_COMMON_CFG_READ vf=3 off=0x12");
        assertThat(text(AdminOpcode.LEGACY_COMMON_CFG_WRITE + 1, 1, 0x12)).isEqualTo("LEGACY_COMMON_CFG_WRITE vf=1 off=0x12");
        assertThat(text(AdminOpcode.LEGACY_DEV_CFG_READ + 1, 65279, 0)).isEqualTo("LEGACY_DEV_CFG_READ vf=65279 off=0x0");
        assertThat(text(AdminOpcode.LEGACY_DEV_CFG_WRITE + 1, 2, 0x6)).isEqualTo("LEGACY_DEV_CFG_WRITE vf=2 off=0x6");
        assertThat(text(AdminOpcode.LEGACY_NOTIFY_INFO + 1, 4, 0)).as("a member, no offset").isEqualTo("LEGACY_NOTIFY_INFO vf=4");
    }

    @Test
    void groupCommandsShowTheirNameAloneAndNoCommandIsEmpty() {
        assertThat(text(AdminOpcode.LIST_QUERY + 1, 0, 0)).isEqualTo("LIST_QUERY");
        assertThat(text(AdminOpcode.LIST_USE + 1, 0, 0)).isEqualTo("LIST_USE");
        assertThat(text(0, 3, 0x12)).isEmpty();
        assertThat(text(0x8000 + 1, 0, 0)).as("reserved opcode").isEqualTo("opcode=0x8000");
    }

    @Test
    void namesAreTheSpecsOpcodeNames() {
        // admin.tex / admin-cmds-legacy-interface.tex: VIRTIO_ADMIN_CMD_<name>, opcodes 0x0..0x6
        String[] spec = {"LIST_QUERY", "LIST_USE", "LEGACY_COMMON_CFG_WRITE", "LEGACY_COMMON_CFG_READ", "LEGACY_DEV_CFG_WRITE",
            "LEGACY_DEV_CFG_READ", "LEGACY_NOTIFY_INFO"};
        for (int op = 0; op < spec.length; op++) {
            assertThat(text(op + 1, 1, 0)).startsWith(spec[op]);
        }
    }
}

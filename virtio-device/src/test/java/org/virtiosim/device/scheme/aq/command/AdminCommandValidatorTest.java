package org.virtiosim.device.scheme.aq.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each failure the spec prescribes a status and qualifier for, and the valid commands around it. */
class AdminCommandValidatorTest {

    private static final int NUM_VFS = 8;
    /** A virtio-net legacy device config: mac[6], status le16. */
    private static final int DEV_CFG = 8;
    /** VFs with MSI-X enabled: the even ones. */
    private static final AdminCommandValidator.MemberMsix EVEN_VFS_MSIX = vf -> vf % 2 == 0;

    private static final int OK = AdminStatus.OK_RESULT;
    private static final int BAD_GROUP = AdminStatus.result(AdminStatus.EINVAL, AdminStatus.Q_INVALID_GROUP);
    private static final int BAD_OPCODE = AdminStatus.result(AdminStatus.EINVAL, AdminStatus.Q_INVALID_OPCODE);
    private static final int BAD_MEMBER = AdminStatus.result(AdminStatus.EINVAL, AdminStatus.Q_INVALID_MEMBER);
    private static final int BAD_FIELD = AdminStatus.result(AdminStatus.EINVAL, AdminStatus.Q_INVALID_FIELD);

    private AdminCommandValidator v;
    private final AdminCommand c = new AdminCommand();

    @BeforeEach
    void inUse() {
        v = new AdminCommandValidator(DEV_CFG, AdminOpcode.KNOWN, EVEN_VFS_MSIX);
        v.use(AdminOpcode.KNOWN);
    }

    private int write(int opcode, long vf, int offset, int length) {
        return v.validate(c.legacyWrite(opcode, vf, offset, 0, length), NUM_VFS);
    }

    private int read(int opcode, long vf, int offset, int length) {
        return v.validate(c.legacyRead(opcode, vf, offset, length), NUM_VFS);
    }

    @Test
    void packedResultsCarryTheSpecNumbers() {
        assertThat(AdminStatus.status(BAD_FIELD)).isEqualTo(22);
        assertThat(AdminStatus.qualifier(BAD_FIELD)).isEqualTo(3);
        assertThat(AdminStatus.qualifier(BAD_GROUP)).isEqualTo(4);
        assertThat(AdminStatus.qualifier(BAD_OPCODE)).isEqualTo(2);
        assertThat(AdminStatus.qualifier(BAD_MEMBER)).isEqualTo(5);
        assertThat(AdminStatus.isOk(OK)).isTrue();
    }

    @Test
    void validLegacyCommandsAreOk() {
        assertThat(write(AdminOpcode.LEGACY_COMMON_CFG_WRITE, 1, LegacyCommonConfig.QUEUE_SELECT, 2)).isEqualTo(OK);
        assertThat(write(AdminOpcode.LEGACY_COMMON_CFG_WRITE, NUM_VFS, LegacyCommonConfig.DEVICE_STATUS, 1)).isEqualTo(OK);
        assertThat(read(AdminOpcode.LEGACY_COMMON_CFG_READ, 3, LegacyCommonConfig.DEVICE_FEATURES, 4)).isEqualTo(OK);
        assertThat(read(AdminOpcode.LEGACY_COMMON_CFG_READ, 3, LegacyCommonConfig.ISR_STATUS, 1)).isEqualTo(OK);
        assertThat(write(AdminOpcode.LEGACY_DEV_CFG_WRITE, 5, 0, 6)).isEqualTo(OK);
        assertThat(read(AdminOpcode.LEGACY_DEV_CFG_READ, 5, 6, 2)).isEqualTo(OK);
        assertThat(read(AdminOpcode.LEGACY_DEV_CFG_READ, 5, 0, DEV_CFG)).isEqualTo(OK);
        assertThat(v.validate(c.notifyInfo(2), NUM_VFS)).isEqualTo(OK);
        assertThat(v.validate(c.listQuery(), NUM_VFS)).isEqualTo(OK);
        assertThat(v.validate(c.listUse(AdminOpcode.KNOWN), NUM_VFS)).isEqualTo(OK);
    }

    @Test
    void groupTypeOtherThanSriovIsInvalidGroup() {
        for (int gt : new int[] {0, 2, 0xFFFF}) {
            c.notifyInfo(1).header(AdminOpcode.LEGACY_NOTIFY_INFO, gt, 1);
            assertThat(v.validate(c, NUM_VFS)).as("group type %d", gt).isEqualTo(BAD_GROUP);
        }
        // group is checked before the opcode and the member
        c.header(0x7777, 3, 0);
        assertThat(v.validate(c, NUM_VFS)).isEqualTo(BAD_GROUP);
    }

    @Test
    void vfEnableClearIsInvalidGroupForAllCommands() {
        assertThat(v.validate(c.listQuery(), false, NUM_VFS)).isEqualTo(BAD_GROUP);
        assertThat(v.validate(c.notifyInfo(1), false, NUM_VFS)).isEqualTo(BAD_GROUP);
        c.legacyRead(AdminOpcode.LEGACY_COMMON_CFG_READ, 1, 0, 4);
        assertThat(v.validate(c, false, NUM_VFS)).isEqualTo(BAD_GROUP);
        assertThat(v.validate(c, true, NUM_VFS)).isEqualTo(OK);
    }

    @Test
    void unknownOrReservedOpcodeIsInvalidOpcode() {
        for (int op : new int[] {0x7, 0x11, 0x7FFF, 0x8000, 0xFFFF}) {
            c.clear().header(op, AdminGroupType.SRIOV, 1);
            assertThat(v.validate(c, NUM_VFS)).as("opcode 0x%x", op).isEqualTo(BAD_OPCODE);
        }
        // opcode before member: unknown opcode with member 0 still reports the opcode
        c.clear().header(0x9, AdminGroupType.SRIOV, 0);
        assertThat(v.validate(c, NUM_VFS)).isEqualTo(BAD_OPCODE);
    }

    @Test
    void commandsNotInTheUsedListAreInvalidOpcode() {
        v.reset();
        assertThat(v.usedOpcodes()).isEqualTo(0b11);
        assertThat(v.validate(c.listQuery(), NUM_VFS)).isEqualTo(OK);
        assertThat(read(AdminOpcode.LEGACY_COMMON_CFG_READ, 1, 0, 4)).isEqualTo(BAD_OPCODE);
        assertThat(v.validate(c.notifyInfo(1), NUM_VFS)).isEqualTo(BAD_OPCODE);

        assertThat(v.validate(c.listUse(0b11_1111), NUM_VFS)).isEqualTo(OK);
        v.use(c.commandList());
        assertThat(read(AdminOpcode.LEGACY_COMMON_CFG_READ, 1, 0, 4)).isEqualTo(OK);
        assertThat(v.validate(c.notifyInfo(1), NUM_VFS)).as("NOTIFY_INFO not in use").isEqualTo(BAD_OPCODE);
    }

    @Test
    void unsupportedOpcodeIsInvalidOpcodeEvenIfUsed() {
        AdminCommandValidator noNotify = new AdminCommandValidator(DEV_CFG, 0b11_1111, EVEN_VFS_MSIX);
        noNotify.use(AdminOpcode.KNOWN);
        assertThat(noNotify.validate(c.notifyInfo(1), NUM_VFS)).isEqualTo(BAD_OPCODE);
    }

    @Test
    void listUseOfUnsupportedCommandsIsInvalidField() {
        AdminCommandValidator noNotify = new AdminCommandValidator(DEV_CFG, 0b11_1111, EVEN_VFS_MSIX);
        assertThat(noNotify.validate(c.listUse(0b111_1111), NUM_VFS)).isEqualTo(BAD_FIELD);
        assertThat(noNotify.validate(c.listUse(1L << 63), NUM_VFS)).isEqualTo(BAD_FIELD);
        assertThat(noNotify.validate(c.listUse(0b11_1111), NUM_VFS)).isEqualTo(OK);
        byte[] b = new byte[48];
        c.listUse(0b11).encodeReadable(b, 0);
        b[40] = 1; // a third le64 naming opcode 128
        c.decodeReadable(b, 0, 48, 8);
        assertThat(noNotify.validate(c, NUM_VFS)).isEqualTo(BAD_FIELD);
    }

    @Test
    void memberZeroOrAboveNumVfsIsInvalidMember() {
        for (long vf : new long[] {0, NUM_VFS + 1, 0xFFFF, -1L, Long.MIN_VALUE}) {
            assertThat(read(AdminOpcode.LEGACY_COMMON_CFG_READ, vf, 0, 4)).as("vf %d", vf).isEqualTo(BAD_MEMBER);
            assertThat(write(AdminOpcode.LEGACY_DEV_CFG_WRITE, vf, 0, 1)).isEqualTo(BAD_MEMBER);
            assertThat(v.validate(c.notifyInfo(vf), NUM_VFS)).isEqualTo(BAD_MEMBER);
        }
        assertThat(read(AdminOpcode.LEGACY_COMMON_CFG_READ, 1, 0, 4)).isEqualTo(OK);
        assertThat(read(AdminOpcode.LEGACY_COMMON_CFG_READ, NUM_VFS, 0, 4)).isEqualTo(OK);
        // no VFs at all (VF Enable set, NumVFs 0): every member is invalid
        assertThat(v.validate(c.notifyInfo(1), 0)).isEqualTo(BAD_MEMBER);
        // member before the access checks: bad member and bad offset reports the member
        assertThat(read(AdminOpcode.LEGACY_COMMON_CFG_READ, 0, 200, 4)).isEqualTo(BAD_MEMBER);
    }

    @Test
    void listCommandsIgnoreTheMemberId() {
        c.listQuery().header(AdminOpcode.LIST_QUERY, AdminGroupType.SRIOV, 12345);
        assertThat(v.validate(c, NUM_VFS)).isEqualTo(OK);
    }

    @Test
    void commonCfgAccessMustBeOneFieldInsideTheCommonConfig() {
        int w = AdminOpcode.LEGACY_COMMON_CFG_WRITE;
        int r = AdminOpcode.LEGACY_COMMON_CFG_READ;
        // straddles Queue Address and queue_size
        assertThat(write(w, 1, 0x0A, 4)).isEqualTo(BAD_FIELD);
        // straddles Device Status and ISR Status
        assertThat(read(r, 1, 0x12, 2)).isEqualTo(BAD_FIELD);
        // wider than the field
        assertThat(read(r, 1, LegacyCommonConfig.QUEUE_NOTIFY, 4)).isEqualTo(BAD_FIELD);
        // part of a field is still one field
        assertThat(read(r, 1, 0x01, 2)).isEqualTo(OK);
        // zero-length
        assertThat(write(w, 1, 0, 0)).isEqualTo(BAD_FIELD);
        assertThat(read(r, 1, 0, 0)).isEqualTo(BAD_FIELD);
        // past the end
        assertThat(read(r, 2, 24, 1)).isEqualTo(BAD_FIELD);
        assertThat(read(r, 2, 0xFF, 1)).isEqualTo(BAD_FIELD);
    }

    @Test
    void msixVectorsAreCommonConfigOnlyWithMsixEnabled() {
        int r = AdminOpcode.LEGACY_COMMON_CFG_READ;
        // VF 2 has MSI-X enabled: 0x14 config_msix_vector and 0x16 queue_msix_vector are common config
        assertThat(read(r, 2, LegacyCommonConfig.CONFIG_MSIX_VECTOR, 2)).isEqualTo(OK);
        assertThat(write(AdminOpcode.LEGACY_COMMON_CFG_WRITE, 2, LegacyCommonConfig.QUEUE_MSIX_VECTOR, 2)).isEqualTo(OK);
        // VF 1 has not: offset 20 is the device-specific configuration, so not common config
        assertThat(read(r, 1, LegacyCommonConfig.CONFIG_MSIX_VECTOR, 2)).isEqualTo(BAD_FIELD);
        assertThat(read(r, 1, LegacyCommonConfig.QUEUE_MSIX_VECTOR, 2)).isEqualTo(BAD_FIELD);
    }

    @Test
    void devCfgAccessMustBeInsideTheDeviceConfig() {
        int w = AdminOpcode.LEGACY_DEV_CFG_WRITE;
        int r = AdminOpcode.LEGACY_DEV_CFG_READ;
        assertThat(read(r, 1, 6, 2)).isEqualTo(OK);
        assertThat(read(r, 1, 7, 2)).isEqualTo(BAD_FIELD);
        assertThat(read(r, 1, DEV_CFG, 1)).isEqualTo(BAD_FIELD);
        assertThat(write(w, 1, 0, DEV_CFG + 1)).isEqualTo(BAD_FIELD);
        assertThat(write(w, 1, 0xFF, 1)).isEqualTo(BAD_FIELD);
        assertThat(write(w, 1, 3, 0)).isEqualTo(BAD_FIELD);
        // a device without device-specific configuration refuses every device config access
        AdminCommandValidator none = new AdminCommandValidator(0);
        none.use(AdminOpcode.KNOWN);
        assertThat(none.validate(c.legacyRead(r, 1, 0, 1), NUM_VFS)).isEqualTo(BAD_FIELD);
    }

    @Test
    void readSizeFromAShortWritableBufferIsChecked() {
        // the read size is the writable length minus the 8-byte status; 8 bytes means no data
        byte[] b = new byte[32];
        int n = c.legacyRead(AdminOpcode.LEGACY_DEV_CFG_READ, 1, 0, 4).encodeReadable(b, 0);
        c.decodeReadable(b, 0, n, 8);
        assertThat(v.validate(c, NUM_VFS)).isEqualTo(BAD_FIELD);
        c.decodeReadable(b, 0, n, 8 + 2);
        assertThat(v.validate(c, NUM_VFS)).isEqualTo(OK);
    }

    @Test
    void constructorEnforcesTheSupportRules() {
        assertThatThrownBy(() -> new AdminCommandValidator(8, 0b00_0111, null))
                .as("legacy register commands all or none").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AdminCommandValidator(8, 0b100_0011, null))
                .as("NOTIFY_INFO needs the four").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AdminCommandValidator(8, 0b10, null))
                .as("LIST_QUERY always supported").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AdminCommandValidator(257)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new AdminCommandValidator(8, 0b11, null).supportedOpcodes()).isEqualTo(0b11);
    }

    @Test
    void lastNotifyEntryStaysEndOfList() {
        c.notifyInfo(1);
        assertThatThrownBy(() -> c.notifyEntry(3, NotifyInfoResult.FLAGS_OWNER_DEVICE, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

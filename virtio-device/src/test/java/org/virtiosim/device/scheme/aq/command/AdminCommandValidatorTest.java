package org.virtiosim.device.scheme.aq.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtiosim.device.legacy.LegacyLayout;
import org.virtiosim.device.legacy.LegacyRegister;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.legacy.VirtioNetConfig;

/** Each failure the spec prescribes a status and qualifier for, and the valid commands around it. */
class AdminCommandValidatorTest {

    private static final int NUM_VFS = 8;
    /** The virtio-net legacy device config: mac[6], le16 status, le16 max_virtqueue_pairs. */
    private static final int DEV_CFG = VirtioNetConfig.LENGTH;
    /** VF 1..NUM_VFS as virtio-net register files, MSI-X enabled on the even ones. */
    private static final IntFunction<LegacyRegisterFile> MEMBERS = members();

    private static IntFunction<LegacyRegisterFile> members() {
        LegacyRegisterFile[] vfs = new LegacyRegisterFile[NUM_VFS + 1];
        for (int vf = 1; vf <= NUM_VFS; vf++) {
            vfs[vf] = LegacyRegisterFile.virtioNet(vf);
            vfs[vf].setMsixEnabled(vf % 2 == 0);
        }
        return vf -> vfs[vf];
    }

    private static final int OK = AdminStatus.OK_RESULT;
    private static final int BAD_GROUP = AdminStatus.result(AdminStatus.EINVAL, AdminStatus.Q_INVALID_GROUP);
    private static final int BAD_OPCODE = AdminStatus.result(AdminStatus.EINVAL, AdminStatus.Q_INVALID_OPCODE);
    private static final int BAD_MEMBER = AdminStatus.result(AdminStatus.EINVAL, AdminStatus.Q_INVALID_MEMBER);
    private static final int BAD_FIELD = AdminStatus.result(AdminStatus.EINVAL, AdminStatus.Q_INVALID_FIELD);

    private AdminCommandValidator v;
    private final AdminCommand c = new AdminCommand();

    @BeforeEach
    void inUse() {
        v = new AdminCommandValidator(AdminOpcode.KNOWN, MEMBERS).use(AdminOpcode.KNOWN);
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
        assertThat(write(AdminOpcode.LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.QUEUE_SELECT.offset(), 2)).isEqualTo(OK);
        assertThat(write(AdminOpcode.LEGACY_COMMON_CFG_WRITE, NUM_VFS, LegacyRegister.DEVICE_STATUS.offset(), 1)).isEqualTo(OK);
        assertThat(read(AdminOpcode.LEGACY_COMMON_CFG_READ, 3, LegacyRegister.HOST_FEATURES.offset(), 4)).isEqualTo(OK);
        assertThat(read(AdminOpcode.LEGACY_COMMON_CFG_READ, 3, LegacyRegister.ISR_STATUS.offset(), 1)).isEqualTo(OK);
        assertThat(write(AdminOpcode.LEGACY_DEV_CFG_WRITE, 5, 0, 4)).isEqualTo(OK);
        assertThat(write(AdminOpcode.LEGACY_DEV_CFG_WRITE, 5, 5, 1)).isEqualTo(OK);
        assertThat(read(AdminOpcode.LEGACY_DEV_CFG_READ, 5, 6, 2)).isEqualTo(OK);
        assertThat(read(AdminOpcode.LEGACY_DEV_CFG_READ, 5, DEV_CFG - 4, 4)).isEqualTo(OK);
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
    void groupThenOpcodeThenMemberAsAdminTexOrdersThem() {
        // "if group_type is invalid ...; otherwise, if opcode is invalid ...; otherwise, if group_member_id ..."
        c.header(0x7777, 2, NUM_VFS + 1); // all three wrong
        assertThat(v.validate(c, NUM_VFS)).isEqualTo(BAD_GROUP);
        c.header(0x7777, AdminGroupType.SRIOV, NUM_VFS + 1); // opcode and member wrong
        assertThat(v.validate(c, NUM_VFS)).isEqualTo(BAD_OPCODE);
        c.legacyRead(AdminOpcode.LEGACY_COMMON_CFG_READ, NUM_VFS + 1, 0xFF, 0); // member and field wrong
        assertThat(v.validate(c, NUM_VFS)).isEqualTo(BAD_MEMBER);
        // VF Enable clear: the group does not exist, before anything else
        assertThat(v.validate(c, false, NUM_VFS)).isEqualTo(BAD_GROUP);
        // a member above NumVFs is invalid even if it has a register file
        c.legacyRead(AdminOpcode.LEGACY_COMMON_CFG_READ, 3, 0, 4);
        assertThat(v.validate(c, true, 2)).isEqualTo(BAD_MEMBER);
    }

    @Test
    void commonCfgReadAt0x14WithMsixOffIsAnInvalidField() {
        // with MSI-X off the common configuration is 20 bytes: 0x14 is the device-specific configuration
        int r = AdminOpcode.LEGACY_COMMON_CFG_READ;
        for (int size : new int[] {1, 2, 4}) {
            assertThat(read(r, 1, 0x14, size)).as("MSI-X off, %d bytes", size).isEqualTo(BAD_FIELD);
        }
        assertThat(read(r, 2, 0x14, 2)).as("MSI-X on: config vector").isEqualTo(OK);
        assertThat(read(AdminOpcode.LEGACY_DEV_CFG_READ, 1, 0, 1)).as("the same byte as device config").isEqualTo(OK);
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
        // after reset "only two commands are assumed to be used"
        v = new AdminCommandValidator(AdminOpcode.KNOWN, MEMBERS);
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
        AdminCommandValidator noNotify = new AdminCommandValidator(0b11_1111, MEMBERS).use(AdminOpcode.KNOWN);
        assertThat(noNotify.validate(c.notifyInfo(1), NUM_VFS)).isEqualTo(BAD_OPCODE);
    }

    @Test
    void listUseOfUnsupportedCommandsIsInvalidField() {
        AdminCommandValidator noNotify = new AdminCommandValidator(0b11_1111, MEMBERS);
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
        assertThat(read(r, 1, LegacyRegister.QUEUE_NOTIFY.offset(), 4)).isEqualTo(BAD_FIELD);
        // part of one field: "No length or alignment restrictions ... except that the resulting access refers to a single field"
        assertThat(read(r, 1, 0x01, 2)).isEqualTo(OK);
        assertThat(write(w, 1, LegacyRegister.QUEUE_PFN.offset(), 1)).isEqualTo(OK);
        assertThat(write(w, 1, LegacyRegister.QUEUE_PFN.offset() + 1, 3)).isEqualTo(OK);
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
        assertThat(read(r, 2, LegacyRegister.CONFIG_VECTOR.offset(), 2)).isEqualTo(OK);
        assertThat(write(AdminOpcode.LEGACY_COMMON_CFG_WRITE, 2, LegacyRegister.QUEUE_VECTOR.offset(), 2)).isEqualTo(OK);
        // VF 1 has not: offset 20 is the device-specific configuration, so not common config,
        // although the register file would take it there
        assertThat(read(r, 1, LegacyRegister.CONFIG_VECTOR.offset(), 2)).isEqualTo(BAD_FIELD);
        assertThat(read(r, 1, LegacyRegister.QUEUE_VECTOR.offset(), 2)).isEqualTo(BAD_FIELD);
        assertThat(MEMBERS.apply(1).checkAccess(LegacyRegister.CONFIG_VECTOR.offset(), 2)).isNull();
    }

    @Test
    void devCfgAccessMustBeInsideTheDeviceConfig() {
        int w = AdminOpcode.LEGACY_DEV_CFG_WRITE;
        int r = AdminOpcode.LEGACY_DEV_CFG_READ;
        for (int vf : new int[] {1, 2}) { // offsets are relative to the config, wherever MSI-X puts it
            assertThat(read(r, vf, DEV_CFG - 2, 2)).isEqualTo(OK);
            assertThat(read(r, vf, DEV_CFG - 1, 2)).isEqualTo(BAD_FIELD);
            assertThat(read(r, vf, DEV_CFG, 1)).isEqualTo(BAD_FIELD);
        }
        assertThat(write(w, 1, 0, DEV_CFG + 1)).isEqualTo(BAD_FIELD);
        assertThat(write(w, 1, 0xFF, 1)).isEqualTo(BAD_FIELD);
        assertThat(write(w, 1, 3, 0)).isEqualTo(BAD_FIELD);
        // widths other than an I/O port access's, inside one field: the 6-byte MAC in one command
        assertThat(write(w, 1, 0, 6)).isEqualTo(OK);
        assertThat(read(r, 1, 0, 6)).isEqualTo(OK);
        assertThat(read(r, 1, 0, 3)).isEqualTo(OK);
        // ... but not across two fields: mac[4..5] and status
        assertThat(read(r, 1, 4, 3)).isEqualTo(BAD_FIELD);
        assertThat(write(w, 1, 0, 7)).isEqualTo(BAD_FIELD);
        // an I/O-port width the legacy interface takes anywhere stays valid across fields
        assertThat(read(r, 1, 4, 4)).isEqualTo(OK);
    }

    /** Fields of the virtio-net legacy device config: mac[6], status, max_virtqueue_pairs. */
    private static final int[][] NET_FIELDS = {{0, 6}, {6, 8}, {8, 10}};

    @Test
    void acceptsEveryAccessInsideOneFieldAndWhatTheLegacyInterfaceAccepts() {
        // every BAR0 access of 0..8 bytes the register file takes is a command to the region it lies
        // in, and to no other; of the others, exactly those inside one field are valid
        for (int vf : new int[] {1, 2}) {
            LegacyRegisterFile regs = MEMBERS.apply(vf);
            int start = LegacyLayout.deviceConfigStart(regs.msixEnabled());
            for (int at = 0; at < start + DEV_CFG + 4; at++) {
                for (int size = 0; size <= 8; size++) {
                    boolean takes = regs.checkAccess(at, size) == null;
                    String what = String.format("vf %d, 0x%02x size %d", vf, at, size);
                    LegacyRegister r = LegacyRegister.covering(at, regs.msixEnabled());
                    boolean inHeaderField = size > 0 && at < start && r != null && at + size <= r.offset() + r.width();
                    assertThat(read(AdminOpcode.LEGACY_COMMON_CFG_READ, vf, at, size)).as("common " + what)
                            .isEqualTo(inHeaderField ? OK : BAD_FIELD);
                    if (takes && at < start) {
                        assertThat(inHeaderField).as(what).isTrue();
                    }
                    if (at >= start) {
                        int rel = at - start;
                        boolean inNetField = false;
                        for (int[] fld : NET_FIELDS) {
                            inNetField |= size > 0 && rel >= fld[0] && rel + size <= fld[1];
                        }
                        assertThat(write(AdminOpcode.LEGACY_DEV_CFG_WRITE, vf, rel, size)).as("device " + what)
                                .isEqualTo(takes || inNetField ? OK : BAD_FIELD);
                    }
                }
            }
        }
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
        assertThatThrownBy(() -> new AdminCommandValidator(0b00_0111, MEMBERS))
                .as("legacy register commands all or none").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AdminCommandValidator(0b100_0011, MEMBERS))
                .as("NOTIFY_INFO needs the four").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AdminCommandValidator(0b10, MEMBERS))
                .as("LIST_QUERY always supported").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AdminCommandValidator(1L << 7 | 0b11, MEMBERS))
                .as("no opcode without a layout here").isInstanceOf(IllegalArgumentException.class);
        assertThat(new AdminCommandValidator(0b11, MEMBERS).supportedOpcodes()).isEqualTo(0b11);
    }

    @Test
    void lastNotifyEntryStaysEndOfList() {
        c.notifyInfo(1);
        assertThatThrownBy(() -> c.notifyEntry(3, NotifyInfoResult.FLAGS_OWNER_DEVICE, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusalsAreCountedByQualifierAndOkOrTryAgainAreNot() {
        assertThat(v.refused()).isEmpty();
        c.notifyInfo(1).header(AdminOpcode.LEGACY_NOTIFY_INFO, 2, 1);
        v.count(v.validate(c, NUM_VFS)); // group type 2: not SR-IOV
        v.count(v.validate(c.notifyInfo(1), false, NUM_VFS)); // VF Enable clear
        v.count(v.validate(c.notifyInfo(NUM_VFS + 1), NUM_VFS)); // no such member
        v.count(v.validate(c.notifyInfo(1), NUM_VFS)); // OK
        v.count(AdminStatus.result(AdminStatus.EAGAIN, AdminStatus.Q_TRYAGAIN));
        assertThat(v.refused()).containsExactly(java.util.Map.entry("EINVAL/INVALID_GROUP", 2L),
                java.util.Map.entry("EINVAL/INVALID_MEMBER", 1L));
    }
}

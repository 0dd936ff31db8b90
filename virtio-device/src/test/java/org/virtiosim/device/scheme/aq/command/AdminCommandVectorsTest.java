package org.virtiosim.device.scheme.aq.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.virtiosim.device.scheme.aq.command.Hex.bytes;
import static org.virtiosim.device.scheme.aq.command.Hex.slice;

import org.junit.jupiter.api.Test;
import org.virtiosim.device.legacy.LegacyRegister;

/**
 * Each opcode against bytes written out by hand from the struct layouts in admin.tex and
 * admin-cmds-legacy-interface.tex (le16 opcode, le16 group_type, u8 reserved1[12], le64
 * group_member_id, then the command's data; le16 status, le16 status_qualifier, u8 reserved2[4],
 * then the result), not produced by the encoder. Encoding at a non-zero offset checks that the
 * offset is honoured; decoding the vector checks every field.
 */
class AdminCommandVectorsTest {

    private static final int AT = 5;

    private static byte[] encodeReadable(AdminCommand c) {
        byte[] buf = new byte[AT + 512];
        int n = c.encodeReadable(buf, AT);
        assertThat(n).isEqualTo(c.readableSize());
        return slice(buf, AT, n);
    }

    private static byte[] encodeWritable(AdminCommand c) {
        byte[] buf = new byte[AT + 512];
        int n = c.encodeWritable(buf, AT, 512);
        assertThat(n).isEqualTo(c.status() == AdminStatus.OK ? c.writableSize() : AdminCommandStatus.SIZE);
        return slice(buf, AT, n);
    }

    private static AdminCommand decodeReadable(byte[] v, int writableLength) {
        byte[] buf = new byte[AT + v.length];
        System.arraycopy(v, 0, buf, AT, v.length);
        return new AdminCommand().decodeReadable(buf, AT, v.length, writableLength);
    }

    @Test
    void listQuery() {
        byte[] cmd = bytes("0000 | 0100 | 000000000000000000000000 | 0000000000000000");
        byte[] res = bytes("0000 | 0000 | 00000000 | 7f00000000000000");
        AdminCommand c = new AdminCommand().listQuery();
        assertThat(encodeReadable(c)).isEqualTo(cmd);
        c.supportedCommands(0x7F);
        assertThat(encodeWritable(c)).isEqualTo(res);

        AdminCommand d = decodeReadable(cmd, res.length);
        assertThat(d.opcode()).isEqualTo(AdminOpcode.LIST_QUERY);
        assertThat(d.groupType()).isEqualTo(AdminGroupType.SRIOV);
        assertThat(d.groupMemberId()).isZero();
        AdminCommand driver = new AdminCommand().listQuery().decodeWritable(res, 0, res.length);
        assertThat(driver.status()).isEqualTo(AdminStatus.OK);
        assertThat(driver.commandList()).isEqualTo(0x7F);
    }

    @Test
    void listUse() {
        // opcodes 0..5 in use: 0b0011_1111 in device_admin_cmd_opcodes[0]
        byte[] cmd = bytes("0100 | 0100 | 000000000000000000000000 | 0000000000000000 | 3f00000000000000");
        byte[] res = bytes("0000 | 0000 | 00000000");
        AdminCommand c = new AdminCommand().listUse(0x3F);
        assertThat(encodeReadable(c)).isEqualTo(cmd);
        assertThat(encodeWritable(c)).isEqualTo(res);

        AdminCommand d = decodeReadable(cmd, res.length);
        assertThat(d.opcode()).isEqualTo(AdminOpcode.LIST_USE);
        assertThat(d.commandList()).isEqualTo(0x3F);
        assertThat(d.commandListBeyond64()).isFalse();
    }

    @Test
    void legacyCommonCfgWriteQueueSelect() {
        // VF 3 writes queue_select (offset 0x0E, 16 bits) = 0x0102, little-endian data
        byte[] cmd = bytes("0200 | 0100 | 000000000000000000000000 | 0300000000000000"
                + "| 0e | 00000000000000 | 0201");
        AdminCommand c = new AdminCommand().legacyWrite(AdminOpcode.LEGACY_COMMON_CFG_WRITE, 3,
                LegacyRegister.QUEUE_SELECT.offset(), 0x0102, 2);
        assertThat(encodeReadable(c)).isEqualTo(cmd);
        assertThat(encodeWritable(c)).isEqualTo(bytes("0000 0000 00000000"));

        AdminCommand d = decodeReadable(cmd, 8);
        assertThat(d.opcode()).isEqualTo(AdminOpcode.LEGACY_COMMON_CFG_WRITE);
        assertThat(d.groupType()).isEqualTo(1);
        assertThat(d.groupMemberId()).isEqualTo(3);
        assertThat(d.legacyOffset()).isEqualTo(0x0E);
        assertThat(d.length()).isEqualTo(2);
        assertThat(slice(d.data(), 0, 2)).containsExactly(0x02, 0x01);
        assertThat(d.dataValue()).isEqualTo(0x0102);
    }

    @Test
    void legacyCommonCfgReadDeviceFeatures() {
        // VF 1 reads Device Features (offset 0, 32 bits); the device returns 0x12345678
        byte[] cmd = bytes("0300 | 0100 | 000000000000000000000000 | 0100000000000000 | 00");
        byte[] res = bytes("0000 | 0000 | 00000000 | 78563412");
        AdminCommand c = new AdminCommand().legacyRead(AdminOpcode.LEGACY_COMMON_CFG_READ, 1, 0, 4);
        assertThat(encodeReadable(c)).isEqualTo(cmd);

        AdminCommand d = decodeReadable(cmd, res.length);
        assertThat(d.opcode()).isEqualTo(AdminOpcode.LEGACY_COMMON_CFG_READ);
        assertThat(d.groupMemberId()).isEqualTo(1);
        assertThat(d.legacyOffset()).isZero();
        assertThat(d.length()).as("read size comes from the writable length").isEqualTo(4);
        d.dataValue(0x12345678).result(AdminStatus.OK_RESULT);
        assertThat(encodeWritable(d)).isEqualTo(res);

        c.decodeWritable(res, 0, res.length);
        assertThat(c.status()).isZero();
        assertThat(slice(c.data(), 0, 4)).containsExactly(0x78, 0x56, 0x34, 0x12);
        assertThat(c.dataValue()).isEqualTo(0x12345678);
    }

    @Test
    void legacyDevCfgWriteMac() {
        // VF 0x0102 writes a 6-byte MAC at device-specific offset 0
        byte[] cmd = bytes("0400 | 0100 | 000000000000000000000000 | 0201000000000000"
                + "| 00 | 00000000000000 | 525400123456");
        byte[] mac = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
        AdminCommand c = new AdminCommand().legacyWrite(AdminOpcode.LEGACY_DEV_CFG_WRITE, 0x0102, 0, 0x5634_1200_5452L, 6);
        assertThat(encodeReadable(c)).isEqualTo(cmd);

        AdminCommand d = decodeReadable(cmd, 8);
        assertThat(d.opcode()).isEqualTo(AdminOpcode.LEGACY_DEV_CFG_WRITE);
        assertThat(d.groupMemberId()).isEqualTo(0x0102);
        assertThat(d.legacyOffset()).isZero();
        assertThat(d.length()).isEqualTo(6);
        assertThat(slice(d.data(), 0, 6)).isEqualTo(mac);
    }

    @Test
    void legacyDevCfgReadFailedWithInvalidMember() {
        // VF 0x1234 reads 2 bytes at device-specific offset 6; the device refuses the member,
        // so status EINVAL (22 = 0x16), qualifier INVALID_MEMBER (5), and no result: 8 bytes used
        byte[] cmd = bytes("0500 | 0100 | 000000000000000000000000 | 3412000000000000 | 06");
        byte[] res = bytes("1600 | 0500 | 00000000");
        AdminCommand c = new AdminCommand().legacyRead(AdminOpcode.LEGACY_DEV_CFG_READ, 0x1234, 6, 2);
        assertThat(encodeReadable(c)).isEqualTo(cmd);

        AdminCommand d = decodeReadable(cmd, res.length + 2);
        assertThat(d.groupMemberId()).isEqualTo(0x1234);
        assertThat(d.legacyOffset()).isEqualTo(6);
        assertThat(d.length()).isEqualTo(2);
        d.dataValue(0xBBAA).status(AdminStatus.EINVAL, AdminStatus.Q_INVALID_MEMBER);
        assertThat(encodeWritable(d)).isEqualTo(res);

        c.dataValue(0xFFFF).decodeWritable(res, 0, res.length);
        assertThat(c.status()).isEqualTo(22);
        assertThat(c.statusQualifier()).isEqualTo(5);
        assertThat(c.dataValue()).as("outside the used length reads as zero").isZero();
    }

    @Test
    void legacyNotifyInfo() {
        byte[] cmd = bytes("0600 | 0100 | 000000000000000000000000 | 0700000000000000");
        byte[] res = bytes("0000 | 0000 | 00000000"
                // member device, VF BAR2, offset 0x1000
                + "| 02 | 02 | 000000000000 | 0010000000000000"
                // owner device, BAR4, offset 0x0000000100000002
                + "| 01 | 04 | 000000000000 | 0200000001000000"
                // end of list, and the last entry (flags 0)
                + "| 00 | 00 | 000000000000 | 0000000000000000"
                + "| 00 | 00 | 000000000000 | 0000000000000000");
        AdminCommand c = new AdminCommand().notifyInfo(7);
        assertThat(encodeReadable(c)).isEqualTo(cmd);

        AdminCommand d = decodeReadable(cmd, res.length);
        assertThat(d.opcode()).isEqualTo(AdminOpcode.LEGACY_NOTIFY_INFO);
        assertThat(d.groupMemberId()).isEqualTo(7);
        d.notifyEntry(0, NotifyInfoResult.FLAGS_MEMBER_DEVICE, 2, 0x1000)
                .notifyEntry(1, NotifyInfoResult.FLAGS_OWNER_DEVICE, 4, 0x1_0000_0002L);
        assertThat(encodeWritable(d)).isEqualTo(res);

        c.decodeWritable(res, 0, res.length);
        assertThat(c.notifyFlags(0)).isEqualTo(2);
        assertThat(c.notifyBar(0)).isEqualTo(2);
        assertThat(c.notifyOffset(0)).isEqualTo(0x1000);
        assertThat(c.notifyFlags(1)).isEqualTo(1);
        assertThat(c.notifyBar(1)).isEqualTo(4);
        assertThat(c.notifyOffset(1)).isEqualTo(0x1_0000_0002L);
        assertThat(c.notifyFlags(2)).isEqualTo(NotifyInfoResult.FLAGS_END_OF_LIST);
    }

    @Test
    void dataIsTheRegisterValueLittleEndian() {
        // "little-endian format is assumed unconditionally"; bytes past the eighth are zero
        AdminCommand c = new AdminCommand().legacyWrite(AdminOpcode.LEGACY_DEV_CFG_WRITE, 1, 0, 0x0807_0605_0403_0201L, 10);
        assertThat(slice(c.data(), 0, 10)).isEqualTo(bytes("0102030405060708 | 0000"));
        assertThat(c.dataValue()).isEqualTo(0x0807_0605_0403_0201L);
        // only length bytes count, both ways
        c.legacyRead(AdminOpcode.LEGACY_COMMON_CFG_READ, 1, LegacyRegister.DEVICE_STATUS.offset(), 1).dataValue(0x1FF);
        assertThat(c.data()[0]).isEqualTo((byte) 0xFF);
        assertThat(c.dataValue()).isEqualTo(0xFF);
        assertThat(encodeWritable(c)).isEqualTo(bytes("0000 | 0000 | 00000000 | ff"));
    }

    @Test
    void headerAndStatusAreLittleEndianInEveryByteAndReservedIsZero() {
        // an opcode of no command here: the header alone, reserved1 ignored on decode
        byte[] hdr = bytes("3412 | 7856 | 000000000000000000000000 | 0102030405060708");
        AdminCommand d = decodeReadable(hdr, 8);
        assertThat(d.opcode()).isEqualTo(0x1234);
        assertThat(d.groupType()).isEqualTo(0x5678);
        assertThat(d.groupMemberId()).isEqualTo(0x0807060504030201L);
        byte[] dirty = hdr.clone();
        dirty[4] = (byte) 0xEE; // reserved1
        assertThat(decodeReadable(dirty, 8).groupType()).isEqualTo(0x5678);
        byte[] buf = new byte[AT + 24];
        java.util.Arrays.fill(buf, (byte) 0xEE);
        assertThat(new AdminCommand().header(0x1234, 0x5678, 0x0807060504030201L).encodeReadable(buf, AT)).isEqualTo(24);
        assertThat(slice(buf, AT, 24)).as("reserved1 written as zero").isEqualTo(hdr);

        // status EINVAL, qualifier INVALID_FIELD, reserved2 zero
        byte[] st = bytes("1600 | 0300 | 00000000");
        assertThat(encodeWritable(d.status(AdminStatus.EINVAL, AdminStatus.Q_INVALID_FIELD))).isEqualTo(st);
        AdminCommand driver = new AdminCommand().decodeWritable(bytes("1600 | 0300 | ffffffff"), 0, 8);
        assertThat(driver.status()).isEqualTo(AdminStatus.EINVAL);
        assertThat(driver.statusQualifier()).isEqualTo(AdminStatus.Q_INVALID_FIELD);
    }

    @Test
    void specNumericValues() {
        assertThat(new int[] {AdminOpcode.LIST_QUERY, AdminOpcode.LIST_USE, AdminOpcode.LEGACY_COMMON_CFG_WRITE,
            AdminOpcode.LEGACY_COMMON_CFG_READ, AdminOpcode.LEGACY_DEV_CFG_WRITE, AdminOpcode.LEGACY_DEV_CFG_READ,
            AdminOpcode.LEGACY_NOTIFY_INFO}).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(AdminGroupType.SRIOV).isEqualTo(1);
        assertThat(new int[] {AdminStatus.OK, AdminStatus.EAGAIN, AdminStatus.ENOMEM, AdminStatus.EINVAL})
                .containsExactly(0, 11, 12, 22);
        assertThat(new int[] {AdminStatus.Q_OK, AdminStatus.Q_INVALID_COMMAND, AdminStatus.Q_INVALID_OPCODE,
            AdminStatus.Q_INVALID_FIELD, AdminStatus.Q_INVALID_GROUP, AdminStatus.Q_INVALID_MEMBER,
            AdminStatus.Q_NORESOURCE, AdminStatus.Q_TRYAGAIN}).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(new int[] {NotifyInfoResult.FLAGS_END_OF_LIST, NotifyInfoResult.FLAGS_OWNER_DEVICE,
            NotifyInfoResult.FLAGS_MEMBER_DEVICE}).containsExactly(0, 1, 2);
        assertThat(NotifyInfoResult.SIZE).isEqualTo(64);
    }
}

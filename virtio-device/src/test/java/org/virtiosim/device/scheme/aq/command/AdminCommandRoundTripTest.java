package org.virtiosim.device.scheme.aq.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random commands through encode and decode on both halves, into buffers full of a canary
 * byte at random offsets: every field comes back, nothing outside the part is touched, and a
 * truncated buffer reads as zeros past its end.
 */
class AdminCommandRoundTripTest {

    private static final long SEED = 0x5EED_AD41L;
    private static final byte CANARY = (byte) 0xC5;

    private static AdminCommand randomCommand(SplittableRandom r, AdminCommand c) {
        long vf = r.nextInt(4) == 0 ? r.nextLong() : r.nextInt(1, 65536);
        int offset = r.nextInt(256);
        int length = r.nextInt(0, 17) == 16 ? r.nextInt(AdminCommand.MAX_DATA + 1) : r.nextInt(0, 9);
        switch (r.nextInt(7)) {
            case 0:
                return c.listQuery();
            case 1:
                return c.listUse(r.nextLong());
            case 2:
            case 3: {
                int op = r.nextBoolean() ? AdminOpcode.LEGACY_COMMON_CFG_WRITE : AdminOpcode.LEGACY_DEV_CFG_WRITE;
                c.legacyWrite(op, vf, offset, r.nextLong(), length);
                for (int i = Long.BYTES; i < length; i++) {
                    c.data()[i] = (byte) r.nextInt(256);
                }
                return c;
            }
            case 4:
            case 5: {
                int op = r.nextBoolean() ? AdminOpcode.LEGACY_COMMON_CFG_READ : AdminOpcode.LEGACY_DEV_CFG_READ;
                return c.legacyRead(op, vf, offset, length);
            }
            default:
                return c.notifyInfo(vf).header(AdminOpcode.LEGACY_NOTIFY_INFO, r.nextInt(65536), vf);
        }
    }

    private static void assertSameReadable(AdminCommand a, AdminCommand b) {
        assertThat(b.opcode()).isEqualTo(a.opcode());
        assertThat(b.groupType()).isEqualTo(a.groupType());
        assertThat(b.groupMemberId()).isEqualTo(a.groupMemberId());
        assertThat(b.legacyOffset()).isEqualTo(a.legacyOffset());
        assertThat(b.length()).isEqualTo(a.length());
        if (a.opcode() == AdminOpcode.LIST_USE) {
            assertThat(b.commandList()).isEqualTo(a.commandList());
        }
        if (AdminOpcode.isLegacyWrite(a.opcode())) {
            assertThat(Hex.slice(b.data(), 0, b.length())).isEqualTo(Hex.slice(a.data(), 0, a.length()));
        }
    }

    private static void assertCanaryOutside(byte[] buf, int off, int len) {
        for (int i = 0; i < buf.length; i++) {
            if (i < off || i >= off + len) {
                assertThat(buf[i]).as("byte %d outside [%d, %d)", i, off, off + len).isEqualTo(CANARY);
            }
        }
    }

    @Test
    void readablePartRoundTrips() {
        SplittableRandom r = new SplittableRandom(SEED);
        AdminCommand driver = new AdminCommand();
        AdminCommand device = new AdminCommand();
        byte[] buf = new byte[600];
        for (int n = 0; n < 20_000; n++) {
            randomCommand(r, driver);
            java.util.Arrays.fill(buf, CANARY);
            int off = r.nextInt(64);
            int len = driver.encodeReadable(buf, off);
            assertThat(len).isEqualTo(driver.readableSize());
            assertCanaryOutside(buf, off, len);
            device.decodeReadable(buf, off, len, driver.writableSize());
            assertSameReadable(driver, device);
            assertThat(device.readableSize()).isEqualTo(len);
            assertThat(device.writableSize()).isEqualTo(driver.writableSize());
        }
    }

    @Test
    void writablePartRoundTrips() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        AdminCommand driver = new AdminCommand();
        AdminCommand device = new AdminCommand();
        byte[] rd = new byte[600];
        byte[] wr = new byte[600];
        byte[] regs = new byte[AdminCommand.MAX_DATA];
        for (int n = 0; n < 20_000; n++) {
            randomCommand(r, driver);
            int rlen = driver.encodeReadable(rd, 0);
            device.decodeReadable(rd, 0, rlen, driver.writableSize());
            boolean ok = r.nextInt(3) > 0;
            if (ok) {
                device.result(AdminStatus.OK_RESULT);
            } else {
                device.status(r.nextInt(1, 65536), r.nextInt(65536));
            }
            r.nextBytes(regs);
            System.arraycopy(regs, 0, device.data(), 0, Math.min(device.length(), regs.length));
            device.supportedCommands(r.nextLong());
            for (int i = 0; i < NotifyInfoResult.ENTRIES - 1; i++) {
                device.notifyEntry(i, r.nextInt(256), r.nextInt(256), r.nextLong());
            }
            java.util.Arrays.fill(wr, CANARY);
            int off = r.nextInt(64);
            boolean truncate = r.nextInt(4) == 0;
            int capacity = truncate ? r.nextInt(device.writableSize() + 1) : device.writableSize() + r.nextInt(16);
            int used = device.encodeWritable(wr, off, capacity);
            // a failed command writes only its 8-byte status
            assertThat(used).isEqualTo(Math.min(capacity, ok ? device.writableSize() : AdminCommandStatus.SIZE));
            assertCanaryOutside(wr, off, used);

            driver.decodeWritable(wr, off, used);
            if (truncate) {
                // compare against the full encoding cut to `used` bytes, zeros after
                byte[] full = new byte[device.writableSize()];
                device.encodeWritable(full, 0, full.length);
                java.util.Arrays.fill(full, used, full.length, (byte) 0);
                AdminCommand expect = new AdminCommand();
                expect.decodeReadable(rd, 0, rlen, driver.writableSize());
                expect.decodeWritable(full, 0, full.length);
                assertSameWritable(expect, driver);
                continue;
            }
            assertSameWritable(device, driver);
        }
    }

    private static void assertSameWritable(AdminCommand dev, AdminCommand drv) {
        assertThat(drv.status()).isEqualTo(dev.status());
        assertThat(drv.statusQualifier()).isEqualTo(dev.statusQualifier());
        boolean ok = dev.status() == AdminStatus.OK;
        switch (dev.opcode()) {
            case AdminOpcode.LIST_QUERY:
                assertThat(drv.commandList()).isEqualTo(ok ? dev.commandList() : 0);
                break;
            case AdminOpcode.LEGACY_COMMON_CFG_READ:
            case AdminOpcode.LEGACY_DEV_CFG_READ:
                for (int i = 0; i < dev.length(); i++) {
                    assertThat(drv.data()[i]).isEqualTo(ok ? dev.data()[i] : 0);
                }
                break;
            case AdminOpcode.LEGACY_NOTIFY_INFO:
                for (int i = 0; i < NotifyInfoResult.ENTRIES; i++) {
                    assertThat(drv.notifyFlags(i)).isEqualTo(ok ? dev.notifyFlags(i) : 0);
                    assertThat(drv.notifyBar(i)).isEqualTo(ok ? dev.notifyBar(i) : 0);
                    assertThat(drv.notifyOffset(i)).isEqualTo(ok ? dev.notifyOffset(i) : 0);
                }
                break;
            default:
                break;
        }
    }

    @Test
    void shortReadablePartReadsZerosAndLongerIsIgnoredOrData() {
        AdminCommand c = new AdminCommand().legacyRead(AdminOpcode.LEGACY_COMMON_CFG_READ, 0x0102, 0x0E, 2);
        byte[] buf = new byte[64];
        java.util.Arrays.fill(buf, (byte) 0x77);
        c.encodeReadable(buf, 0);
        AdminCommand d = new AdminCommand();
        // cut inside group_member_id: its second byte onwards reads as zero
        d.decodeReadable(buf, 0, AdminCommandHeader.GROUP_MEMBER_ID + 1, 10);
        assertThat(d.groupMemberId()).isEqualTo(0x02);
        assertThat(d.legacyOffset()).isZero();
        // the driver may submit a longer readable part: for a read, extra bytes are ignored
        d.decodeReadable(buf, 0, 40, 10);
        assertThat(d.legacyOffset()).isEqualTo(0x0E);
        assertThat(d.length()).isEqualTo(2);
        // LIST_USE with a non-zero second le64 names opcodes >= 64
        byte[] use = new byte[40];
        new AdminCommand().listUse(0x3).encodeReadable(use, 0);
        use[32] = 1;
        assertThat(new AdminCommand().decodeReadable(use, 0, 40, 8).commandListBeyond64()).isTrue();
        use[32] = 0;
        assertThat(new AdminCommand().decodeReadable(use, 0, 40, 8).commandListBeyond64()).isFalse();
    }

    @Test
    void packedResultsRoundTrip() {
        SplittableRandom r = new SplittableRandom(SEED + 2);
        for (int n = 0; n < 10_000; n++) {
            int st = r.nextInt(65536);
            int q = r.nextInt(65536);
            int packed = AdminStatus.result(st, q);
            assertThat(AdminStatus.status(packed)).isEqualTo(st);
            assertThat(AdminStatus.qualifier(packed)).isEqualTo(q);
            AdminCommand c = new AdminCommand().listUse(0).result(packed);
            assertThat(c.status()).isEqualTo(st);
            assertThat(c.statusQualifier()).isEqualTo(q);
        }
    }
}

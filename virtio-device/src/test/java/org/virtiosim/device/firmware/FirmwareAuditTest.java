package org.virtiosim.device.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.device.DeviceFixture;
import org.virtiosim.device.DeviceTiming;

/** What the runtime records of a program's answers against the protocol, and of its reach and open requests. */
class FirmwareAuditTest {
    private static final DeviceTiming T = DeviceTiming.DEFAULT;
    private static final int STATUS = 0x12;

    private static final class Sink implements FirmwareRequester {
        final List<String> got = new ArrayList<>();

        @Override
        public void perform(long request) {
            got.add("perform");
        }

        @Override
        public void answer(long request, long value) {
            got.add("answer " + value);
        }

        @Override
        public void fail(long request, int status, int qualifier) {
            got.add("fail " + status);
        }
    }

    /** An admin command as the aq engine hands it over. */
    private record Cmd(int opcode, long groupMemberId, int legacyOffset, int length) implements FirmwareCommand {
        @Override
        public int dataBytes() {
            return 8;
        }

        @Override
        public long dataValue() {
            return 0;
        }
    }

    /** Answers every access with {@code value}, every admin command with {@code value} too. */
    private static FirmwareProgram answering(long value) {
        return new FirmwareProgram() {
            @Override
            public void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long v) {
                ctx.answer(value);
            }

            @Override
            public void onAdminCommand(FirmwareContext ctx, FirmwareCommand command) {
                ctx.answer(value);
            }
        };
    }

    @Test
    void aStatusReadAnswered0DuringItsResetIsRecordedWithVfRegisterTimeAndExpectedValue() {
        DeviceFixture f = new DeviceFixture(2, T, answering(0));
        f.device.vf(2).write(STATUS, 1, 0x0F);
        f.device.vf(2).beginReset();
        f.device.firmware().legacyAccess(new Sink(), 1, 2, false, STATUS, 1, 0);
        f.device.firmware().legacyAccess(new Sink(), 2, 1, false, STATUS, 1, 0); // VF 1 is not resetting: 0 is its status
        f.run();
        FirmwareAudit a = f.device.firmware().audit();
        assertThat(a.earlyStatusAnswers()).isEqualTo(1);
        assertThat(a.firstEarlyStatus()).startsWith("VF 2 device_status (legacy offset 0x12): a legacy read answered 0 at ")
                .contains("ns while its reset was in progress (expected 0xf,");
    }

    @Test
    void aStatusByteWithinAWiderReadCountsAndANonZeroAnswerDoesNot() {
        DeviceFixture f = new DeviceFixture(1, T, answering(0x0F_0000));
        f.device.vf(1).write(STATUS, 1, 0x0F);
        f.device.vf(1).beginReset();
        f.device.firmware().legacyAccess(new Sink(), 1, 1, false, 0x10, 4, 0); // status is byte 2: 0x0F
        f.run();
        assertThat(f.device.firmware().audit().earlyStatusAnswers()).isZero();
        DeviceFixture g = new DeviceFixture(1, T, answering(0xFF));
        g.device.vf(1).write(STATUS, 1, 0x0F);
        g.device.vf(1).beginReset();
        g.device.firmware().legacyAccess(new Sink(), 1, 1, false, 0x10, 4, 0); // status byte 0
        g.run();
        assertThat(g.device.firmware().audit().earlyStatusAnswers()).isEqualTo(1);
    }

    @Test
    void adminResultsOutsideTheirOpcodesLayoutAreRecorded() {
        DeviceFixture f = new DeviceFixture(1, T, answering(0x1FF));
        Sink s = new Sink();
        f.device.firmware().adminCommand(s, 1, new Cmd(0x3, 1, 0x12, 1)); // a 1-byte read answered with 9 bits
        f.run();
        FirmwareAudit a = f.device.firmware().audit();
        assertThat(a.layoutViolations()).isEqualTo(1);
        assertThat(a.firstLayoutViolation()).startsWith("VF 1 LEGACY_COMMON_CFG_READ (offset 18, length 1): answered with a result 0x1ff")
                .contains("expected u8 registers[1]");
        f.device.firmware().adminCommand(s, 2, new Cmd(0x2, 1, 0x12, 1)); // a write has no result
        f.device.firmware().adminCommand(s, 3, new Cmd(0x0, 0, 0, 0)); // LIST_QUERY's result is a bitmap
        f.run();
        assertThat(a.layoutViolations()).isEqualTo(3);
    }

    @Test
    void fittingAdminResultsAndSpecStatusesAreNot() {
        FirmwareProgram p = new FirmwareProgram() {
            @Override
            public void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long v) {
                ctx.perform();
            }

            @Override
            public void onAdminCommand(FirmwareContext ctx, FirmwareCommand command) {
                if (command.opcode() == 0x3) {
                    ctx.answer(0xFFFF);
                } else if (command.opcode() == 0x2) {
                    ctx.fail(11, 0x07); // EAGAIN, TRYAGAIN
                } else {
                    ctx.fail(0, 0); // "failed" with OK: no status the spec defines for a failure
                }
            }
        };
        DeviceFixture f = new DeviceFixture(1, T, p);
        Sink s = new Sink();
        f.device.firmware().adminCommand(s, 1, new Cmd(0x3, 1, 0x0C, 2));
        f.device.firmware().adminCommand(s, 2, new Cmd(0x2, 1, 0x12, 1));
        f.run();
        assertThat(f.device.firmware().audit().layoutViolations()).isZero();
        f.device.firmware().adminCommand(s, 3, new Cmd(0x4, 1, 0, 1));
        f.run();
        assertThat(f.device.firmware().audit().firstLayoutViolation()).contains("LEGACY_DEV_CFG_WRITE").contains("status 0 qualifier 0");
    }

    @Test
    void aDeferredRequestNeverAnsweredIsDescribedAndAnotherVfsStateNamed() {
        FirmwareProgram p = new FirmwareProgram() {
            @Override
            public void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long v) {
                ctx.readRegister(vf == 1 ? 2 : 1, STATUS, 1);
                ctx.defer();
            }

            @Override
            public void onAdminCommand(FirmwareContext ctx, FirmwareCommand command) {
                ctx.perform();
            }
        };
        DeviceFixture f = new DeviceFixture(2, T, p);
        assertThat(f.device.firmware().oldestDeferred()).isNull();
        f.device.firmware().legacyAccess(new Sink(), 7, 1, false, STATUS, 1, 0);
        f.run();
        assertThat(f.device.firmware().oldestDeferred()).isEqualTo(
                "VF 1 legacy read of 1 byte(s) at offset 0x12 deferred at 0 ns, never answered (expected perform, answer or fail on its handle before the run ended)");
        assertThat(f.device.firmware().firstCrossVfAccess()).isEqualTo("VF 1's onLegacyAccess touched VF 2's state at 0 ns (expected only VF 1's)");
    }
}

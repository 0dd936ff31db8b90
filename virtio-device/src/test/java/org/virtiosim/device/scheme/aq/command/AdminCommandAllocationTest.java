package org.virtiosim.device.scheme.aq.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.virtiosim.device.legacy.LegacyRegister;
import org.virtiosim.device.legacy.LegacyRegisterFile;

/**
 * Encode, decode and validate allocate nothing per command, nor do the virtqueue's encodings, measured like pcie-tlp's
 * TlpCodecAllocationTest: the per-thread allocation counter over a window ten times longer than
 * another, so the cost of reading the counter cancels out.
 */
class AdminCommandAllocationTest {

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static final class Loop {
        final AdminCommand driver = new AdminCommand();
        final AdminCommand device = new AdminCommand();
        final LegacyRegisterFile[] vfs = new LegacyRegisterFile[9];
        final AdminCommandValidator validator = new AdminCommandValidator(AdminOpcode.KNOWN, vf -> vfs[vf]);
        final byte[] rd = new byte[64];
        final byte[] wr = new byte[128];
        final byte[] ring = new byte[32];
        long sink;

        Loop() {
            for (int vf = 1; vf < vfs.length; vf++) {
                vfs[vf] = LegacyRegisterFile.virtioNet(vf);
                vfs[vf].setMsixEnabled((vf & 1) == 0);
            }
            validator.use(AdminOpcode.KNOWN);
        }

        void run(int n) {
            for (int i = 0; i < n; i++) {
                long vf = 1 + (i & 7);
                switch (i % 5) {
                    case 0:
                        driver.legacyWrite(AdminOpcode.LEGACY_COMMON_CFG_WRITE, vf, LegacyRegister.QUEUE_NOTIFY.offset(), i & 0xFFFF, 2);
                        break;
                    case 1:
                        driver.legacyRead(AdminOpcode.LEGACY_COMMON_CFG_READ, vf, 0, 4);
                        break;
                    case 2:
                        driver.legacyWrite(AdminOpcode.LEGACY_DEV_CFG_WRITE, vf, 2, 0x04030201, 4);
                        break;
                    case 3:
                        driver.legacyRead(AdminOpcode.LEGACY_DEV_CFG_READ, vf, 6, 2);
                        break;
                    default:
                        driver.notifyInfo(vf);
                        break;
                }
                int rlen = driver.encodeReadable(rd, 0);
                device.decodeReadable(rd, 0, rlen, driver.writableSize());
                int result = validator.validate(device, 8);
                device.result(result).dataValue(device.dataValue() + 0x04030201);
                if (device.opcode() == AdminOpcode.LEGACY_NOTIFY_INFO) {
                    device.notifyEntry(0, NotifyInfoResult.FLAGS_MEMBER_DEVICE, 2, 0x1000);
                }
                int used = device.encodeWritable(wr, 0, wr.length);
                AqLayout.encodeDescriptor(ring, 0, AqLayout.BASE + i, rlen, AqLayout.VIRTQ_DESC_F_NEXT, i & 63);
                AqLayout.encodeUsedElem(ring, AqLayout.DESCRIPTOR_BYTES, AqLayout.descNext(ring, 0), used);
                AqLayout.encodeIdx(ring, 28, i);
                sink += AqLayout.usedLen(ring, AqLayout.DESCRIPTOR_BYTES) + AqLayout.descLen(ring, 0) + AqLayout.idx(ring, 28);
                driver.decodeWritable(wr, 0, used);
                sink += used + driver.status() + driver.dataValue() + device.opcode();
            }
        }
    }

    @Test
    void encodeDecodeAndValidateAllocateNothingPerCommand() {
        Loop loop = new Loop();
        loop.run(200_000);
        long before = allocatedBytes();
        loop.run(20_000);
        long shortWindow = allocatedBytes() - before;
        before = allocatedBytes();
        loop.run(200_000);
        long longWindow = allocatedBytes() - before;
        assertThat(loop.sink).isPositive();
        assertThat(longWindow).as("bytes over 200000 commands vs 20000 (%d)", shortWindow)
                .isLessThanOrEqualTo(shortWindow + 256);
    }
}

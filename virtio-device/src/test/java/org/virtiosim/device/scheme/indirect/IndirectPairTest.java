package org.virtiosim.device.scheme.indirect;

import org.virtiosim.device.Backing;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.VirtioSriovDevice;
import org.virtiosim.device.firmware.FixedCostFirmware;
import org.virtiosim.device.legacy.LegacyRegister;
import org.virtiosim.device.legacy.LegacyRegisterFile;

class IndirectPairTest {
    private final Kernel kernel = new Kernel();
    private final VirtioSriovDevice device = new VirtioSriovDevice(kernel, DeviceTiming.DEFAULT, 2, LegacyRegisterFile::virtioNet,
            new FixedCostFirmware(DeviceTiming.DEFAULT.firmwareAccessCycles(), DeviceTiming.DEFAULT.firmwareCommandCycles()),
            50_000_000_000L);
    private final IndirectPair pair = new IndirectPair(device.context(), Backing.HARDWARE);

    private void startRead(int vf, LegacyRegister r) {
        pair.write(vf, IndirectRegisters.ADDR, 4, IndirectRegisters.encode(r.offset(), r.width(), false) & 0xFFFF_FFFFL);
    }

    @Test
    void aReadDuringAResetCompletesWhenTheResetHas() {
        device.surpriseReset(1);
        startRead(1, LegacyRegister.DEVICE_STATUS);
        kernel.run(DeviceTiming.DEFAULT.ps(1000));
        assertThat(pair.addr(1) & IndirectRegisters.COMPLETE).isZero();
        kernel.runUntilIdle();
        assertThat(pair.addr(1) & IndirectRegisters.COMPLETE).isNotZero();
        assertThat(pair.data(1)).isZero();
        assertThat(pair.waitedForReset()).isEqualTo(1);
    }

    @Test
    void aNewOperationSupersedesOneWaitingForTheReset() {
        // A host that gave up polling (a lost completion) starts another read while the first waits.
        device.surpriseReset(1);
        startRead(1, LegacyRegister.DEVICE_STATUS);
        kernel.run(DeviceTiming.DEFAULT.ps(1000));
        startRead(1, LegacyRegister.QUEUE_SIZE);
        kernel.run(DeviceTiming.DEFAULT.ps(2000));
        startRead(1, LegacyRegister.QUEUE_SIZE);
        kernel.runUntilIdle();
        long addr = pair.addr(1);
        assertThat(addr & IndirectRegisters.COMPLETE).isNotZero();
        assertThat(IndirectRegisters.offset((int) addr)).isEqualTo(LegacyRegister.QUEUE_SIZE.offset());
        assertThat(pair.data(1)).isEqualTo(device.vf(1).read(LegacyRegister.QUEUE_SIZE.offset(), LegacyRegister.QUEUE_SIZE.width()));
        assertThat(pair.operations()).isEqualTo(3);
    }
}

package org.virtiosim.device.scheme.indirect;

import static org.virtiosim.device.scheme.indirect.IndirectRegisters.ADDR;
import static org.virtiosim.device.scheme.indirect.IndirectRegisters.COMPLETE;
import static org.virtiosim.device.scheme.indirect.IndirectRegisters.ERROR;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.param.Param;
import org.virtiosim.device.Backing;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.firmware.FirmwareRequester;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.Region;
import org.virtiosim.device.scheme.DeviceHalf;

/**
 * Device half of the {@code indirect} scheme: two 32-bit registers per VF. Writing
 * {@code legacy_register_addr} starts an operation on the legacy register file, carried out by
 * device logic in {@code registerCycles} or by firmware (a knob); its completion bit is set when it
 * is done. A read of status while the VF resets completes only when the reset has: the host just
 * polls longer, and no PCIe completion is ever held back. The pair holds one operation: writing
 * {@code legacy_register_addr} again before the completion bit is set (a host that gave up on a
 * poll) supersedes the operation in flight, which is then dropped.
 */
public final class IndirectPair implements Region, DeviceHalf, FirmwareRequester {
    private final DeviceContext device;
    private final Backing backing;
    private final int[] addr;
    private final long[] data;
    private final Handler executed;
    private final Handler afterReset;
    private final Handler answer;
    /** Per VF: the operation in flight, counted up by each addr write; events carry it to spot superseded ones. */
    private final int[] generation;
    /** Per VF: the operation waiting for the VF's reset to end, or 0: at most one waits, as the pair holds one. */
    private final int[] waitingForReset;
    private long operations;
    private org.virtiosim.core.component.Probe[] pAddr;
    private org.virtiosim.core.component.Probe[] pData;

    /** Per-VF signals of the pair's two registers, under {@code tb.indirect} ({@code vf1.addr}, {@code vf1.data}). */
    @Override
    public void trace(org.virtiosim.core.component.Component tb) {
        org.virtiosim.core.component.Component c = tb.child(IndirectScheme.ID);
        int n = device.numVfs();
        pAddr = new org.virtiosim.core.component.Probe[n + 1];
        pData = new org.virtiosim.core.component.Probe[n + 1];
        for (int vf = 1; vf <= n; vf++) {
            org.virtiosim.core.component.Component v = c.child("vf" + vf);
            pAddr[vf] = v.probe("addr", 32);
            pData[vf] = v.probe("data", 32);
            traceVf(vf);
        }
    }

    private void traceVf(int vf) {
        if (pAddr != null) {
            pAddr[vf].set(addr[vf] & 0xFFFF_FFFFL);
            pData[vf].set(data[vf] & 0xFFFF_FFFFL);
        }
    }
    private long waitedForReset;

    public IndirectPair(DeviceContext device, Backing backing) {
        this.device = device;
        this.backing = backing;
        this.addr = new int[device.numVfs() + 1];
        this.data = new long[device.numVfs() + 1];
        this.generation = new int[device.numVfs() + 1];
        this.waitingForReset = new int[device.numVfs() + 1];
        for (int vf = 1; vf <= device.numVfs(); vf++) {
            addr[vf] = COMPLETE;
        }
        this.executed = op -> execute((int) op, (int) (op >>> 32));
        this.afterReset = vf -> resetEnded((int) vf);
        this.answer = packed -> device.complete((int) (packed >>> 32), readPair((int) (packed >>> 16 & 0xFFFF), (int) (packed & 0xF)));
    }

    @Override
    public void read(int vf, int offset, int size, int slot) {
        // The pair itself is hardware: it answers in register time.
        device.kernel().scheduleIn(device.timing().ps(device.timing().registerCycles()), answer,
                (long) slot << 32 | (long) (vf & 0xFFFF) << 16 | (offset & 0xF));
    }

    private long readPair(int vf, int offset) {
        return offset == ADDR ? addr[vf] & 0xFFFF_FFFFL : data[vf];
    }

    @Override
    public void write(int vf, int offset, int size, long value) {
        if (offset != ADDR) {
            data[vf] = value & 0xFFFF_FFFFL;
            traceVf(vf);
            return;
        }
        addr[vf] = (int) value & ~(COMPLETE | ERROR);
        traceVf(vf);
        operations++;
        long op = (long) ++generation[vf] << 32 | vf;
        int a = addr[vf];
        backing.legacyAccess(device, this, vf, IndirectRegisters.isWrite(a), IndirectRegisters.offset(a), IndirectRegisters.size(a),
                data[vf], executed, op);
    }

    /** The firmware's default answer: the operation as the pair's logic carries it out. */
    @Override
    public void perform(long op) {
        execute((int) op, (int) (op >>> 32));
    }

    /** The firmware answered: a read's data is {@code value}; either way the completion bit is set (unless superseded). */
    @Override
    public void answer(long op, long value) {
        int vf = (int) op;
        if ((int) (op >>> 32) != generation[vf]) {
            return;
        }
        int a = addr[vf];
        if (!IndirectRegisters.isWrite(a)) {
            data[vf] = value & 0xFFFF_FFFFL;
        }
        addr[vf] = a | COMPLETE;
        traceVf(vf);
    }

    private void execute(int vf, int gen) {
        if (gen != generation[vf]) {
            return;
        }
        int a = addr[vf];
        int offset = IndirectRegisters.offset(a);
        int size = IndirectRegisters.size(a);
        LegacyRegisterFile regs = device.vf(vf);
        if (regs.checkAccess(offset, size) != null) {
            addr[vf] = a | ERROR | COMPLETE;
            traceVf(vf);
            return;
        }
        if (IndirectRegisters.isWrite(a)) {
            device.applyLegacyWrite(vf, offset, size, data[vf]);
            addr[vf] = a | COMPLETE;
            traceVf(vf);
            return;
        }
        if (regs.resetInProgress()) {
            waitedForReset++;
            if (waitingForReset[vf] == 0) {
                device.whenResetDone(vf, afterReset, vf);
            }
            waitingForReset[vf] = gen;
            return;
        }
        readRegister(vf);
    }

    private void resetEnded(int vf) {
        int gen = waitingForReset[vf];
        waitingForReset[vf] = 0;
        if (gen == generation[vf]) {
            readRegister(vf);
        }
    }

    private void readRegister(int vf) {
        int a = addr[vf];
        data[vf] = device.vf(vf).read(IndirectRegisters.offset(a), IndirectRegisters.size(a)) & 0xFFFF_FFFFL;
        addr[vf] = a | COMPLETE;
        traceVf(vf);
    }

    /** The VF's legacy_register_addr as the host reads it (for tests of this package). */
    long addr(int vf) {
        return readPair(vf, ADDR);
    }

    long data(int vf) {
        return data[vf];
    }

    public long operations() {
        return operations;
    }

    /** Read operations whose completion bit waited for a reset. */
    public long waitedForReset() {
        return waitedForReset;
    }
}

package org.virtiosim.device.scheme.indirect;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.core.slot.IntColumn;
import org.virtiosim.core.slot.LongColumn;
import org.virtiosim.device.host.AccessListener;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.host.HostRequests;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.pcie.host.MmioListener;
import org.virtiosim.pcie.host.RootComplex;
import org.virtiosim.pcie.sriov.SriovLayout;
import org.virtiosim.pcie.tlp.CompletionStatus;

/**
 * Host half of the {@code indirect} scheme. A write: store the value to
 * {@code legacy_register_data}, store offset/size/write to {@code legacy_register_addr}, then load
 * {@code legacy_register_addr} until its completion bit is set. A read: store offset/size/read,
 * poll the same way, then load {@code legacy_register_data}. The CPU is busy for all of it.
 *
 * <p>A write wider than {@code legacy_register_data}'s 4 bytes (the 6-byte MAC write) is two
 * operations one after the other, 4 bytes and then the rest: the size field (bits 10:8) could
 * encode 6, but the data register holds 32 bits.
 */
public final class IndirectAccessPath implements LegacyAccessPath, MmioListener {
    /** Give up after this many polls: a device that never completes is a protocol violation. */
    public static final int MAX_POLLS = 100_000;

    private static final int ADDR = IndirectRegisters.PAIR + IndirectRegisters.ADDR;
    private static final int DATA = IndirectRegisters.PAIR + IndirectRegisters.DATA;
    private static final int PHASE_POLL = 1;
    private static final int PHASE_DATA = 2;

    private final Kernel kernel;
    private final RootComplex rc;
    private final SriovLayout layout;
    private final HostTiming host;
    private long polls;
    private long timeouts;

    private final HostRequests requests = new HostRequests();
    private final IntColumn vf = requests.intColumn();
    private final IntColumn size = requests.intColumn();
    private final IntColumn phase = requests.intColumn();
    private final IntColumn pollCount = requests.intColumn();
    // A write split in operations: what is left after the one in progress.
    private final IntColumn restOffset = requests.intColumn();
    private final IntColumn restSize = requests.intColumn();
    private final LongColumn restValue = requests.longColumn();
    private final Handler poll;

    public IndirectAccessPath(HostContext context) {
        this.kernel = context.kernel();
        this.rc = context.rootComplex();
        this.layout = context.layout();
        this.host = context.timing();
        this.poll = id -> load((int) id, phase.get((int) id) == PHASE_DATA ? DATA : ADDR);
    }

    @Override
    public void access(int function, boolean write, int offset, int bytes, long value, long token, AccessListener done) {
        int id = requests.open(done, token, kernel.now());
        vf.set(id, function);
        int now = write ? Math.min(bytes, Integer.BYTES) : bytes;
        restOffset.set(id, offset + now);
        restSize.set(id, bytes - now);
        restValue.set(id, now == Integer.BYTES ? value >>> 32 : 0);
        operation(id, write, offset, now, value);
    }

    /** Starts one operation of request {@code id}: for a write the data store, then the addr store, then the first poll. */
    private void operation(int id, boolean write, int offset, int bytes, long value) {
        size.set(id, bytes);
        phase.set(id, PHASE_POLL);
        pollCount.set(id, 0);
        long bar = layout.vfBarAddress(vf.get(id));
        rc.actFor(vf.get(id));
        if (write) {
            rc.cpuWrite(bar + DATA, 4, value & 0xFFFF_FFFFL);
        }
        rc.cpuWrite(bar + ADDR, 4, IndirectRegisters.encode(offset, bytes, write) & 0xFFFF_FFFFL);
        // Two posted stores, then the first poll; PCIe ordering keeps the load behind the stores.
        kernel.scheduleIn(host.storeRetirePs() * (write ? 2 : 1), poll, id);
    }

    private void load(int id, int register) {
        rc.actFor(vf.get(id));
        rc.cpuRead(layout.vfBarAddress(vf.get(id)) + register, 4, id, this);
    }

    @Override
    public void mmioReadDone(long context, long value, CompletionStatus status) {
        int id = (int) context;
        if (status != CompletionStatus.SC) {
            finish(id, 0xFFFF_FFFFL, true);
            return;
        }
        if (phase.get(id) == PHASE_DATA) {
            finish(id, value & ((1L << (8 * size.get(id))) - 1), false);
            return;
        }
        polls++;
        int addr = (int) value;
        if ((addr & IndirectRegisters.COMPLETE) == 0) {
            pollCount.set(id, pollCount.get(id) + 1);
            if (pollCount.get(id) >= MAX_POLLS) {
                finish(id, 0xFFFF_FFFFL, true);
            } else {
                load(id, ADDR);
            }
            return;
        }
        if ((addr & IndirectRegisters.ERROR) != 0) {
            finish(id, 0xFFFF_FFFFL, true);
        } else if (IndirectRegisters.isWrite(addr) && restSize.get(id) > 0) {
            int rest = restSize.get(id);
            restSize.set(id, 0);
            operation(id, true, restOffset.get(id), rest, restValue.get(id));
        } else if (IndirectRegisters.isWrite(addr)) {
            finish(id, 0, false);
        } else {
            phase.set(id, PHASE_DATA);
            load(id, DATA);
        }
    }

    @Override
    public void mmioReadTimedOut(long context) {
        timeouts++;
        finish((int) context, 0xFFFF_FFFFL, true);
    }

    private void finish(int id, long value, boolean failed) {
        requests.closeBusy(id, value, failed, kernel.now());
    }

    @Override
    public long hostBusyPs() {
        return requests.busyPs();
    }

    /** Loads of {@code legacy_register_addr} that found the operation done or not. */
    public long polls() {
        return polls;
    }

    public long completionTimeouts() {
        return timeouts;
    }
}

package org.virtiosim.device.window;

import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.host.WindowAccessPath;
import org.virtiosim.core.kernel.Handler;
import org.virtiosim.device.AccessQueue;
import org.virtiosim.device.Backing;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.firmware.FirmwareRequester;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.Region;
import org.virtiosim.device.scheme.DeviceHalf;

/**
 * A legacy register window, the device half the window schemes share ({@code mmio} puts it in each
 * VF's memory BAR, {@code pf-window} one per VF in a PF BAR): the whole legacy register file
 * readable and writable at PCIe speed. A write is one posted MWr; a read one MRd answered by a
 * CplD. The region given to {@link #read}/{@link #write} is the VF and the register offset.
 *
 * <p>The run's {@link Backing} serves each access: hardware registers answer in {@code registerCycles};
 * firmware traps every access and takes its cycles on a firmware core. A status read while the VF's reset is in
 * progress (another knob) either stalls its completion until the reset is done, which keeps the
 * driver correct but can run into the requester's Completion Timeout when many VFs reset at once,
 * or answers at once with the stale pre-reset status. Under {@code host-poll} the device answers
 * at once too (it never holds a completion): the hypervisor ({@link
 * org.virtiosim.device.host.WindowAccessPath}) keeps the guest away from the window until its own
 * status reads see the reset done, so the stale answers go to the host's polls, not to the guest.
 */
public final class LegacyWindow implements Region, DeviceHalf, FirmwareRequester {
    /** The window's size: the legacy layout with MSI-X and the device config, rounded up. */
    public static final int SIZE = 0x100;
    /** What a read does while the VF resets. */
    public enum ReadDuringReset {
        /** The device holds the read's completion until the reset is done. */
        STALL,
        /** The device answers at once with the pre-reset state; the guest may see it. */
        STALE,
        /**
         * The device answers at once; the hypervisor, having trapped the guest's status write of 0,
         * polls status itself until it reads 0 before completing that write (the thread's
         * "v0 + sane reset"). A scheme with no hypervisor in the path ({@code mmio-direct}) gets
         * only the device half: its guest sees the stale answer.
         */
        HOST_POLL
    }

    public static final Param<ReadDuringReset> READ_DURING_RESET = Param.choice("mmio_read_during_reset", ReadDuringReset.STALL,
            "a window read while its VF resets", "design choice (stall keeps Linux's read-back correct; host-poll is the May 2023 "
                    + "thread's \"v0 + sane reset\")")
            .studyEveryValue("the two answers a device can give a read during a reset, and the hypervisor polling for the reset's end");

    /** The knobs of a trapped window scheme: the read-during-reset policy and host-poll's pause. */
    public static final List<Param<?>> KNOBS = List.of(READ_DURING_RESET, WindowAccessPath.RESET_POLL_INTERVAL_NS);

    /** The host half of a trapped window scheme: it forwards each access, and polls resets under host-poll. */
    public static WindowAccessPath hostHalf(HostContext host, WindowAccessPath.WindowBase base, ParamValues params) {
        return new WindowAccessPath(host, base, params.get(READ_DURING_RESET) == ReadDuringReset.HOST_POLL,
                Math.round(params.get(WindowAccessPath.RESET_POLL_INTERVAL_NS) * 1000));
    }

    /** A window at {@code offset} of every VF's BAR2 (where {@code mmio} and {@code mmio-direct} put it), as the run's knobs ask. */
    public static LegacyWindow inEveryVfBar(DeviceContext device, ParamValues params, int offset) {
        LegacyWindow window = new LegacyWindow(device, params.get(Backing.PARAM), params.get(READ_DURING_RESET));
        device.map(Bar.VF_BAR2, offset, SIZE, window);
        return window;
    }

    private final DeviceContext device;
    private final Backing backing;
    private final ReadDuringReset duringReset;
    private final AccessQueue queue;
    private final Handler executed;
    private final Handler afterReset;
    private long stalledReads;
    private long staleReads;
    private long maxStallPs;

    public LegacyWindow(DeviceContext device, Backing backing, ReadDuringReset duringReset) {
        this.device = device;
        this.backing = backing;
        this.duringReset = duringReset;
        this.queue = new AccessQueue(device.numVfs(), this::start);
        this.executed = op -> execute((int) op);
        this.afterReset = op -> {
            int o = (int) op;
            maxStallPs = Math.max(maxStallPs, device.kernel().now() - queue.startedPs(o));
            read(o);
        };
    }

    @Override
    public void read(int vf, int offset, int size, int slot) {
        queue.add(vf, false, offset, size, 0, slot);
    }

    @Override
    public void write(int vf, int offset, int size, long value) {
        queue.add(vf, true, offset, size, value, -1);
    }

    private void start(int op) {
        queue.startedPs(op, device.kernel().now());
        backing.legacyAccess(device, this, queue.vf(op), queue.isWrite(op), queue.offset(op), queue.size(op), queue.value(op),
                executed, op);
    }

    /** The firmware's default answer: the access as this window's design carries it out. */
    @Override
    public void perform(long op) {
        execute((int) op);
    }

    /** The firmware answered: a read completes with {@code value}; a write is done (the firmware applied it or not). */
    @Override
    public void answer(long op, long value) {
        int o = (int) op;
        if (!queue.isWrite(o)) {
            int size = queue.size(o);
            device.complete(queue.slot(o), size >= 8 ? value : value & ((1L << (8 * size)) - 1));
        }
        queue.finish(o);
    }

    private void execute(int op) {
        int vf = queue.vf(op);
        if (queue.isWrite(op)) {
            if (device.vf(vf).checkWrite(queue.offset(op), queue.size(op)) == null) {
                device.applyLegacyWrite(vf, queue.offset(op), queue.size(op), queue.value(op));
            } else {
                // No register there (a window byte past the legacy layout, or a size it does not
                // have): a posted write has no one to answer, so it is dropped, as reads answer all ones.
                droppedWrites++;
            }
            queue.finish(op);
            return;
        }
        LegacyRegisterFile regs = device.vf(vf);
        if (regs.resetInProgress()) {
            if (duringReset == ReadDuringReset.STALL) {
                stalledReads++;
                device.whenResetDone(vf, afterReset, op);
                return;
            }
            staleReads++;
        }
        read(op);
    }

    private void read(int op) {
        int vf = queue.vf(op);
        LegacyRegisterFile regs = device.vf(vf);
        int offset = queue.offset(op);
        int size = queue.size(op);
        long value = regs.checkAccess(offset, size) == null ? regs.read(offset, size) & 0xFFFF_FFFFL : (1L << (8 * size)) - 1;
        device.complete(queue.slot(op), value);
        queue.finish(op);
    }

    private long droppedWrites;

    /** Writes to a window offset (or with a size) the legacy layout does not have: dropped. */
    public long droppedWrites() {
        return droppedWrites;
    }

    /** Reads whose completion waited for a reset. */
    public long stalledReads() {
        return stalledReads;
    }

    /** Reads answered with pre-reset state. */
    public long staleReads() {
        return staleReads;
    }

    @Override
    public long unrequestedStaleReads() {
        // Under host-poll the reads during a reset are the hypervisor's own polls (it holds the
        // guest until they read 0); a stale answer the guest gets shows as a mismatch.
        return duringReset == ReadDuringReset.STALL ? staleReads : 0;
    }

    /** Longest a read's completion waited for a reset, ps. */
    public long maxStallPs() {
        return maxStallPs;
    }
}

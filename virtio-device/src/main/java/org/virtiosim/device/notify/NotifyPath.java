package org.virtiosim.device.notify;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.device.AddressMap;
import org.virtiosim.device.host.AccessListener;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.pcie.host.MmioListener;
import org.virtiosim.pcie.host.RootComplex;
import org.virtiosim.pcie.sriov.SriovLayout;
import org.virtiosim.pcie.tlp.CompletionStatus;

/**
 * Host half of the store-based notification paths: how the hypervisor forwards a guest's write of
 * {@code queue_notify}. {@code vf-bar} and {@code pf-bar} are posted 16-bit stores (the
 * instruction retires once issued); {@code io-bar} is an {@code out} to the PF's I/O port, a
 * non-posted IOWr the CPU waits on. The {@code aq} path is the AQ scheme's own command.
 */
public final class NotifyPath implements MmioListener {
    /** The paths this class carries out. */
    public enum Kind {
        VF_BAR("vf-bar"), PF_BAR("pf-bar"), IO_BAR("io-bar");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private final Kernel kernel;
    private final RootComplex rc;
    private final SriovLayout layout;
    private final HostTiming host;
    private final Kind kind;
    private long busyPs;
    private final Handler retired;
    // One notify at a time per path object is enough: each guest waits for its own instruction.
    private final java.util.ArrayDeque<AccessListener> listeners = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<long[]> pending = new java.util.ArrayDeque<>();

    public NotifyPath(Kernel kernel, RootComplex rc, SriovLayout layout, HostTiming host, Kind kind) {
        this.kernel = kernel;
        this.rc = rc;
        this.layout = layout;
        this.host = host;
        this.kind = kind;
        this.retired = token -> {
            long[] p = pending.poll();
            listeners.poll().accessDone(p[0], 0, false);
        };
    }

    public String name() {
        return kind.id();
    }

    /** Forwards a notify of {@code queue} on {@code vf}; {@code done} when the instruction retires. */
    public void notify(int vf, int queue, long token, AccessListener done) {
        switch (kind) {
            case VF_BAR -> {
                rc.cpuWrite(layout.vfBarAddress(vf) + AddressMap.VF_NOTIFY, 2, queue);
                retireAfter(token, done);
            }
            case PF_BAR -> {
                rc.cpuWrite(AddressMap.PF_BAR0 + AddressMap.PF_NOTIFY_AREA + (long) (vf - 1) * AddressMap.PF_NOTIFY_SLOT, 2, queue);
                retireAfter(token, done);
            }
            case IO_BAR -> {
                long start = kernel.now();
                AccessListener timed = (t, v, failed) -> {
                    busyPs += kernel.now() - start;
                    done.accessDone(t, v, failed);
                };
                ioWrite(vf, queue, token, timed);
            }
        }
    }

    private void ioWrite(int vf, int queue, long token, AccessListener done) {
        MmioListener l = new MmioListener() {
            @Override
            public void mmioReadDone(long context, long value, CompletionStatus status) {
                done.accessDone(token, 0, status != CompletionStatus.SC);
            }

            @Override
            public void mmioReadTimedOut(long context) {
                done.accessDone(token, 0, true);
            }
        };
        rc.cpuIoWrite(AddressMap.PF_IO_BAR, 4, (long) vf << 16 | queue, token, l);
    }

    private void retireAfter(long token, AccessListener done) {
        busyPs += host.storeRetirePs();
        listeners.add(done);
        pending.add(new long[] {token});
        kernel.scheduleIn(host.storeRetirePs(), retired, token);
    }

    @Override
    public void mmioReadDone(long context, long value, CompletionStatus status) {
    }

    @Override
    public void mmioReadTimedOut(long context) {
    }

    public long hostBusyPs() {
        return busyPs;
    }
}

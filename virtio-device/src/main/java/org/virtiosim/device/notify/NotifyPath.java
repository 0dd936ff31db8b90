package org.virtiosim.device.notify;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.device.AddressMap;
import org.virtiosim.device.host.AccessListener;
import org.virtiosim.device.host.HostRequests;
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
    private final HostRequests requests = new HostRequests();
    private final Handler retired;
    private long busyPs;

    public NotifyPath(Kernel kernel, RootComplex rc, SriovLayout layout, HostTiming host, Kind kind) {
        this.kernel = kernel;
        this.rc = rc;
        this.layout = layout;
        this.host = host;
        this.kind = kind;
        this.retired = id -> requests.close((int) id, 0, false);
    }

    public String name() {
        return kind.id();
    }

    /** Forwards a notify of {@code queue} on {@code vf}; {@code done} when the instruction retires. */
    public void notify(int vf, int queue, long token, AccessListener done) {
        int id = requests.open(done, token, kernel.now());
        switch (kind) {
            case VF_BAR -> {
                rc.cpuWrite(layout.vfBarAddress(vf) + AddressMap.VF_NOTIFY, 2, queue);
                retireAfterStore(id);
            }
            case PF_BAR -> {
                rc.cpuWrite(AddressMap.PF_BAR0 + AddressMap.PF_NOTIFY_AREA + (long) (vf - 1) * AddressMap.PF_NOTIFY_SLOT, 2, queue);
                retireAfterStore(id);
            }
            case IO_BAR -> rc.cpuIoWrite(AddressMap.PF_IO_BAR, 4, (long) vf << 16 | queue, id, this);
        }
    }

    private void retireAfterStore(int id) {
        busyPs += host.storeRetirePs();
        kernel.scheduleIn(host.storeRetirePs(), retired, id);
    }

    /** The IOWr's completion: the {@code out} instruction retires. */
    @Override
    public void mmioReadDone(long context, long value, CompletionStatus status) {
        int id = (int) context;
        busyPs += kernel.now() - requests.startedPs(id);
        requests.close(id, 0, status != CompletionStatus.SC);
    }

    @Override
    public void mmioReadTimedOut(long context) {
        int id = (int) context;
        busyPs += kernel.now() - requests.startedPs(id);
        requests.close(id, 0, true);
    }

    public long hostBusyPs() {
        return busyPs;
    }
}

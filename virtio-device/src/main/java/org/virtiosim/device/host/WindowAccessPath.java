package org.virtiosim.device.host;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.core.slot.IntColumn;
import org.virtiosim.pcie.host.MmioListener;
import org.virtiosim.pcie.host.RootComplex;
import org.virtiosim.pcie.tlp.CompletionStatus;

/**
 * Host half of the window schemes ({@code mmio}, {@code pf-window}): the hypervisor forwards a
 * trapped legacy access as the same access to the VF's legacy window, wherever the scheme puts
 * it: a load (the CPU stalls until the completion) or a store (posted; it retires once issued).
 */
public final class WindowAccessPath implements LegacyAccessPath, MmioListener {
    /** Where VF {@code vf}'s legacy window starts, as a CPU physical address. */
    @FunctionalInterface
    public interface WindowBase {
        long of(int vf);
    }

    private final Kernel kernel;
    private final RootComplex rc;
    private final WindowBase window;
    private final HostTiming host;
    private final HostRequests requests = new HostRequests();
    private final Handler writeRetired;
    private long timeouts;

    public WindowAccessPath(HostContext context, WindowBase window) {
        this.kernel = context.kernel();
        this.rc = context.rootComplex();
        this.window = window;
        this.host = context.timing();
        this.writeRetired = id -> finish((int) id, 0, false);
    }

    // Pending reads remember their VF, offset and size in these while waiting for a tag.
    private final IntColumn pvf = requests.intColumn();
    private final IntColumn poff = requests.intColumn();
    private final IntColumn psize = requests.intColumn();

    @Override
    public void access(int vf, boolean write, int offset, int size, long value, long token, AccessListener done) {
        int id = requests.open(done, token, kernel.now());
        long address = window.of(vf) + offset;
        if (write) {
            rc.cpuWrite(address, size, value);
            kernel.scheduleIn(host.storeRetirePs(), writeRetired, id);
        } else {
            pvf.set(id, vf);
            poff.set(id, offset);
            psize.set(id, size);
            issueRead(id);
        }
    }

    private void issueRead(int id) {
        rc.cpuRead(window.of(pvf.get(id)) + poff.get(id), psize.get(id), id, this);
    }

    @Override
    public void mmioReadDone(long context, long value, CompletionStatus status) {
        // A load that fails (UR, CA) returns all ones to the CPU, as the listener's contract says.
        boolean ok = status == CompletionStatus.SC;
        finish((int) context, ok ? value : 0xFFFF_FFFFL, !ok);
    }

    @Override
    public void mmioReadTimedOut(long context) {
        timeouts++;
        finish((int) context, 0xFFFF_FFFFL, true);
    }

    private void finish(int id, long value, boolean failed) {
        // The CPU is stalled on an uncached load for its whole round trip; a store costs its issue.
        requests.closeBusy(id, value, failed, kernel.now());
    }

    @Override
    public long hostBusyPs() {
        return requests.busyPs();
    }

    /** Reads that got no completion within the root port's Completion Timeout. */
    public long completionTimeouts() {
        return timeouts;
    }
}

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
 *
 * <p>The 6-byte MAC write ({@link org.virtiosim.device.legacy.LegacyLayout#MAC_WRITE_BYTES}) is
 * one MWr of 2 DW with byte enables (first 1111b, last 0011b at the MAC's DW-aligned offset) when
 * its bytes lie within two DWs, as they do at 0x14 and 0x18 (assumption: the hypervisor makes it
 * one store as a write-combining mapping of the window or a masked 8-byte store would; x86 has no
 * plain 6-byte store). Bytes spanning three DWs go as two stores, split at the first DW boundary.
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
        if (write && (address & 3) + size > 2 * Integer.BYTES) {
            int head = Integer.BYTES - (int) (address & 3);
            rc.cpuWrite(address, head, value);
            rc.cpuWrite(address + head, size - head, value >>> (8 * head));
            kernel.scheduleIn(2 * host.storeRetirePs(), writeRetired, id);
        } else if (write) {
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

package org.virtiosim.device.scheme.mmio;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.core.slot.IntColumn;
import org.virtiosim.device.AddressMap;
import org.virtiosim.device.host.AccessListener;
import org.virtiosim.device.host.HostRequests;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.pcie.host.MmioListener;
import org.virtiosim.pcie.host.RootComplex;
import org.virtiosim.pcie.sriov.SriovLayout;
import org.virtiosim.pcie.tlp.CompletionStatus;

/**
 * Host half of the {@code mmio} scheme: the hypervisor forwards a trapped legacy access as the same
 * access to the VF's legacy window: a load (the CPU stalls until the completion) or a store
 * (posted; it retires once issued).
 */
public final class MmioAccessPath implements LegacyAccessPath, MmioListener {
    private final Kernel kernel;
    private final RootComplex rc;
    private final SriovLayout layout;
    private final HostTiming host;
    private long busyPs;
    private final HostRequests requests = new HostRequests();
    private final Handler writeRetired;
    private long timeouts;

    public MmioAccessPath(Kernel kernel, RootComplex rc, SriovLayout layout, HostTiming host) {
        this.kernel = kernel;
        this.rc = rc;
        this.layout = layout;
        this.host = host;
        this.writeRetired = id -> finish((int) id, 0, false);
    }

    @Override
    public String name() {
        return "mmio";
    }

    // Pending reads remember their VF, offset and size in these while waiting for a tag.
    private final IntColumn pvf = requests.intColumn();
    private final IntColumn poff = requests.intColumn();
    private final IntColumn psize = requests.intColumn();

    @Override
    public void access(int vf, boolean write, int offset, int size, long value, long token, AccessListener done) {
        int id = requests.open(done, token, kernel.now());
        long address = layout.vfBarAddress(vf) + AddressMap.LEGACY_WINDOW + offset;
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
        rc.cpuRead(layout.vfBarAddress(pvf.get(id)) + AddressMap.LEGACY_WINDOW + poff.get(id), psize.get(id), id, this);
    }

    @Override
    public void mmioReadDone(long context, long value, CompletionStatus status) {
        finish((int) context, value, status != CompletionStatus.SC);
    }

    @Override
    public void mmioReadTimedOut(long context) {
        timeouts++;
        finish((int) context, 0xFFFF_FFFFL, true);
    }

    private void finish(int id, long value, boolean failed) {
        // The CPU is stalled on an uncached load for its whole round trip; a store costs its issue.
        busyPs += kernel.now() - requests.startedPs(id);
        requests.close(id, value, failed);
    }

    @Override
    public long hostBusyPs() {
        return busyPs;
    }

    @Override
    public int extraDeviceStateBytesPerVf() {
        return 0;
    }

    /** Reads that got no completion within the root port's Completion Timeout. */
    public long completionTimeouts() {
        return timeouts;
    }
}

package org.virtiosim.device.scheme.cfgcap;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.core.slot.IntColumn;
import org.virtiosim.core.slot.LongColumn;
import org.virtiosim.device.host.AccessListener;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.host.HostRequests;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.pcie.host.MmioListener;
import org.virtiosim.pcie.host.RootComplex;
import org.virtiosim.pcie.sriov.SriovLayout;
import org.virtiosim.pcie.tlp.CompletionStatus;

/**
 * Host half of the {@code cfg-cap} scheme. One legacy access is three configuration accesses
 * through ECAM, one after the other, each waiting for the completion of the one before (a
 * configuration request is non-posted, routed by ID, and gets exactly one completion, PCIe
 * §2.2.7, §2.2.9.1; the kernel's config accessors issue them one at a time): a CfgWr0 of
 * {@code offset}, a CfgWr0 of {@code length}, then a CfgWr0 of {@code pci_cfg_data} for a write
 * or a CfgRd0 of it for a read. So a read is 3 requests and 3 completions (2 Cpl, 1 CplD), a
 * write 3 requests and 3 Cpl. {@code offset} and {@code length} are two DWs, and a configuration
 * request carries one. The host writes both for every access (it keeps no copy of what it last
 * wrote: another path, such as a guest's own config access, may have changed them). A write wider
 * than {@code pci_cfg_data}'s 4 bytes (the 6-byte MAC write) is two such accesses, 4 bytes then
 * the rest. The CPU is busy for all of it.
 *
 * <p>Each configuration access costs the host {@link org.virtiosim.device.host.Ecam#ACCESS_NS} before its uncached MMIO to
 * the ECAM window (PCIe §7.2.2), which the root complex turns into the CfgRd0 or CfgWr0, on top of
 * the CPU's MMIO issue and return latencies.
 */
public final class CfgCapAccessPath implements LegacyAccessPath, MmioListener {

    private static final int PHASE_OFFSET = 0;
    private static final int PHASE_LENGTH = 1;
    private static final int PHASE_DATA = 2;

    private final Kernel kernel;
    private final RootComplex rc;
    private final SriovLayout layout;
    private final long ecamPs;
    private long configRequests;
    private long timeouts;

    private final HostRequests requests = new HostRequests();
    private final IntColumn vf = requests.intColumn();
    private final IntColumn write = requests.intColumn();
    private final IntColumn phase = requests.intColumn();
    private final IntColumn offset = requests.intColumn();
    private final IntColumn size = requests.intColumn();
    private final LongColumn value = requests.longColumn();
    // A write split in two: what is left after the one in progress.
    private final IntColumn restSize = requests.intColumn();
    private final LongColumn restValue = requests.longColumn();
    private final Handler issue;

    public CfgCapAccessPath(HostContext context, double ecamNs) {
        this.kernel = context.kernel();
        this.rc = context.rootComplex();
        this.layout = context.layout();
        this.ecamPs = Math.round(ecamNs * 1000);
        this.issue = id -> issue((int) id);
    }

    @Override
    public void access(int function, boolean isWrite, int at, int bytes, long v, long token, AccessListener done) {
        int id = requests.open(done, token, kernel.now());
        vf.set(id, function);
        write.set(id, isWrite ? 1 : 0);
        int now = isWrite ? Math.min(bytes, Integer.BYTES) : bytes;
        restSize.set(id, bytes - now);
        restValue.set(id, now == Integer.BYTES ? v >>> 32 : 0);
        operation(id, at, now, v);
    }

    private void operation(int id, int at, int bytes, long v) {
        offset.set(id, at);
        size.set(id, bytes);
        value.set(id, v & 0xFFFF_FFFFL);
        phase.set(id, PHASE_OFFSET);
        kernel.scheduleIn(ecamPs, issue, id);
    }

    private void issue(int id) {
        configRequests++;
        int target = layout.vfRoutingId(vf.get(id));
        rc.actFor(vf.get(id));
        switch (phase.get(id)) {
            case PHASE_OFFSET -> rc.cpuConfigWrite(target, CfgCapRegisters.CAP + CfgCapRegisters.OFFSET, 4, offset.get(id), id, this);
            case PHASE_LENGTH -> rc.cpuConfigWrite(target, CfgCapRegisters.CAP + CfgCapRegisters.LENGTH, 4, size.get(id), id, this);
            default -> {
                if (write.get(id) != 0) {
                    rc.cpuConfigWrite(target, CfgCapRegisters.CAP + CfgCapRegisters.DATA, size.get(id), value.get(id), id, this);
                } else {
                    rc.cpuConfigRead(target, CfgCapRegisters.CAP + CfgCapRegisters.DATA, id, this);
                }
            }
        }
    }

    @Override
    public void mmioReadDone(long context, long v, CompletionStatus status) {
        int id = (int) context;
        if (status != CompletionStatus.SC) {
            finish(id, 0xFFFF_FFFFL, true);
            return;
        }
        int p = phase.get(id);
        if (p != PHASE_DATA) {
            phase.set(id, p + 1);
            kernel.scheduleIn(ecamPs, issue, id);
        } else if (write.get(id) == 0) {
            finish(id, v & ((1L << (8 * size.get(id))) - 1), false);
        } else if (restSize.get(id) > 0) {
            int rest = restSize.get(id);
            restSize.set(id, 0);
            operation(id, offset.get(id) + size.get(id), rest, restValue.get(id));
        } else {
            finish(id, 0, false);
        }
    }

    @Override
    public void mmioReadTimedOut(long context) {
        timeouts++;
        finish((int) context, 0xFFFF_FFFFL, true);
    }

    private void finish(int id, long v, boolean failed) {
        requests.closeBusy(id, v, failed, kernel.now());
    }

    @Override
    public long hostBusyPs() {
        return requests.busyPs();
    }

    /** Configuration requests issued: three per legacy access (six for a 6-byte write). */
    public long configRequests() {
        return configRequests;
    }

    /** Configuration requests that got no completion within the root port's Completion Timeout. */
    public long completionTimeouts() {
        return timeouts;
    }
}

package org.virtiosim.device.host;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.slot.BooleanColumn;
import org.virtiosim.core.slot.IntColumn;
import org.virtiosim.pcie.host.MmioListener;
import org.virtiosim.pcie.host.RootComplex;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.device.legacy.LegacyRegister;

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
 *
 * <p>With {@code pollReset} ({@code mmio_read_during_reset=host-poll}) the hypervisor, after
 * forwarding the guest's status write of 0, reads status itself (one MRd and its CplD each, {@link
 * #RESET_POLL_INTERVAL_NS} apart) until it reads 0, and only then completes the guest's write and
 * resumes it: the guest's next access, its read-back of status included, comes after the reset, and
 * the device, answering a read during reset at once, never holds a completion. The wait is host CPU
 * time (the hypervisor spins on the exit's thread). Chosen over holding the guest's next status
 * read: Linux's vp_legacy_reset reads status right after the write, so both hold the guest alike,
 * and completing the write late also covers a guest whose next access is not a status read.
 */
public final class WindowAccessPath implements LegacyAccessPath, MmioListener {
    /** Where VF {@code vf}'s legacy window starts, as a CPU physical address. */
    @FunctionalInterface
    public interface WindowBase {
        long of(int vf);
    }

    public static final Param<Double> RESET_POLL_INTERVAL_NS = Param.real("reset_poll_interval_ns", "ns", 100, 0, 1e7,
            "host-poll: the hypervisor's pause between two of its status reads while a VF resets, ns",
            "assumption: a spin loop with cpu_relax between uncached loads, as the AQ driver's poll loop (poll_interval_ns)")
            .studyRange(0.0, 10_000.0, "back-to-back status reads to a loop that yields for some µs; Linux's own vp_reset "
                    + "(virtio_pci_modern.c) sleeps msleep(1) per turn, which would free the CPU but hold the guest a ms");

    private final Kernel kernel;
    private final RootComplex rc;
    private final WindowBase window;
    private final HostTiming host;
    private final HostRequests requests = new HostRequests();
    private final Handler writeRetired;
    private long timeouts;

    private final boolean pollReset;
    private final long pollIntervalPs;
    private final Handler pollAgain;
    private final Handler resetWritten;
    private long resetPolls;

    /** Forwards each access as is; a read during reset is the device's to answer. */
    public WindowAccessPath(HostContext context, WindowBase window) {
        this(context, window, false, 0);
    }

    /**
     * @param pollReset after the guest's status write of 0, poll status until it reads 0 before
     *     completing the write ({@code host-poll})
     * @param pollIntervalPs the pause between two polls
     */
    public WindowAccessPath(HostContext context, WindowBase window, boolean pollReset, long pollIntervalPs) {
        this.kernel = context.kernel();
        this.rc = context.rootComplex();
        this.window = window;
        this.host = context.timing();
        this.pollReset = pollReset;
        this.pollIntervalPs = pollIntervalPs;
        this.writeRetired = id -> finish((int) id, 0, false);
        this.pollAgain = id -> issueRead((int) id);
        this.resetWritten = id -> issueRead((int) id);
    }

    /** The status register: what the guest writes 0 to for a reset, and what host-poll reads. */
    private static final int STATUS = LegacyRegister.DEVICE_STATUS.offset();

    // Pending reads remember their VF, offset and size in these while waiting for a tag.
    private final IntColumn pvf = requests.intColumn();
    private final IntColumn poff = requests.intColumn();
    private final IntColumn psize = requests.intColumn();
    /** The read is the hypervisor's poll of status after a reset write, not the guest's load. */
    private final BooleanColumn polling = requests.booleanColumn();

    @Override
    public void access(int vf, boolean write, int offset, int size, long value, long token, AccessListener done) {
        int id = requests.open(done, token, kernel.now());
        long address = window.of(vf) + offset;
        rc.actFor(vf);
        if (write && (address & 3) + size > 2 * Integer.BYTES) {
            int head = Integer.BYTES - (int) (address & 3);
            rc.cpuWrite(address, head, value);
            rc.cpuWrite(address + head, size - head, value >>> (8 * head));
            kernel.scheduleIn(2 * host.storeRetirePs(), writeRetired, id);
        } else if (write && pollReset && offset == STATUS && size == 1 && value == 0) {
            // The read that follows cannot pass the posted write (PCIe ordering): it sees the reset started.
            rc.cpuWrite(address, size, value);
            pending(id, vf, STATUS, 1, true);
            kernel.scheduleIn(host.storeRetirePs(), resetWritten, id);
        } else if (write) {
            rc.cpuWrite(address, size, value);
            kernel.scheduleIn(host.storeRetirePs(), writeRetired, id);
        } else {
            pending(id, vf, offset, size, false);
            issueRead(id);
        }
    }

    private void pending(int id, int vf, int offset, int size, boolean poll) {
        pvf.set(id, vf);
        poff.set(id, offset);
        psize.set(id, size);
        polling.set(id, poll);
    }

    private void issueRead(int id) {
        if (polling.get(id)) {
            resetPolls++;
        }
        rc.actFor(pvf.get(id));
        rc.cpuRead(window.of(pvf.get(id)) + poff.get(id), psize.get(id), id, this);
    }

    @Override
    public void mmioReadDone(long context, long value, CompletionStatus status) {
        // A load that fails (UR, CA) returns all ones to the CPU, as the listener's contract says.
        boolean ok = status == CompletionStatus.SC;
        int id = (int) context;
        if (polling.get(id)) {
            if (ok && value != 0) {
                kernel.scheduleIn(pollIntervalPs, pollAgain, id); // the reset is not done: status still pre-reset
            } else {
                finish(id, 0, !ok); // the guest's write completes: status reads 0, the reset is done
            }
            return;
        }
        finish(id, ok ? value : 0xFFFF_FFFFL, !ok);
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

    /** Status reads the hypervisor made itself to see resets done (host-poll). */
    public long resetPolls() {
        return resetPolls;
    }

    /** Reads that got no completion within the root port's Completion Timeout. */
    public long completionTimeouts() {
        return timeouts;
    }
}

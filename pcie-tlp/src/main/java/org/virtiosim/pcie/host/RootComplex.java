package org.virtiosim.pcie.host;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.core.slot.IntColumn;
import org.virtiosim.core.slot.LongColumn;
import org.virtiosim.core.slot.SlotTable;
import org.virtiosim.pcie.link.LinkDirection;
import org.virtiosim.pcie.link.TlpSink;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.tlp.TlpType;
import org.virtiosim.pcie.txn.OutstandingRequests;

/**
 * The root complex: the CPU's MMIO requester and the completer for device DMA.
 *
 * <p>CPU MMIO: a read leaves the root port as MRd after the CPU issue latency, and the load
 * retires the CPU return latency after its completion arrives; a write leaves as a posted MWr.
 * Reads are tracked by tag with the root port's Completion Timeout.
 *
 * <p>DMA completer: memory writes land in {@link HostMemory} after
 * the ingress latency; memory reads are answered with completions after ingress, DRAM and egress
 * latencies, split as PCI Express Base Specification Rev. 6.0 §2.3.1.1 allows: at naturally
 * aligned boundaries of the Read Completion Boundary or, as most current root complexes do and
 * pcie-bench's model assumes by default, of Max_Payload_Size.
 *
 * <p>DRAM is modelled as a fixed latency with unlimited parallelism: at the link rates studied,
 * memory bandwidth is not the bottleneck.
 */
public final class RootComplex implements TlpSink, OutstandingRequests.Listener {
    /** Tags of the root port's MMIO requester. */
    public static final int CPU_TAGS = 256;

    private final Kernel kernel;
    private final HostMemory memory;
    private final RootComplexTiming timing;
    private final int completerId;
    private final int completionSplit;
    private LinkDirection downstream;

    // Reads waiting for their data, in slots (translation time can differ per read).
    private final SlotTable reads = new SlotTable(64);
    private final IntColumn readRequester = reads.intColumn();
    private final IntColumn readTag = reads.intColumn();
    private final LongColumn readAddress = reads.longColumn();
    private final IntColumn readBytes = reads.intColumn();
    private final Handler readDataReady = slot -> completeRead((int) slot);
    private Iommu iommu;

    private CpuTiming cpu = CpuTiming.DEFAULT;
    private OutstandingRequests cpuReads;
    private final MmioListener[] cpuListener = new MmioListener[CPU_TAGS];
    // MMIO requests waiting out the CPU issue latency, and loads waiting out the return latency.
    private final java.util.ArrayDeque<Tlp> issuing = new java.util.ArrayDeque<>();
    private final Handler issueOldest = arg -> downstream.send(issuing.poll());
    private long[] retContext = new long[64];
    private long[] retValue = new long[64];
    private CompletionStatus[] retStatus = new CompletionStatus[64];
    private MmioListener[] retListener = new MmioListener[64];
    private int retHead;
    private int retSize;
    private final Handler retireOldest = arg -> retireLoad();

    private long writesReceived;
    private long lastWriteCommitPs = -1;
    private long readsReceived;
    private long completionsSent;

    /**
     * @param completionSplit completion size boundary: 64 or 128 (RCB) or the link's MPS
     */
    public RootComplex(Kernel kernel, HostMemory memory, RootComplexTiming timing, int completerId, int completionSplit) {
        if (Integer.bitCount(completionSplit) != 1 || completionSplit < 64 || completionSplit > 4096) {
            throw new IllegalArgumentException("completion split must be a power of two 64..4096: " + completionSplit);
        }
        this.kernel = kernel;
        this.memory = memory;
        this.timing = timing;
        this.completerId = completerId;
        this.completionSplit = completionSplit;
    }

    /** x86 MSI address window: device writes here are interrupt messages, not memory writes. */
    public static final long MSI_BASE = 0xFEE0_0000L;
    public static final long MSI_LIMIT = 0xFEEF_FFFFL;

    private java.util.function.IntConsumer interrupts;

    private static boolean isMsi(long address) {
        return address >= MSI_BASE && address <= MSI_LIMIT;
    }

    /** Receives MSI/MSI-X messages (the low byte of the message data, the vector) as they arrive. */
    public void setInterruptListener(java.util.function.IntConsumer listener) {
        this.interrupts = listener;
    }

    /** Where completions go: the downstream direction of the root port's link. */
    public void attach(LinkDirection toDevice) {
        this.downstream = toDevice;
    }

    /** Enables CPU MMIO with these latencies and the root port's Completion Timeout. */
    public void enableCpu(CpuTiming timing, long completionTimeoutPs) {
        this.cpu = timing;
        this.cpuReads = new OutstandingRequests(kernel, CPU_TAGS, completionTimeoutPs, this);
    }

    /**
     * A CPU load of 1 to 8 bytes of MMIO space (one TLP; it may span two DWs). When every MMIO
     * tag is in use the load waits, in order, for one to free: the loads' cores stay stalled.
     */
    public void cpuRead(long address, int bytes, long context, MmioListener listener) {
        if (cpuReads == null) {
            throw new IllegalStateException("CPU MMIO not enabled: call enableCpu first");
        }
        if (bytes < 1 || bytes > 8 || (address & 0xFFF) + bytes > 4096) {
            throw new IllegalArgumentException("MMIO read must be 1..8 bytes within a 4 KB page");
        }
        request(false, address, bytes, 0, context, listener);
    }

    /**
     * A CPU {@code out} to an I/O port: a non-posted IOWr of 1 to 4 bytes within one DW; the
     * instruction retires when its completion arrives ({@code mmioReadDone} with value 0). Waits
     * for a tag like {@link #cpuRead}.
     */
    public void cpuIoWrite(long port, int bytes, long value, long context, MmioListener listener) {
        if (cpuReads == null) {
            throw new IllegalStateException("CPU MMIO not enabled: call enableCpu first");
        }
        request(true, port, bytes, value, context, listener);
    }

    /**
     * A configuration write by the host (the hypervisor programming a function's config space):
     * a non-posted CfgWr0 of 1 to 4 bytes within one DW; done when its completion arrives. Waits
     * for a tag like {@link #cpuRead}.
     */
    public void cpuConfigWrite(int targetId, int offset, int bytes, long value, long context, MmioListener listener) {
        if (cpuReads == null) {
            throw new IllegalStateException("CPU MMIO not enabled: call enableCpu first");
        }
        request(2, (long) targetId << 16 | offset, bytes, value, context, listener);
    }

    // Non-posted CPU requests waiting for a tag, in order.
    private final java.util.ArrayDeque<MmioListener> waitingListener = new java.util.ArrayDeque<>();
    private long[] waitingRequest = new long[64 * 4];
    private int waitingHead;
    private int waitingCount;

    private void request(boolean io, long address, int bytes, long value, long context, MmioListener listener) {
        request(io ? 1 : 0, address, bytes, value, context, listener);
    }

    /** kind: 0 memory read, 1 I/O write, 2 configuration write (address = target ID << 16 | offset). */
    private void request(int kind, long address, int bytes, long value, long context, MmioListener listener) {
        if (waitingCount > 0 || !issueRequest(kind, address, bytes, value, context, listener)) {
            if ((waitingCount + 1) * 4 > waitingRequest.length) {
                long[] n = new long[waitingRequest.length * 2];
                for (int k = 0; k < waitingCount * 4; k++) {
                    n[k] = waitingRequest[(waitingHead * 4 + k) % waitingRequest.length];
                }
                waitingRequest = n;
                waitingHead = 0;
            }
            int base = ((waitingHead + waitingCount) * 4) % waitingRequest.length;
            waitingRequest[base] = kind;
            waitingRequest[base + 1] = address;
            waitingRequest[base + 2] = (long) bytes << 56 | (value & 0x00FF_FFFF_FFFF_FFFFL);
            waitingRequest[base + 3] = context;
            waitingListener.add(listener);
            waitingCount++;
            cpuWaits++;
        }
    }

    /** Issues the oldest waiting requests while tags are free. */
    private void drainWaiting() {
        while (waitingCount > 0 && cpuReads.inUse() < cpuReads.capacity()) {
            int base = (waitingHead * 4) % waitingRequest.length;
            waitingHead = (waitingHead + 1) % (waitingRequest.length / 4);
            waitingCount--;
            long packed = waitingRequest[base + 2];
            issueRequest((int) waitingRequest[base], waitingRequest[base + 1], (int) (packed >>> 56),
                    packed & 0x00FF_FFFF_FFFF_FFFFL, waitingRequest[base + 3], waitingListener.poll());
        }
    }

    private boolean issueRequest(int kind, long address, int bytes, long value, long context, MmioListener listener) {
        int tag = cpuReads.allocate(context, kind == 0 ? bytes : 0);
        if (tag < 0) {
            return false;
        }
        cpuListener[tag] = listener;
        Tlp t;
        if (kind == 2) {
            int offset = (int) (address & 0xFFFF);
            t = downstream.newTlp().setConfig(true, completerId, tag, (int) (address >>> 16), offset, bytes);
            byte[] d = t.ensureData(4);
            java.util.Arrays.fill(d, 0, 4, (byte) 0);
            for (int i = 0; i < bytes; i++) {
                d[(offset & 3) + i] = (byte) (value >>> (8 * i));
            }
        } else if (kind == 1) {
            t = downstream.newTlp().setIo(true, completerId, tag, address, bytes);
            byte[] d = t.ensureData(4);
            int lead = (int) (address & 3);
            for (int i = 0; i < bytes; i++) {
                d[lead + i] = (byte) (value >>> (8 * i));
            }
        } else {
            t = downstream.newTlp().setMemoryRead(completerId, tag, address, bytes);
        }
        issue(t);
        return true;
    }

    /** Non-posted CPU requests that had to wait for a free tag. */
    public long cpuTagWaits() {
        return cpuWaits;
    }

    private long cpuWaits;

    /** A CPU store of 1 to 8 bytes: a posted MWr; the store retires at once (write-combining aside). */
    public void cpuWrite(long address, int bytes, long value) {
        if (bytes < 1 || bytes > 8 || (address & 0xFFF) + bytes > 4096) {
            throw new IllegalArgumentException("MMIO write must be 1..8 bytes within a 4 KB page");
        }
        Tlp t = downstream.newTlp().setMemoryWrite(completerId, address, bytes);
        byte[] d = t.ensureData(t.lengthDw() * 4);
        int lead = (int) (address & 3);
        for (int i = 0; i < bytes; i++) {
            d[lead + i] = (byte) (value >>> (8 * i));
        }
        issue(t);
    }

    private void issue(Tlp t) {
        issuing.add(t);
        kernel.scheduleIn(cpu.issuePs(), issueOldest, 0);
    }

    @Override
    public void completion(int tag, long context, Tlp completion, boolean last) {
        if (completion.ep()) {
            // Poisoned data (EP, §2.7.2): the load must not consume it; the CPU gets all ones and
            // the root port logs the error. Counted; reported to the requester as Completer Abort.
            poisonedCompletions++;
            if (last) {
                queueRetire(context, 0xFFFF_FFFFL, CompletionStatus.CA, cpuListener[tag]);
                cpuListener[tag] = null;
                drainWaiting();
            }
            return;
        }
        long value = 0;
        if (completion.type().hasData()) {
            int lead = completion.lowerAddress() & 3;
            int n = Math.min(8, Math.min(completion.byteCount(), completion.lengthDw() * 4 - lead));
            for (int i = n - 1; i >= 0; i--) {
                value = value << 8 | (completion.data()[lead + i] & 0xFF);
            }
        }
        if (last) {
            queueRetire(context, value, completion.status(), cpuListener[tag]);
            cpuListener[tag] = null;
            drainWaiting();
        }
    }

    @Override
    public void timedOut(int tag, long context) {
        MmioListener l = cpuListener[tag];
        cpuListener[tag] = null;
        l.mmioReadTimedOut(context);
        drainWaiting();
    }

    private void queueRetire(long context, long value, CompletionStatus status, MmioListener l) {
        if (retSize == retContext.length) {
            int n = retContext.length;
            long[] c2 = new long[n * 2];
            long[] v2 = new long[n * 2];
            CompletionStatus[] s2 = new CompletionStatus[n * 2];
            MmioListener[] l2 = new MmioListener[n * 2];
            for (int k = 0; k < retSize; k++) {
                int i = (retHead + k) & (n - 1);
                c2[k] = retContext[i];
                v2[k] = retValue[i];
                s2[k] = retStatus[i];
                l2[k] = retListener[i];
            }
            retContext = c2;
            retValue = v2;
            retStatus = s2;
            retListener = l2;
            retHead = 0;
        }
        int i = (retHead + retSize) & (retContext.length - 1);
        retContext[i] = context;
        retValue[i] = value;
        retStatus[i] = status;
        retListener[i] = l;
        retSize++;
        kernel.scheduleIn(cpu.returnPs(), retireOldest, 0);
    }

    private void retireLoad() {
        int i = retHead;
        retHead = (retHead + 1) & (retContext.length - 1);
        retSize--;
        MmioListener l = retListener[i];
        retListener[i] = null;
        l.mmioReadDone(retContext[i], retValue[i], retStatus[i]);
    }

    /** MMIO reads that got no completion in time. */
    private long poisonedCompletions;

    /** Completions for CPU requests that arrived poisoned (EP set). */
    public long cpuPoisonedCompletions() {
        return poisonedCompletions;
    }

    /** Completions for CPU requests that were not outstanding (late after a timeout, or never asked for). */
    public long cpuUnexpectedCompletions() {
        return cpuReads == null ? 0 : cpuReads.unexpectedCompletions();
    }

    /** CPU requests still waiting for a completion or a tag. */
    public long cpuRequestsOutstanding() {
        return cpuReads == null ? 0 : cpuReads.inUse() + waitingCount;
    }

    public long cpuCompletionTimeouts() {
        return cpuReads == null ? 0 : cpuReads.timeouts();
    }

    public HostMemory memory() {
        return memory;
    }

    @Override
    public void receive(Tlp tlp) {
        TlpType t = tlp.type();
        if ((t == TlpType.MWr32 || t == TlpType.MWr64) && isMsi(tlp.address()) && interrupts != null) {
            interrupts.accept(tlp.hasDataBuffer() ? tlp.data()[0] & 0xFF : 0);
        } else if (t == TlpType.MWr32 || t == TlpType.MWr64) {
            writesReceived++;
            // The data is applied at once (a later read cannot overtake it: reads take ingress plus
            // DRAM time); the write counts as committed after the ingress latency.
            lastWriteCommitPs = kernel.now() + timing.ingressPs() + (iommu == null ? 0 : iommu.translate(tlp.address()));
            if (tlp.hasDataBuffer()) {
                int lead = Integer.numberOfTrailingZeros(tlp.firstDwBe() | 0x10);
                memory.write(tlp.address() + lead, tlp.data(), lead, tlp.requestBytes());
            }
        } else if (t == TlpType.MRd32 || t == TlpType.MRd64) {
            readsReceived++;
            int slot = queueRead(tlp.requesterId(), tlp.tag(), tlp.firstByteAddress(), tlp.requestBytes());
            long translate = iommu == null ? 0 : iommu.translate(tlp.address());
            kernel.scheduleIn(timing.ingressPs() + translate + timing.memoryReadPs() + timing.egressPs(), readDataReady, slot);
        } else if (t.isCompletion()) {
            if (cpuReads != null) {
                cpuReads.complete(tlp);
            }
        } else {
            // I/O and configuration requests are never sent upstream by an endpoint: Unsupported
            // Request, Byte Count 4 as for any I/O or configuration completion (§2.2.9.1).
            Tlp ur = downstream.newTlp();
            ur.setCompletion(completerId, CompletionStatus.UR, tlp.requesterId(), tlp.tag(), 4, 0, 0);
            downstream.send(ur);
        }
    }

    private int queueRead(int requester, int tag, long address, int bytes) {
        int slot = reads.allocate();
        readRequester.set(slot, requester);
        readTag.set(slot, tag);
        readAddress.set(slot, address);
        readBytes.set(slot, bytes);
        return slot;
    }

    private void completeRead(int i) {
        reads.free(i);
        long address = readAddress.get(i);
        int remaining = readBytes.get(i);
        while (remaining > 0) {
            // Up to the next naturally aligned boundary of the split size.
            int chunk = (int) Math.min(remaining, completionSplit - (address & (completionSplit - 1)));
            Tlp cpl = downstream.newTlp();
            cpl.setCompletion(completerId, CompletionStatus.SC, readRequester.get(i), readTag.get(i), remaining,
                    (int) (address & 0x7F), chunk);
            int lead = (int) (address & 3);
            byte[] data = cpl.ensureData(cpl.lengthDw() * 4);
            memory.read(address, data, lead, chunk);
            downstream.send(cpl);
            completionsSent++;
            address += chunk;
            remaining -= chunk;
        }
    }

    /** Puts an IOMMU in front of host memory for device requests; null removes it. */
    public void setIommu(Iommu iommu) {
        this.iommu = iommu;
    }

    /** When the last memory write received reached the memory controller, ps; -1 before any. */
    public long lastWriteCommitPs() {
        return lastWriteCommitPs;
    }

    public long writesReceived() {
        return writesReceived;
    }

    public long readsReceived() {
        return readsReceived;
    }

    public long completionsSent() {
        return completionsSent;
    }
}

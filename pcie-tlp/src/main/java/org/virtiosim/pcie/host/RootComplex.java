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
 * <p>DMA completer: memory writes land in {@link HostMemory} (and a host poll of that memory sees
 * them) only after the ingress latency, in order, and an MSI behind them is delivered no earlier; memory reads are answered with completions after ingress, DRAM and egress
 * latencies, split as PCI Express Base Specification Rev. 6.0 §2.3.1.1 allows: at naturally
 * aligned boundaries of the Read Completion Boundary or, as most current root complexes do and
 * pcie-bench's model assumes by default, of Max_Payload_Size.
 *
 * <p>DRAM is modelled as a fixed latency with unlimited parallelism: at the link rates studied,
 * memory bandwidth is not the bottleneck.
 */
public final class RootComplex implements TlpSink, OutstandingRequests.Listener {
    /** Tags of the root port's MMIO requester by default ({@link TagPool#DEFAULT}). */
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
    private MmioListener[] cpuListener;
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
    // Posted requests from the device on their way through the root port, landing in order.
    private long postedTailPs = -1;
    private final PostedQueue posted = new PostedQueue();
    private final Handler landOldest = arg -> land();
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

    /** Enables CPU MMIO with these latencies and the root port's Completion Timeout: one CPU, the default tag pool. */
    public void enableCpu(CpuTiming timing, long completionTimeoutPs) {
        enableCpu(timing, completionTimeoutPs, TagPool.DEFAULT, 1);
    }

    /** Enables CPU MMIO with the host model's CPU latencies and tag pool, for {@code cpus} CPUs. */
    public void enableCpu(HostModel host, long completionTimeoutPs, int cpus) {
        enableCpu(host.cpu(), completionTimeoutPs, host.tags(), cpus);
    }

    /**
     * Enables CPU MMIO: these latencies, the root port's Completion Timeout, its tag pool and the
     * number of CPUs that share it (each request names its CPU, 0 when it does not say).
     */
    public void enableCpu(CpuTiming timing, long completionTimeoutPs, TagPool pool, int cpus) {
        if (cpus < 1 || (pool.sharing() == TagPool.Sharing.PER_CPU && cpus > pool.size())) {
            throw new IllegalArgumentException("CPUs must be 1.." + (pool.sharing() == TagPool.Sharing.PER_CPU ? pool.size()
                    + " (each needs a tag of the per-cpu pool)" : "any") + ", got " + cpus);
        }
        this.cpu = timing;
        this.tagPool = pool;
        this.cpuReads = new OutstandingRequests(kernel, pool.size(), completionTimeoutPs, this);
        int queues = pool.sharing() == TagPool.Sharing.SHARED ? 1 : cpus;
        this.waiting = new WaitQueue[queues];
        for (int q = 0; q < queues; q++) {
            waiting[q] = new WaitQueue(pool.share(q, queues));
        }
        this.cpus = cpus;
        this.cpuListener = new MmioListener[pool.size()];
        this.tagQueue = new int[pool.size()];
        this.tagAddress = new long[pool.size()];
        this.tagBytes = new int[pool.size()];
        this.tagValue = new long[pool.size()];
        this.tagPoisoned = new boolean[pool.size()];
    }

    /** The root port's tag pool for CPU requests (the default until {@link #enableCpu} says otherwise). */
    public TagPool tagPool() {
        return tagPool;
    }

    /** A CPU load by CPU 0: see {@link #cpuRead(int, long, int, long, MmioListener)}. */
    public void cpuRead(long address, int bytes, long context, MmioListener listener) {
        cpuRead(0, address, bytes, context, listener);
    }

    /**
     * A CPU load of 1 to 8 bytes of MMIO space (one TLP; it may span two DWs) by CPU {@code cpu}.
     * When the tags it may use are all taken the load waits, in order, for one to free: the
     * loads' cores stay stalled.
     */
    public void cpuRead(int cpu, long address, int bytes, long context, MmioListener listener) {
        requireCpu(cpu);
        if (bytes < 1 || bytes > 8 || (address & 0xFFF) + bytes > 4096) {
            throw new IllegalArgumentException("MMIO read must be 1..8 bytes within a 4 KB page");
        }
        request(cpu, READ, address, bytes, 0, context, listener);
    }

    /** A CPU {@code out} by CPU 0: see {@link #cpuIoWrite(int, long, int, long, long, MmioListener)}. */
    public void cpuIoWrite(long port, int bytes, long value, long context, MmioListener listener) {
        cpuIoWrite(0, port, bytes, value, context, listener);
    }

    /**
     * A CPU {@code out} to an I/O port: a non-posted IOWr of 1 to 4 bytes within one DW; the
     * instruction retires when its completion arrives ({@code mmioReadDone} with value 0). Waits
     * for a tag like {@link #cpuRead}.
     */
    public void cpuIoWrite(int cpu, long port, int bytes, long value, long context, MmioListener listener) {
        requireCpu(cpu);
        request(cpu, IO_WRITE, port, bytes, value, context, listener);
    }

    /** A configuration write by CPU 0: see {@link #cpuConfigWrite(int, int, int, int, long, long, MmioListener)}. */
    public void cpuConfigWrite(int targetId, int offset, int bytes, long value, long context, MmioListener listener) {
        cpuConfigWrite(0, targetId, offset, bytes, value, context, listener);
    }

    /**
     * A configuration write by the host (the hypervisor programming a function's config space):
     * a non-posted CfgWr0 of 1 to 4 bytes within one DW; done when its completion arrives. Waits
     * for a tag like {@link #cpuRead}.
     */
    public void cpuConfigWrite(int cpu, int targetId, int offset, int bytes, long value, long context, MmioListener listener) {
        requireCpu(cpu);
        request(cpu, CONFIG_WRITE, (long) targetId << 16 | offset, bytes, value, context, listener);
    }

    /** A configuration read by CPU 0: see {@link #cpuConfigRead(int, int, int, long, MmioListener)}. */
    public void cpuConfigRead(int targetId, int offset, long context, MmioListener listener) {
        cpuConfigRead(0, targetId, offset, context, listener);
    }

    /**
     * A configuration read by the host: a non-posted CfgRd0 of the whole DW holding {@code offset}
     * (all four byte enables), answered by one CplD with Byte Count 4 and Lower Address 0
     * (§2.2.9.1); done when that completion arrives, with the DW's value (the caller picks its
     * bytes), or when the root port's Completion Timeout expires, as for {@link #cpuRead}. Waits
     * for a tag like {@link #cpuRead}.
     */
    public void cpuConfigRead(int cpu, int targetId, int offset, long context, MmioListener listener) {
        requireCpu(cpu);
        if (offset < 0 || offset > 4095) {
            throw new IllegalArgumentException("configuration offset must be 0..4095, got " + offset);
        }
        request(cpu, CONFIG_READ, (long) targetId << 16 | (offset & ~3), 4, 0, context, listener);
    }

    private void requireCpu(int cpu) {
        if (cpuReads == null) {
            throw new IllegalStateException("CPU MMIO not enabled: call enableCpu first");
        }
        if (cpu < 0 || cpu >= cpus) {
            throw new IllegalArgumentException("CPU index must be 0.." + (cpus - 1) + ", got " + cpu);
        }
    }

    private static final int READ = 0;
    private static final int IO_WRITE = 1;
    private static final int CONFIG_WRITE = 2;
    private static final int CONFIG_READ = 3;

    /**
     * Non-posted requests of the CPUs that share one part of the tag pool (all CPUs when shared),
     * waiting for a tag in order: a ring of (kind, address, bytes and value, context) and their
     * listeners.
     */
    private static final class WaitQueue {
        final int share;
        int inUse;
        final java.util.ArrayDeque<MmioListener> listeners = new java.util.ArrayDeque<>();
        long[] request = new long[64 * 4];
        int head;
        int count;

        WaitQueue(int share) {
            this.share = share;
        }

        void add(int kind, int onBehalfOf, long address, int bytes, long value, long context, MmioListener listener) {
            if ((count + 1) * 4 > request.length) {
                long[] n = new long[request.length * 2];
                for (int k = 0; k < count * 4; k++) {
                    n[k] = request[(head * 4 + k) % request.length];
                }
                request = n;
                head = 0;
            }
            int base = ((head + count) * 4) % request.length;
            request[base] = kind | (long) onBehalfOf << 32;
            request[base + 1] = address;
            request[base + 2] = (long) bytes << 56 | (value & 0x00FF_FFFF_FFFF_FFFFL);
            request[base + 3] = context;
            listeners.add(listener);
            count++;
        }

        /** Index of the oldest request's fields; removes it (its listener is taken with {@link #listeners}). */
        int take() {
            int base = (head * 4) % request.length;
            head = (head + 1) % (request.length / 4);
            count--;
            return base;
        }
    }

    private TagPool tagPool = TagPool.DEFAULT;
    private int cpus = 1;
    private WaitQueue[] waiting;
    // Per tag: the queue it was drawn for, and the read's address, size, bytes so far, poison.
    private int[] tagQueue;
    private long[] tagAddress;
    private int[] tagBytes;
    private long[] tagValue;
    private boolean[] tagPoisoned;

    private void request(int cpu, int kind, long address, int bytes, long value, long context, MmioListener listener) {
        int q = waiting.length == 1 ? 0 : cpu;
        WaitQueue w = waiting[q];
        if (w.count > 0 || w.inUse >= w.share || !issueRequest(q, kind, actingFor, address, bytes, value, context, listener)) {
            w.add(kind, actingFor, address, bytes, value, context, listener);
            cpuWaits++;
        }
    }

    /** Issues the oldest waiting requests of queue {@code q} while its tags last. */
    private void drainWaiting(int q) {
        WaitQueue w = waiting[q];
        while (w.count > 0 && w.inUse < w.share && cpuReads.inUse() < cpuReads.capacity()) {
            int base = w.take();
            long packed = w.request[base + 2];
            issueRequest(q, (int) w.request[base], (int) (w.request[base] >>> 32), w.request[base + 1], (int) (packed >>> 56),
                    packed & 0x00FF_FFFF_FFFF_FFFFL, w.request[base + 3], w.listeners.poll());
        }
    }

    /** A tag of queue {@code q} is free again. */
    private void released(int tag) {
        int q = tagQueue[tag];
        waiting[q].inUse--;
        cpuListener[tag] = null;
        drainWaiting(q);
    }

    private boolean issueRequest(int q, int kind, int onBehalfOf, long address, int bytes, long value, long context,
                                 MmioListener listener) {
        int tag = cpuReads.allocate(context, kind == READ || kind == CONFIG_READ ? bytes : 0);
        if (tag < 0) {
            return false;
        }
        waiting[q].inUse++;
        tagQueue[tag] = q;
        // A configuration completion's Lower Address is 0 (§2.2.9.1): its bytes are placed from the DW's start.
        tagAddress[tag] = kind == CONFIG_READ ? 0 : address;
        tagBytes[tag] = bytes;
        tagValue[tag] = 0;
        tagPoisoned[tag] = false;
        cpuListener[tag] = listener;
        Tlp t;
        if (kind == CONFIG_READ) {
            t = downstream.newTlp().setConfig(false, completerId, tag, (int) (address >>> 16), (int) (address & 0xFFFF), 4);
        } else if (kind == CONFIG_WRITE) {
            int offset = (int) (address & 0xFFFF);
            t = downstream.newTlp().setConfig(true, completerId, tag, (int) (address >>> 16), offset, bytes);
            byte[] d = t.ensureData(4);
            java.util.Arrays.fill(d, 0, 4, (byte) 0);
            for (int i = 0; i < bytes; i++) {
                d[(offset & 3) + i] = (byte) (value >>> (8 * i));
            }
        } else if (kind == IO_WRITE) {
            t = downstream.newTlp().setIo(true, completerId, tag, address, bytes);
            byte[] d = t.ensureData(4);
            int lead = (int) (address & 3);
            for (int i = 0; i < bytes; i++) {
                d[lead + i] = (byte) (value >>> (8 * i));
            }
        } else {
            t = downstream.newTlp().setMemoryRead(completerId, tag, address, bytes);
        }
        t.onBehalfOf(onBehalfOf);
        issue(t);
        return true;
    }

    /** Non-posted CPU requests that had to wait for a free tag. */
    public long cpuTagWaits() {
        return cpuWaits;
    }

    private long cpuWaits;
    /** The function the CPU's next requests are issued on behalf of ({@link #actFor}). */
    private int actingFor;

    /**
     * The function (a VF number, 0 for none) the requests the CPU issues from now on are on behalf
     * of: simulation bookkeeping stamped on each request TLP ({@link Tlp#onBehalfOf}), never on the
     * wire. A hypervisor's host half sets it before each request it forwards for a guest.
     */
    public void actFor(int function) {
        this.actingFor = function;
    }

    /** A CPU store of 1 to 8 bytes: a posted MWr; the store retires at once (write-combining aside). */
    public void cpuWrite(long address, int bytes, long value) {
        if (bytes < 1 || bytes > 8 || (address & 0xFFF) + bytes > 4096) {
            throw new IllegalArgumentException("MMIO write must be 1..8 bytes within a 4 KB page");
        }
        Tlp t = downstream.newTlp().setMemoryWrite(completerId, address, bytes).onBehalfOf(actingFor);
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

    /**
     * One completion for a CPU request. A read may be answered in several (split at the Read
     * Completion Boundary, §2.3.1.1): each one's bytes are placed by its Lower Address, and the
     * load retires on the last with every byte; a poisoned part (EP, §2.7.2) poisons the load.
     */
    @Override
    public void completion(int tag, long context, Tlp completion, boolean last) {
        if (completion.ep()) {
            // Poisoned data: the load must not consume it; the CPU gets all ones and the root port
            // logs the error. Counted; reported to the requester as Completer Abort on the last part.
            poisonedCompletions++;
            tagPoisoned[tag] = true;
        } else if (completion.type().hasData()) {
            int lead = completion.lowerAddress() & 3;
            int n = Math.min(completion.byteCount(), completion.lengthDw() * 4 - lead);
            // Offset of this completion's first byte in the request: Lower Address is the low 7 bits.
            int offset = (int) ((completion.lowerAddress() - tagAddress[tag]) & 0x7F);
            long v = tagValue[tag];
            for (int i = 0; i < n && offset + i < tagBytes[tag]; i++) {
                v |= (long) (completion.data()[lead + i] & 0xFF) << (8 * (offset + i));
            }
            tagValue[tag] = v;
        }
        if (last) {
            MmioListener l = cpuListener[tag];
            if (tagPoisoned[tag]) {
                int b = tagBytes[tag];
                queueRetire(context, b >= 8 ? -1L : (1L << (8 * b)) - 1, CompletionStatus.CA, l);
            } else {
                queueRetire(context, tagValue[tag], completion.status(), l);
            }
            released(tag);
        }
    }

    @Override
    public void timedOut(int tag, long context) {
        MmioListener l = cpuListener[tag];
        int q = tagQueue[tag];
        cpuListener[tag] = null;
        waiting[q].inUse--;
        l.mmioReadTimedOut(context);
        drainWaiting(q);
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
        if (cpuReads == null) {
            return 0;
        }
        long n = cpuReads.inUse();
        for (WaitQueue w : waiting) {
            n += w.count;
        }
        return n;
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
        if (t == TlpType.MWr32 || t == TlpType.MWr64) {
            boolean msi = isMsi(tlp.address()) && interrupts != null;
            long translate = msi || iommu == null ? 0 : iommu.translate(tlp.address());
            // Posted requests stay in order (§2.4.1, a posted request must not pass a posted
            // request): each lands no earlier than the one before it, so an interrupt message
            // never overtakes the data it announces.
            long at = Math.max(postedTailPs, kernel.now() + timing.ingressPs() + translate);
            postedTailPs = at;
            if (msi) {
                posted.add(-1, tlp.hasDataBuffer() ? tlp.data()[0] & 0xFF : 0, null, 0, 0);
            } else {
                writesReceived++;
                lastWriteCommitPs = at;
                int lead = Integer.numberOfTrailingZeros(tlp.firstDwBe() | 0x10);
                if (tlp.hasDataBuffer()) {
                    posted.add(tlp.address() + lead, 0, tlp.data(), lead, tlp.requestBytes());
                } else {
                    posted.add(tlp.address() + lead, 0, null, 0, 0);
                }
            }
            kernel.schedule(at, landOldest, 0);
        } else if (t == TlpType.MRd32 || t == TlpType.MRd64) {
            readsReceived++;
            int slot = queueRead(tlp.requesterId(), tlp.tag(), tlp.firstByteAddress(), tlp.requestBytes());
            long translate = iommu == null ? 0 : iommu.translate(tlp.address());
            // A read must not pass the posted writes before it (§2.4.1): it reaches memory no
            // earlier than the last of them.
            long atMemory = Math.max(postedTailPs, kernel.now() + timing.ingressPs() + translate);
            kernel.schedule(atMemory + timing.memoryReadPs() + timing.egressPs(), readDataReady, slot);
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

    /** The oldest posted request reaches memory: a write's data becomes visible, or an interrupt is delivered. */
    private void land() {
        int i = posted.head;
        if (posted.address[i] == -1) {
            int vector = posted.length[i];
            posted.remove();
            interrupts.accept(vector);
        } else {
            memory.write(posted.address[i], posted.data[i], 0, posted.length[i]);
            posted.remove();
        }
    }

    /**
     * Posted requests waiting out the ingress latency, oldest first: address (-1 for an interrupt,
     * whose vector is in {@code length}), and a copy of the data (the link recycles the TLP). The
     * buffers are kept and reused, so steady state allocates nothing.
     */
    private static final class PostedQueue {
        long[] address = new long[16];
        int[] length = new int[16];
        byte[][] data = new byte[16][];
        int head;
        int size;

        void add(long addr, int vector, byte[] src, int offset, int bytes) {
            if (size == address.length) {
                grow();
            }
            int i = (head + size) & (address.length - 1);
            address[i] = addr;
            if (addr == -1) {
                length[i] = vector;
            } else {
                length[i] = bytes;
                if (data[i] == null || data[i].length < bytes) {
                    data[i] = new byte[Math.max(64, Integer.highestOneBit(Math.max(1, bytes - 1)) << 1)];
                }
                if (bytes > 0) {
                    System.arraycopy(src, offset, data[i], 0, bytes);
                }
            }
            size++;
        }

        void remove() {
            head = (head + 1) & (address.length - 1);
            size--;
        }

        private void grow() {
            int n = address.length;
            long[] a = new long[n * 2];
            int[] l = new int[n * 2];
            byte[][] d = new byte[n * 2][];
            for (int k = 0; k < n; k++) {
                int i = (head + k) & (n - 1);
                a[k] = address[i];
                l[k] = length[i];
                d[k] = data[i];
            }
            address = a;
            length = l;
            data = d;
            head = 0;
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

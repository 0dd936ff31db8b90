package org.virtiosim.pcie.host;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.pcie.link.LinkDirection;
import org.virtiosim.pcie.link.TlpSink;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.tlp.TlpType;

/**
 * The root complex as a completer for device DMA: memory writes land in {@link HostMemory} after
 * the ingress latency; memory reads are answered with completions after ingress, DRAM and egress
 * latencies, split as PCI Express Base Specification Rev. 6.0 §2.3.1.1 allows: at naturally
 * aligned boundaries of the Read Completion Boundary or, as most current root complexes do and
 * pcie-bench's model assumes by default, of Max_Payload_Size.
 *
 * <p>DRAM is modelled as a fixed latency with unlimited parallelism: at the link rates studied,
 * memory bandwidth is not the bottleneck.
 */
public final class RootComplex implements TlpSink {
    private final Kernel kernel;
    private final HostMemory memory;
    private final RootComplexTiming timing;
    private final int completerId;
    private final int completionSplit;
    private LinkDirection downstream;

    // Reads waiting for their data, in arrival order (constant latency keeps them in order).
    private int[] readRequester = new int[64];
    private int[] readTag = new int[64];
    private long[] readAddress = new long[64];
    private int[] readBytes = new int[64];
    private int readHead;
    private int readSize;
    private final Handler readDataReady = arg -> completeOldestRead();

    private long writesReceived;
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

    /** Where completions go: the downstream direction of the root port's link. */
    public void attach(LinkDirection toDevice) {
        this.downstream = toDevice;
    }

    public HostMemory memory() {
        return memory;
    }

    @Override
    public void receive(Tlp tlp) {
        TlpType t = tlp.type();
        if (t == TlpType.MWr32 || t == TlpType.MWr64) {
            writesReceived++;
            if (tlp.hasDataBuffer()) {
                int lead = Integer.numberOfTrailingZeros(tlp.firstDwBe() | 0x10);
                memory.write(tlp.address() + lead, tlp.data(), lead, tlp.requestBytes());
            }
        } else if (t == TlpType.MRd32 || t == TlpType.MRd64) {
            readsReceived++;
            queueRead(tlp.requesterId(), tlp.tag(), tlp.firstByteAddress(), tlp.requestBytes());
            kernel.scheduleIn(timing.ingressPs() + timing.memoryReadPs() + timing.egressPs(), readDataReady, 0);
        } else if (t.isCompletion()) {
            // Completions for CPU-issued reads are handled by the CPU side (not yet modelled here).
        } else {
            // I/O and configuration requests are never sent upstream by an endpoint: Unsupported Request.
            Tlp ur = downstream.newTlp();
            ur.setCompletion(completerId, CompletionStatus.UR, tlp.requesterId(), tlp.tag(), 0, 0, 0);
            downstream.send(ur);
        }
    }

    private void queueRead(int requester, int tag, long address, int bytes) {
        if (readSize == readTag.length) {
            int n = readTag.length;
            int[] r2 = new int[n * 2];
            int[] t2 = new int[n * 2];
            long[] a2 = new long[n * 2];
            int[] b2 = new int[n * 2];
            for (int k = 0; k < readSize; k++) {
                int i = (readHead + k) & (n - 1);
                r2[k] = readRequester[i];
                t2[k] = readTag[i];
                a2[k] = readAddress[i];
                b2[k] = readBytes[i];
            }
            readRequester = r2;
            readTag = t2;
            readAddress = a2;
            readBytes = b2;
            readHead = 0;
        }
        int i = (readHead + readSize) & (readTag.length - 1);
        readRequester[i] = requester;
        readTag[i] = tag;
        readAddress[i] = address;
        readBytes[i] = bytes;
        readSize++;
    }

    private void completeOldestRead() {
        int i = readHead;
        readHead = (readHead + 1) & (readTag.length - 1);
        readSize--;
        long address = readAddress[i];
        int remaining = readBytes[i];
        while (remaining > 0) {
            // Up to the next naturally aligned boundary of the split size.
            int chunk = (int) Math.min(remaining, completionSplit - (address & (completionSplit - 1)));
            Tlp cpl = downstream.newTlp();
            cpl.setCompletion(completerId, CompletionStatus.SC, readRequester[i], readTag[i], remaining,
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

package org.virtiosim.pcie.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.pcie.host.HostMemory;
import org.virtiosim.pcie.host.RootComplex;
import org.virtiosim.pcie.host.RootComplexTiming;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.tlp.TlpPool;
import org.virtiosim.pcie.tlp.TlpType;
import org.virtiosim.pcie.txn.OutstandingRequests;

/**
 * The TLP transport allocates nothing per packet in steady state: a device keeps 32 reads of 256 B
 * in flight and writes 256 B for every read completed, through a link and the root complex with
 * its memory. Compared as in sim-core's SteadyStateAllocationTest: a window ten times longer must
 * not allocate more.
 */
class TransportAllocationTest {
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void dmaReadsAndWritesAllocateNothingPerTlp() {
        Kernel kernel = new Kernel();
        Link link = new Link(kernel, new LinkConfig(LinkGeneration.GEN4, 8, 256, DllpPolicy.SPEC, 50_000), "l", new TlpPool(),
                LinkGeneration.GEN4.defaultReceiverCredits(), LinkGeneration.GEN4.defaultReceiverCredits());
        RootComplex rc = new RootComplex(kernel, new HostMemory(), RootComplexTiming.DEFAULT, 0, 64);
        rc.attach(link.downstream());
        LinkDirection up = link.upstream();
        long[] next = {0};
        OutstandingRequests[] reqs = new OutstandingRequests[1];
        OutstandingRequests.Listener listener = new OutstandingRequests.Listener() {
            @Override
            public void completion(int tag, long context, Tlp completion, boolean last) {
                if (last) {
                    long a = 0x1_0000_0000L + (next[0]++ & 1023) * 256;
                    Tlp w = up.newTlp().setMemoryWrite(0x100, a, 256);
                    w.ensureData(256)[0] = (byte) tag;
                    up.send(w);
                    int t = reqs[0].allocate(0, 256);
                    up.send(up.newTlp().setMemoryRead(0x100, t, a, 256));
                }
            }

            @Override
            public void timedOut(int tag, long context) {
                throw new AssertionError("timeout");
            }
        };
        reqs[0] = new OutstandingRequests(kernel, 256, 50_000_000_000L, listener);
        link.connect(rc, t -> {
            if (t.type() == TlpType.CplD) {
                reqs[0].complete(t);
            }
        });
        for (int i = 0; i < 32; i++) {
            int t = reqs[0].allocate(0, 256);
            up.send(up.newTlp().setMemoryRead(0x100, t, 0x1_0000_0000L + 256L * i, 256));
        }
        kernel.run(2_000_000_000L); // 2 ms: pools, rings and pages reach their size; code compiles
        long before = allocated();
        long tlps0 = up.tlpsSent();
        kernel.run(kernel.now() + 200_000_000L);
        long shortWindow = allocated() - before;
        before = allocated();
        kernel.run(kernel.now() + 2_000_000_000L);
        long longWindow = allocated() - before;
        long tlps = up.tlpsSent() - tlps0;
        assertThat(tlps).isGreaterThan(100_000);
        assertThat(longWindow).as("bytes over %d TLPs vs a tenth of them (%d)", tlps, shortWindow)
                .isLessThanOrEqualTo(shortWindow + 256);
    }
}

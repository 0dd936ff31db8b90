package org.virtiosim.pcie.tlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Encode and decode allocate nothing per call once the target TLP's payload buffer has grown,
 * measured like sim-core's SteadyStateAllocationTest: the JVM's per-thread allocation counter
 * over a window ten times longer than another, so reading the counter itself cancels out.
 */
class TlpCodecAllocationTest {

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static final class Loop {
        final Tlp[] tlps = new Tlp[4];
        final Tlp out = new Tlp();
        final byte[] wire = new byte[16 + 4096 + 4];
        long sink;

        Loop() {
            tlps[0] = new Tlp().setMemoryRead(0x0100, 0x3A5, 0x12_3456_7000L, 512).td(true);
            tlps[1] = new Tlp().setMemoryWrite(0x0100, 0xF000_0000L, 256).td(true);
            tlps[1].ensureData(256);
            tlps[2] = new Tlp().setCompletion(0, CompletionStatus.SC, 0x0100, 0x3A5, 4096, 0, 4096);
            tlps[2].ensureData(4096);
            tlps[3] = new Tlp().setConfig(true, 0, 1, 0x0300, 0x104, 4);
            tlps[3].ensureData(4);
        }

        void run(int n) {
            for (int i = 0; i < n; i++) {
                Tlp t = tlps[i & 3];
                int len = TlpCodec.encode(t, wire, 0);
                sink += TlpCodec.decodeFramed(wire, 0, len, out) + out.tag();
                if (t.td() && TlpCodec.ecrcMatches(wire, 0, len)) {
                    sink++;
                }
            }
        }
    }

    @Test
    void encodeAndDecodeAllocateNothingPerTlp() {
        Loop loop = new Loop();
        loop.run(200_000); // warm up: payload buffer at its largest, code compiled
        long before = allocatedBytes();
        loop.run(20_000);
        long shortWindow = allocatedBytes() - before;
        before = allocatedBytes();
        loop.run(200_000);
        long longWindow = allocatedBytes() - before;
        assertThat(loop.sink).isPositive();
        assertThat(longWindow).as("bytes over 200000 TLPs vs 20000 (%d)", shortWindow)
                .isLessThanOrEqualTo(shortWindow + 256);
    }
}

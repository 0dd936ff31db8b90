package org.virtiosim.pcie.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.pcie.fc.ReceiverCredits;
import org.virtiosim.pcie.link.DllpPolicy;
import org.virtiosim.pcie.link.Link;
import org.virtiosim.pcie.link.LinkConfig;
import org.virtiosim.pcie.link.LinkGeneration;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.tlp.TlpPool;
import org.virtiosim.pcie.tlp.TlpType;

/**
 * A device's memory write is visible to the host (a poll of host memory) only once it has crossed
 * the root port's ingress; posted requests land in order (§2.4.1), so an MSI behind a write never
 * announces data the host cannot yet see, and a device read behind a write returns the write's data.
 */
class DeviceWriteVisibilityTest {
    private static final int DEVICE_ID = 0x0100;
    private static final long INGRESS = 200_000;
    private final Kernel kernel = new Kernel();
    private final HostMemory memory = new HostMemory();
    private final List<Long> arrivals = new ArrayList<>();
    private final List<byte[]> readData = new ArrayList<>();
    private final Link link = new Link(kernel, new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.NONE, 0), "l", new TlpPool(),
            ReceiverCredits.UNSCALED_MAX, ReceiverCredits.UNSCALED_MAX);
    private final RootComplex rc = new RootComplex(kernel, memory, new RootComplexTiming(INGRESS, 50_000, 10_000), 0, 256);

    private Runnable onArrival = () -> { };

    DeviceWriteVisibilityTest() {
        rc.attach(link.downstream());
        link.connect(t -> {
            arrivals.add(kernel.now());
            rc.receive(t);
            onArrival.run();
        }, t -> {
            if (t.type() == TlpType.CplD) {
                readData.add(java.util.Arrays.copyOf(t.data(), 8));
            }
        });
    }

    private void write(long address, int value) {
        Tlp w = link.upstream().newTlp().setMemoryWrite(DEVICE_ID, address, 4);
        byte[] d = w.ensureData(4);
        d[0] = (byte) value;
        link.upstream().send(w);
    }

    /** The host polls the low byte of {@code address} at {@code t}. */
    private void pollAt(long t, long address, List<Long> seen) {
        kernel.schedule(t, arg -> seen.add(memory.readLong(address) & 0xFF), 0);
    }

    @Test
    void aPollBeforeTheIngressLatencySeesTheOldValueAndOneAfterSeesTheNew() {
        memory.write(0x3000, new byte[] {1}, 0, 1);
        List<Long> seen = new ArrayList<>();
        onArrival = () -> {
            kernel.scheduleIn(0, arg -> seen.add(memory.readLong(0x3000) & 0xFF), 0);
            kernel.scheduleIn(INGRESS - 1, arg -> seen.add(memory.readLong(0x3000) & 0xFF), 0);
            kernel.scheduleIn(INGRESS, arg -> seen.add(memory.readLong(0x3000) & 0xFF), 0);
        };
        write(0x3000, 0x42);
        kernel.runUntilIdle();
        assertThat(seen).as("on arrival, 1 ps before landing, at landing").containsExactly(1L, 1L, 0x42L);
        assertThat(rc.lastWriteCommitPs()).isEqualTo(arrivals.get(0) + INGRESS);
        assertThat(rc.writesReceived()).isEqualTo(1);
    }

    @Test
    void anInterruptBehindAWriteIsDeliveredNoEarlierThanTheWriteIsVisible() {
        List<Long> seenAtInterrupt = new ArrayList<>();
        List<Long> interruptAt = new ArrayList<>();
        rc.setInterruptListener(v -> {
            seenAtInterrupt.add(memory.readLong(0x4000) & 0xFF);
            interruptAt.add(kernel.now());
        });
        // An IOMMU miss makes the write slower than the MSI behind it would be on its own.
        rc.setIommu(new Iommu(4, 0, 300_000));
        write(0x4000, 0x99);
        write(RootComplex.MSI_BASE, 3);
        kernel.runUntilIdle();
        assertThat(seenAtInterrupt).containsExactly(0x99L);
        assertThat(interruptAt.get(0)).isGreaterThanOrEqualTo(arrivals.get(0) + INGRESS + 300_000);
    }

    @Test
    void aDeviceReadBehindAWriteReturnsTheWritesData() {
        rc.setIommu(new Iommu(4, 0, 300_000));
        write(0x5000, 0x31); // a miss: lands late
        rc.receive(link.upstream().newTlp().setMemoryRead(DEVICE_ID, 1, 0x6000, 4)); // primes 0x6000's page: a hit later
        kernel.runUntilIdle();
        readData.clear();
        write(0x7000, 0x44); // a miss again
        Tlp rd = link.upstream().newTlp().setMemoryRead(DEVICE_ID, 2, 0x7000, 4);
        link.upstream().send(rd);
        kernel.runUntilIdle();
        assertThat(readData).hasSize(1);
        assertThat(readData.get(0)[0]).isEqualTo((byte) 0x44);
    }

    @Test
    void writesLandInTheOrderTheyArrived() {
        rc.setIommu(new Iommu(4, 0, 300_000));
        write(0x8000, 1); // miss
        write(0x8000, 2); // same page: a hit, would land first if writes could pass each other
        kernel.runUntilIdle();
        assertThat(memory.readLong(0x8000) & 0xFF).isEqualTo(2);
    }
}

package org.virtiosim.pcie.bench;

import java.util.List;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.pcie.fc.ReceiverCredits;
import org.virtiosim.pcie.host.CpuTiming;
import org.virtiosim.pcie.host.HostMemory;
import org.virtiosim.pcie.host.MmioListener;
import org.virtiosim.pcie.host.RootComplex;
import org.virtiosim.pcie.host.RootComplexTiming;
import org.virtiosim.pcie.link.DllpPolicy;
import org.virtiosim.pcie.link.Link;
import org.virtiosim.pcie.link.LinkConfig;
import org.virtiosim.pcie.link.LinkDirection;
import org.virtiosim.pcie.link.LinkGeneration;
import org.virtiosim.pcie.link.TlpSink;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.tlp.TlpPool;
import org.virtiosim.pcie.tlp.TlpType;
import org.virtiosim.pcie.topology.Endpoint;
import org.virtiosim.pcie.topology.Switch;

/**
 * The latency anchors behind {@code virtio-sim bench pcie-lat}: single, unloaded transactions on
 * Gen3 x8 with the default timing parameters, each in a fresh simulation.
 */
public final class LatencyBench {
    /** Link flight latency, ps: PHY transmit and receive pipelines and the channel (calibrated). */
    public static final long DEFAULT_FLIGHT_PS = 50_000;
    /** Switch forwarding latency, ps, store-and-forward after the whole TLP has arrived (calibrated). */
    public static final long DEFAULT_SWITCH_PS = 80_000;
    /** A device register answering an MMIO read, ps: the anchor's device (assumption, see docs/parameters.md). */
    public static final long DEVICE_REGISTER_PS = 100_000;
    /** Root port completion timeout for the anchors: 50 ms, the top of the default range (§2.8). */
    public static final long COMPLETION_TIMEOUT_PS = 50_000_000_000L;

    private static final long DEVICE_BAR = 0xF000_0000L;
    private static final long HOST_BUFFER = 0x1_0000_0000L;
    private static final int DEVICE_ID = 0x0100;

    private final LinkConfig link;
    private Observer observer;

    /** Lets a caller watch each anchor's simulation: its name, kernel and links (root port first). */
    @FunctionalInterface
    public interface Observer {
        AutoCloseable attach(String anchor, Kernel kernel, List<Link> links) throws Exception;
    }

    /** Watch every anchor's simulation with {@code o} (for waveforms). */
    public LatencyBench observe(Observer o) {
        this.observer = o;
        return this;
    }

    /** Runs one anchor's simulation to idle, under the observer if there is one. */
    private void simulate(String anchor, Topology t) {
        if (observer == null) {
            t.kernel.runUntilIdle();
            return;
        }
        try (AutoCloseable watching = observer.attach(anchor, t.kernel, t.links)) {
            t.kernel.runUntilIdle();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public LatencyBench() {
        this(new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.PCIE_BENCH, DEFAULT_FLIGHT_PS));
    }

    public LatencyBench(LinkConfig link) {
        this.link = link;
    }

    public List<LatencyAnchor> run() {
        double direct = dmaRead64(false);
        double viaSwitch = dmaRead64(true);
        return List.of(
                new LatencyAnchor("dma_read_64B_round_trip", direct, 550, 550,
                        "pcie-bench data set (Neugebauer et al., SIGCOMM 2018): Gen3 x8 64 B DMA read median, as given in issue #4"),
                new LatencyAnchor("posted_write_64B_one_way", postedWrite64(), 250, 300,
                        "issue #4 calibration target: device MWr to the root complex"),
                new LatencyAnchor("cpu_mmio_read_4B_round_trip", mmioRead4(), 1000, 1000,
                        "issue #4 calibration target: CPU MMIO read of a device register"),
                new LatencyAnchor("switch_hop_one_way", (viaSwitch - direct) / 2, 110, 150,
                        "issue #4 calibration target: one switch hop"));
    }

    /** A device on the end of a link: answers MMIO reads after its register latency, records DMA completions. */
    private static final class Device implements Endpoint {
        final Kernel kernel;
        LinkDirection up;
        long lastCompletionPs = -1;
        private final java.util.ArrayDeque<long[]> reads = new java.util.ArrayDeque<>();

        Device(Kernel kernel) {
            this.kernel = kernel;
        }

        @Override
        public void attach(LinkDirection towardsRoot) {
            this.up = towardsRoot;
        }

        @Override
        public void receive(Tlp t) {
            if (t.type() == TlpType.CplD || t.type() == TlpType.Cpl) {
                lastCompletionPs = kernel.now();
            } else if (t.type() == TlpType.MRd32 || t.type() == TlpType.MRd64) {
                reads.add(new long[] {t.requesterId(), t.tag(), t.firstByteAddress(), t.requestBytes()});
                kernel.scheduleIn(DEVICE_REGISTER_PS, arg -> {
                    long[] r = reads.poll();
                    Tlp c = up.newTlp().setCompletion(DEVICE_ID, CompletionStatus.SC, (int) r[0], (int) r[1], (int) r[3],
                            (int) (r[2] & 0x7F), (int) r[3]);
                    c.ensureData(c.lengthDw() * 4);
                    up.send(c);
                }, 0);
            }
        }
    }

    /** Kernel, root complex, device, and one link or two with a switch between. */
    private final class Topology {
        final Kernel kernel = new Kernel();
        final TlpPool pool = new TlpPool();
        final RootComplex rc = new RootComplex(kernel, new HostMemory(), RootComplexTiming.DEFAULT, 0x0000, link.maxPayloadSize());
        final Device device = new Device(kernel);
        final java.util.List<Link> links = new java.util.ArrayList<>();

        Topology(boolean withSwitch) {
            rc.enableCpu(CpuTiming.DEFAULT, COMPLETION_TIMEOUT_PS);
            ReceiverCredits credits = link.generation().defaultReceiverCredits();
            Link top = new Link(kernel, link, "rp", pool, credits, credits);
            links.add(top);
            rc.attach(top.downstream());
            if (withSwitch) {
                Switch sw = new Switch(kernel, DEFAULT_SWITCH_PS);
                Link bottom = new Link(kernel, link, "dsp", pool, credits, credits);
                links.add(bottom);
                sw.attachUpstream(top.upstream());
                TlpSink fromDevice = sw.addDownstreamPort(bottom.downstream(), DEVICE_BAR, DEVICE_BAR + 0xFFFF, 1, 1);
                top.connect(rc, sw.fromAbove());
                bottom.connect(fromDevice, device);
                device.attach(bottom.upstream());
            } else {
                top.connect(rc, device);
                device.attach(top.upstream());
            }
        }
    }

    /** Round trip of a 64-byte DMA read: MRd issued by the device to the last CplD received. */
    public double dmaRead64(boolean withSwitch) {
        Topology t = new Topology(withSwitch);
        t.kernel.schedule(1_000_000, arg -> t.device.up.send(t.device.up.newTlp().setMemoryRead(DEVICE_ID, 1, HOST_BUFFER, 64)), 0);
        simulate(withSwitch ? "dma_read_64B_via_switch" : "dma_read_64B", t);
        return (t.device.lastCompletionPs - 1_000_000) / 1000.0;
    }

    /** A 64-byte posted write: MWr issued by the device to the data reaching the memory controller. */
    public double postedWrite64() {
        Topology t = new Topology(false);
        t.kernel.schedule(1_000_000, arg -> t.device.up.send(t.device.up.newTlp().setMemoryWrite(DEVICE_ID, HOST_BUFFER, 64)), 0);
        simulate("posted_write_64B", t);
        return (t.rc.lastWriteCommitPs() - 1_000_000) / 1000.0;
    }

    /** A 4-byte uncached MMIO load by the CPU of a device register, issue to retire. */
    public double mmioRead4() {
        Topology t = new Topology(false);
        long[] done = {-1};
        MmioListener l = new MmioListener() {
            @Override
            public void mmioReadDone(long context, long value, CompletionStatus status) {
                done[0] = t.kernel.now();
            }

            @Override
            public void mmioReadTimedOut(long context) {
                throw new IllegalStateException("MMIO read timed out in the latency anchor");
            }
        };
        t.kernel.schedule(1_000_000, arg -> t.rc.cpuRead(DEVICE_BAR + 0x10, 4, 0, l), 0);
        simulate("cpu_mmio_read_4B", t);
        return (done[0] - 1_000_000) / 1000.0;
    }
}

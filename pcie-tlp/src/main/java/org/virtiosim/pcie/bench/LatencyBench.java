package org.virtiosim.pcie.bench;

import java.util.List;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.pcie.fc.ReceiverCredits;
import org.virtiosim.pcie.host.HostMemory;
import org.virtiosim.pcie.host.HostModel;
import org.virtiosim.pcie.host.MmioListener;
import org.virtiosim.pcie.host.RootComplex;
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
import org.virtiosim.pcie.txn.DmaEngineTiming;

/**
 * The latency anchors behind {@code virtio-sim bench pcie-lat}, and the DMA read latencies behind
 * {@code bench dma-lat}: single, unloaded transactions, each in a fresh simulation, on a link with
 * a host model and a device DMA engine given (the compare's own, by default its defaults on
 * Gen3 x8).
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

    /** Max_Read_Request_Size of the DMA engine: the pcie-bench system's (sys-lspci.txt: MaxReadReq 512). */
    public static final int MRRS = 512;

    private final LinkConfig link;
    private final HostModel host;
    private final DmaEngineTiming engine;
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

    /** Gen3 x8, MPS 256, the calibrated flight latency: the link the anchors are calibrated on. */
    public static final LinkConfig CALIBRATION_LINK = new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.PCIE_BENCH, DEFAULT_FLIGHT_PS);

    /** The default host and DMA engine on the calibration link. */
    public LatencyBench() {
        this(CALIBRATION_LINK, HostModel.DEFAULT, DmaEngineTiming.DEFAULT);
    }

    public LatencyBench(LinkConfig link, HostModel host, DmaEngineTiming engine) {
        this.link = link;
        this.host = host;
        this.engine = engine;
    }

    public List<LatencyAnchor> run() {
        double direct = dmaRead64(false);
        double viaSwitch = dmaRead64(true);
        PcieBenchData.Point read64 = PcieBenchData.at(PcieBenchData.READ_LATENCY_NS, 64);
        return List.of(
                new LatencyAnchor("dma_read_64B_round_trip", direct, read64.value(), read64.value(),
                        "pcie-bench data set (Neugebauer et al., SIGCOMM 2018), NFP6000 Gen3 x8: 64 B DMA read median, DMA engine included"),
                new LatencyAnchor("cpu_posted_write_one_way", cpuPostedWrite4(), 250, 300,
                        "issue #4/#11 calibration target: CPU MMIO store to the MWr arriving at the device"),
                new LatencyAnchor("posted_write_64B_one_way", postedWrite64(), 250, 300,
                        "issue #4 calibration target: device MWr to its data visible in host memory"),
                new LatencyAnchor("cpu_mmio_read_4B_round_trip", mmioRead4(), 1000, 1000,
                        "issue #4 calibration target: CPU MMIO read of a device register"),
                new LatencyAnchor("switch_hop_one_way", (viaSwitch - direct) / 2, 110, 150,
                        "issue #4 calibration target: one switch hop"));
    }

    /**
     * A device on the end of a link: answers MMIO reads after its register latency, records MWr
     * arrivals, and has a DMA engine that reads host memory with the engine's costs.
     */
    private final class Device implements Endpoint {
        final Kernel kernel;
        LinkDirection up;
        long lastCompletionPs = -1;
        long lastWriteArrivalPs = -1;
        /** Read data still to come for the engine's transfer, and when it landed. */
        int readBytesDue;
        int readSize;
        long landedPs = -1;
        private final java.util.ArrayDeque<long[]> reads = new java.util.ArrayDeque<>();

        Device(Kernel kernel) {
            this.kernel = kernel;
        }

        /**
         * The DMA engine reads {@code size} bytes from {@code address}: one MRd per Max_Read_Request_Size
         * piece, each leaving after the engine's request time; the data lands the engine's per-byte
         * time after the last completion.
         */
        void dmaRead(long address, int size) {
            readBytesDue = size;
            readSize = size;
            int pieces = (size + MRRS - 1) / MRRS;
            for (int k = 0; k < pieces; k++) {
                long a = address + (long) k * MRRS;
                int n = Math.min(MRRS, size - k * MRRS);
                int tag = k + 1;
                kernel.scheduleIn((k + 1) * engine.requestPs(), arg -> up.send(up.newTlp().setMemoryRead(DEVICE_ID, tag, a, n)), 0);
            }
        }

        @Override
        public void attach(LinkDirection towardsRoot) {
            this.up = towardsRoot;
        }

        @Override
        public void receive(Tlp t) {
            if (t.type() == TlpType.CplD || t.type() == TlpType.Cpl) {
                lastCompletionPs = kernel.now();
                if (readBytesDue > 0 && t.type() == TlpType.CplD) {
                    readBytesDue -= Math.min(t.byteCount(), t.lengthDw() * 4 - (t.lowerAddress() & 3));
                    if (readBytesDue <= 0) {
                        landedPs = kernel.now() + engine.landPs(readSize);
                    }
                }
            } else if (t.type() == TlpType.MWr32 || t.type() == TlpType.MWr64) {
                lastWriteArrivalPs = kernel.now();
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
        final RootComplex rc = new RootComplex(kernel, new HostMemory(), host.rootComplex(), 0x0000, link.maxPayloadSize());
        final Device device = new Device(kernel);
        final java.util.List<Link> links = new java.util.ArrayList<>();

        Topology(boolean withSwitch) {
            rc.enableCpu(host, COMPLETION_TIMEOUT_PS, 1);
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

    /** Latency of a 64-byte DMA read, as pcie-bench measures it: see {@link #dmaRead}. */
    public double dmaRead64(boolean withSwitch) {
        return dmaRead(64, withSwitch);
    }

    /**
     * Latency of one DMA read of {@code size} bytes, nothing else outstanding: from the DMA engine
     * starting it (its request time included) to the data landed in the device (its per-byte time
     * after the last CplD), as pcie-bench's LAT_DMA_RD measures on the device.
     */
    public double dmaRead(int size, boolean withSwitch) {
        if (size < 1 || size > 4096) {
            throw new IllegalArgumentException("DMA read size must be 1..4096 bytes, got " + size);
        }
        Topology t = new Topology(withSwitch);
        t.kernel.schedule(1_000_000, arg -> t.device.dmaRead(HOST_BUFFER, size), 0);
        simulate(withSwitch ? "dma_read_" + size + "B_via_switch" : "dma_read_" + size + "B", t);
        return (t.device.landedPs - 1_000_000) / 1000.0;
    }

    /** A 4-byte CPU MMIO store: the store issued to its MWr arriving at the device. */
    public double cpuPostedWrite4() {
        Topology t = new Topology(false);
        t.kernel.schedule(1_000_000, arg -> t.rc.cpuWrite(DEVICE_BAR + 0x10, 4, 1), 0);
        simulate("cpu_posted_write_4B", t);
        return (t.device.lastWriteArrivalPs - 1_000_000) / 1000.0;
    }

    /** A 64-byte posted write: MWr issued by the device to its data visible in host memory. */
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

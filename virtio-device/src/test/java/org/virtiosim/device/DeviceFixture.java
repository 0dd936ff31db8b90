package org.virtiosim.device;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.firmware.Firmware;
import org.virtiosim.device.firmware.FixedCostFirmware;
import org.virtiosim.device.host.AccessListener;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.notify.NotifyRoute;
import org.virtiosim.device.scheme.DeviceHalf;
import org.virtiosim.device.scheme.LegacyScheme;
import org.virtiosim.pcie.fc.ReceiverCredits;
import org.virtiosim.pcie.host.CpuTiming;
import org.virtiosim.pcie.host.HostMemory;
import org.virtiosim.pcie.host.MmioListener;
import org.virtiosim.pcie.host.RootComplex;
import org.virtiosim.pcie.host.RootComplexTiming;
import org.virtiosim.pcie.link.DllpPolicy;
import org.virtiosim.pcie.link.Link;
import org.virtiosim.pcie.link.LinkConfig;
import org.virtiosim.pcie.link.LinkGeneration;
import org.virtiosim.pcie.link.TlpSink;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.tlp.TlpPool;
import org.virtiosim.pcie.tlp.TlpType;

/**
 * The small topology the testbench builds (Testbench's constructor), for tests of this module:
 * a kernel, a Gen3 x8 link with its generation's default receiver credits, a root complex with
 * host memory and CPU MMIO enabled, and the device, connected. Every TLP crossing the link is
 * copied into {@link #toDevice} or {@link #toHost} (with its arrival time) before its receiver
 * gets it, so tests can check the PCIe rules (a posted request gets no completion, a non-posted
 * one exactly one). It is also the host side's {@link HostContext} for host halves.
 */
public final class DeviceFixture implements HostContext {
    /** The testbench's calibration link: Gen3 x8, MPS 256. */
    public static final LinkConfig LINK = new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.PCIE_BENCH, 50_000);
    /** The root port's Completion Timeout and the device's own: 50 ms (PCIe §2.8, top of the default range). */
    public static final long COMPLETION_TIMEOUT_PS = 50_000_000_000L;
    /** Requester ID of the root port's MMIO requester. */
    public static final int ROOT_ID = 0x0000;

    /** A TLP as it arrived at its receiver, copied (the link recycles the original). */
    public record Seen(long timePs, Tlp tlp) {
        public TlpType type() {
            return tlp.type();
        }
    }

    public final Kernel kernel = new Kernel();
    public final TlpPool pool = new TlpPool();
    public final Link link;
    public final HostMemory memory = new HostMemory();
    public final RootComplex rc;
    public final VirtioSriovDevice device;
    public final HostTiming hostTiming;
    /** TLPs the device received, in arrival order. */
    public final List<Seen> toDevice = new ArrayList<>();
    /** TLPs the root complex received, in arrival order. */
    public final List<Seen> toHost = new ArrayList<>();
    private final Map<Class<?>, Object> shared = new HashMap<>();

    public DeviceFixture(int vfs) {
        this(vfs, DeviceTiming.DEFAULT);
    }

    public DeviceFixture(int vfs, DeviceTiming timing) {
        this(vfs, timing, new FixedCostFirmware(timing.firmwareAccessCycles(), timing.firmwareCommandCycles()),
                COMPLETION_TIMEOUT_PS, HostTiming.DEFAULT);
    }

    public DeviceFixture(int vfs, DeviceTiming timing, Firmware firmware, long completionTimeoutPs, HostTiming host) {
        this(vfs, timing, new org.virtiosim.device.firmware.DefaultFirmware(firmware), completionTimeoutPs, host);
    }

    /** A device whose firmware is {@code program}. */
    public DeviceFixture(int vfs, DeviceTiming timing, org.virtiosim.device.firmware.FirmwareProgram program) {
        this(vfs, timing, program, COMPLETION_TIMEOUT_PS, HostTiming.DEFAULT);
    }

    public DeviceFixture(int vfs, DeviceTiming timing, org.virtiosim.device.firmware.FirmwareProgram firmware, long completionTimeoutPs,
                         HostTiming host) {
        this.hostTiming = host;
        ReceiverCredits credits = LINK.generation().defaultReceiverCredits();
        this.link = new Link(kernel, LINK, "link", pool, credits, credits);
        this.rc = new RootComplex(kernel, memory, RootComplexTiming.DEFAULT, ROOT_ID, 64);
        rc.enableCpu(CpuTiming.DEFAULT, completionTimeoutPs);
        rc.attach(link.downstream());
        this.device = new VirtioSriovDevice(kernel, timing, vfs, LegacyRegisterFile::virtioNet, firmware, completionTimeoutPs);
        TlpSink hostPort = t -> {
            toHost.add(copy(t));
            rc.receive(t);
        };
        TlpSink devicePort = t -> {
            toDevice.add(copy(t));
            device.receive(t);
        };
        link.connect(hostPort, devicePort);
        device.attach(link.upstream());
    }

    private Seen copy(Tlp t) {
        Tlp c = new Tlp();
        c.copyFrom(t);
        return new Seen(kernel.now(), c);
    }

    public DeviceContext context() {
        return device.context();
    }

    /** Installs a scheme's device half with the default parameters. */
    public DeviceHalf install(LegacyScheme scheme) {
        return scheme.install(device.context(), ParamValues.defaults());
    }

    public DeviceHalf install(NotifyRoute route) {
        return route.install(device.context(), ParamValues.defaults());
    }

    /** Sends a TLP from the root port to the device, as a root complex would. */
    public void sendToDevice(Tlp t) {
        link.downstream().send(t);
    }

    public Tlp newTlp() {
        return link.downstream().newTlp();
    }

    /** A memory write of {@code bytes} little-endian bytes of {@code value} from the root port. */
    public void memoryWrite(long address, int bytes, long value) {
        Tlp t = newTlp().setMemoryWrite(ROOT_ID, address, bytes);
        byte[] d = t.ensureData(t.lengthDw() * 4);
        int lead = (int) (address & 3);
        for (int i = 0; i < bytes; i++) {
            d[lead + i] = (byte) (value >>> (8 * i));
        }
        sendToDevice(t);
    }

    /** TLPs the root complex received that satisfy {@code p}. */
    public List<Seen> toHost(Predicate<Seen> p) {
        return toHost.stream().filter(p).toList();
    }

    public List<Seen> toDevice(Predicate<Seen> p) {
        return toDevice.stream().filter(p).toList();
    }

    /** Completions the root complex received for requester tag {@code tag}. */
    public List<Seen> completionsFor(int tag) {
        return toHost(s -> s.type().isCompletion() && s.tlp().tag() == tag);
    }

    /** The little-endian value of a completion's data from its Lower Address, {@code bytes} long. */
    public static long value(Tlp cpl, int bytes) {
        int lead = cpl.lowerAddress() & 3;
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = v << 8 | (cpl.data()[lead + i] & 0xFF);
        }
        return v;
    }

    /** The little-endian value of a request's enabled bytes (up to 8). */
    public static long payload(Tlp request) {
        int lead = Integer.numberOfTrailingZeros(request.firstDwBe() | 0x10);
        int n = Math.min(8, request.requestBytes());
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | (request.data()[lead + i] & 0xFF);
        }
        return v;
    }

    /** A CPU load's outcome. */
    public static final class Load implements MmioListener {
        public long value = -1;
        public CompletionStatus status;
        public boolean timedOut;
        public long donePs = -1;
        private final Kernel kernel;

        Load(Kernel kernel) {
            this.kernel = kernel;
        }

        @Override
        public void mmioReadDone(long context, long v, CompletionStatus s) {
            if (donePs >= 0) {
                throw new AssertionError("a load retired twice");
            }
            value = v;
            status = s;
            donePs = kernel.now();
        }

        @Override
        public void mmioReadTimedOut(long context) {
            timedOut = true;
            donePs = kernel.now();
        }

        public boolean done() {
            return donePs >= 0;
        }
    }

    /** A CPU load of {@code bytes} at {@code address}. */
    public Load load(long address, int bytes) {
        Load l = new Load(kernel);
        rc.cpuRead(address, bytes, 0, l);
        return l;
    }

    /** A CPU {@code out}: a non-posted IOWr. */
    public Load ioWrite(long port, int bytes, long value) {
        Load l = new Load(kernel);
        rc.cpuIoWrite(port, bytes, value, 0, l);
        return l;
    }

    /** A host configuration read of the DW at {@code offset} of function {@code targetId}: a CfgRd0. */
    public Load configRead(int targetId, int offset) {
        Load l = new Load(kernel);
        rc.cpuConfigRead(targetId, offset, 0, l);
        return l;
    }

    /** A host configuration write: a CfgWr0. */
    public Load configWrite(int targetId, int offset, int bytes, long value) {
        Load l = new Load(kernel);
        rc.cpuConfigWrite(targetId, offset, bytes, value, 0, l);
        return l;
    }

    /** What a host half told its caller. */
    public static final class Done implements AccessListener {
        public final List<long[]> calls = new ArrayList<>();
        private final Kernel kernel;

        public Done(Kernel kernel) {
            this.kernel = kernel;
        }

        @Override
        public void accessDone(long token, long value, boolean failed) {
            calls.add(new long[] {token, value, failed ? 1 : 0, kernel.now()});
        }

        public boolean done() {
            return !calls.isEmpty();
        }

        public long value() {
            return single()[1];
        }

        public boolean failed() {
            return single()[2] != 0;
        }

        public long token() {
            return single()[0];
        }

        public long timePs() {
            return single()[3];
        }

        private long[] single() {
            if (calls.size() != 1) {
                throw new AssertionError("expected one call, got " + calls.size());
            }
            return calls.get(0);
        }
    }

    public Done done() {
        return new Done(kernel);
    }

    public void run() {
        kernel.runUntilIdle();
    }

    // ---- HostContext ----

    @Override
    public Kernel kernel() {
        return kernel;
    }

    @Override
    public RootComplex rootComplex() {
        return rc;
    }

    @Override
    public org.virtiosim.pcie.sriov.SriovLayout layout() {
        return device.layout();
    }

    @Override
    public HostTiming timing() {
        return hostTiming;
    }

    @Override
    public <T> T shared(Class<T> type, Supplier<T> make) {
        Object o = shared.get(type);
        if (o == null) {
            o = make.get();
            shared.put(type, o);
        }
        return type.cast(o);
    }

    @Override
    public org.virtiosim.device.isolation.IsolationMonitor isolation() {
        return device.isolation();
    }
}

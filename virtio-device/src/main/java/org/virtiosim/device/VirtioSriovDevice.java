package org.virtiosim.device;

import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.virtiosim.core.component.Component;
import org.virtiosim.core.component.SharedParts;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.core.slot.IntColumn;
import org.virtiosim.core.slot.LongColumn;
import org.virtiosim.core.slot.SlotTable;
import org.virtiosim.device.config.ConfigSpace;
import org.virtiosim.device.doorbell.DoorbellSteering;
import org.virtiosim.device.firmware.DefaultFirmware;
import org.virtiosim.device.firmware.Firmware;
import org.virtiosim.device.firmware.FirmwareCores;
import org.virtiosim.device.firmware.FirmwareDevice;
import org.virtiosim.device.firmware.FirmwareProgram;
import org.virtiosim.device.firmware.FirmwareRuntime;
import org.virtiosim.device.isolation.IsolationMonitor;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.legacy.WriteEffect;
import org.virtiosim.device.reset.ResetEngine;
import org.virtiosim.pcie.link.LinkDirection;
import org.virtiosim.pcie.sriov.SriovLayout;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.tlp.TlpType;
import org.virtiosim.pcie.topology.Endpoint;
import org.virtiosim.pcie.txn.OutstandingRequests;

/**
 * The virtio PCI endpoint with SR-IOV: one PF and NumVFs VFs, each VF holding its legacy register
 * state. It decodes the TLPs the link brings (memory and I/O requests by BAR through the
 * {@link BarMap} the installed schemes and notify routes fill, configuration requests by routing
 * ID, completions for its own DMA), hands them to the register blocks, and answers reads with
 * completions. Reset, firmware and doorbell steering are shared services, offered to the
 * installed halves through {@link #context()} only.
 */
public final class VirtioSriovDevice implements Endpoint {
    private final Kernel kernel;
    private final DeviceTiming timing;
    private final SriovLayout layout;
    private final LegacyRegisterFile[] vfs;
    private final FirmwareCores cores;
    private final FirmwareRuntime firmware;
    private final ResetEngine resets;
    private final DoorbellSteering doorbells;
    private final ConfigSpace config;
    /** The scheme capability in every VF's config space ({@link DeviceContext#mapVfConfig}), or null. */
    private Region capRegion;
    private int capOffset;
    private int capLength;
    private LinkDirection up;

    private final long completionTimeoutPs;
    private final BarMap bars = new BarMap();
    private final BarMap.Hit hit = new BarMap.Hit();
    private final SharedParts shared = new SharedParts();
    private final DeviceContext context = new Ports();
    private OutstandingRequests dma;
    /** The firmware's own DMA requester: its reads carry a VF's Requester ID, so its completions are told apart. */
    private OutstandingRequests firmwareDma;

    // Reads waiting for their answer, by slot: what their completion must carry.
    private final SlotTable reads = new SlotTable(64);
    private final IntColumn readRequester = reads.intColumn();
    private final IntColumn readTag = reads.intColumn();
    private final LongColumn readAddress = reads.longColumn();
    private final IntColumn readBytes = reads.intColumn();
    /** The function whose BAR the read hit: its routing ID is the completion's Completer ID (PCIe §2.2.9). */
    private final IntColumn readCompleter = reads.intColumn();

    // One waiter per VF for the end of its reset (the guest has one access outstanding per VF).
    private final Handler[] resetWaiter;
    private final long[] resetWaiterArg;

    private long unsupportedRequests;
    private final IsolationMonitor isolation;
    /** The VF the request being decoded was issued for ({@code Tlp.onBehalfOf}): what the isolation check compares. */
    private int issuer;

    // Waveform signals per VF; null unless trace() was called.
    private Probe[] pStatus;
    private Probe[] pReset;
    private Probe[] pMsix;

    /**
     * Creates per-VF signals under {@code c} ({@code vf1.status}, {@code .reset}, {@code .msix}, {@code .doorbell_kicks},
     * {@code .deferred}) and the firmware's ({@code firmware.core0_busy}, {@code firmware.core0.handler}, {@code .vf}).
     */
    public void trace(Component c) {
        int n = numVfs();
        pStatus = new Probe[n + 1];
        pReset = new Probe[n + 1];
        pMsix = new Probe[n + 1];
        Probe[] kicks = new Probe[n + 1];
        Component[] vfComponents = new Component[n + 1];
        for (int vf = 1; vf <= n; vf++) {
            Component v = c.child("vf" + vf);
            vfComponents[vf] = v;
            pStatus[vf] = v.probe("status", 8);
            pReset[vf] = v.probe("reset", 1);
            pMsix[vf] = v.probe("msix", 1);
            kicks[vf] = v.probe("doorbell_kicks", 16);
            traceVf(vf);
        }
        doorbells.trace(kicks);
        Component fw = c.child("firmware");
        cores.trace(fw);
        firmware.trace(fw, vfComponents);
    }

    /** Brings VF {@code vf}'s signals up to date after its state may have changed. */
    public void traceVf(int vf) {
        if (pStatus != null) {
            LegacyRegisterFile r = vfs[vf];
            pStatus[vf].set(r.status());
            pReset[vf].set(r.resetInProgress() ? 1 : 0);
            pMsix[vf].set(r.msixEnabled() ? 1 : 0);
        }
    }

    /**
     * A device whose firmware is a cost model run as {@link DefaultFirmware}.
     *
     * @param completionTimeoutPs the Completion Timeout of the device's own DMA reads
     */
    public VirtioSriovDevice(Kernel kernel, DeviceTiming timing, int numVfs, IntFunction<LegacyRegisterFile> registers,
                             Firmware firmware, long completionTimeoutPs) {
        this(kernel, timing, numVfs, registers, new DefaultFirmware(firmware), completionTimeoutPs);
    }

    /**
     * @param program the device's firmware, run on its firmware cores
     * @param completionTimeoutPs the Completion Timeout of the device's own DMA reads
     */
    public VirtioSriovDevice(Kernel kernel, DeviceTiming timing, int numVfs, IntFunction<LegacyRegisterFile> registers,
                             FirmwareProgram program, long completionTimeoutPs) {
        AddressMap.requireVfs(numVfs);
        this.kernel = kernel;
        this.timing = timing;
        this.completionTimeoutPs = completionTimeoutPs;
        this.layout = new SriovLayout(AddressMap.PF_ROUTING_ID, AddressMap.FIRST_VF_OFFSET, AddressMap.VF_STRIDE, numVfs,
                Bar.VF_BAR2.base(), Bar.VF_BAR2.size());
        this.vfs = new LegacyRegisterFile[numVfs + 1];
        for (int vf = 1; vf <= numVfs; vf++) {
            vfs[vf] = registers.apply(vf);
        }
        this.cores = new FirmwareCores(kernel, timing.firmwareCores());
        this.resetWaiter = new Handler[numVfs + 1];
        this.resetWaiterArg = new long[numVfs + 1];
        this.resets = new ResetEngine(kernel, timing.ps(timing.resetCycles()), timing.parallelResets(), this::resetDone);
        this.doorbells = new DoorbellSteering(kernel, timing.ps(timing.doorbellCycles()), numVfs);
        this.config = new ConfigSpace(layout, Bar.VF_BAR2.index(), vfs);
        this.isolation = new IsolationMonitor(numVfs);
        this.firmware = new FirmwareRuntime(kernel, timing.clockPs(), cores, program, new FirmwareSide());
        if (program.routesNotifies()) {
            doorbells.routeThrough(firmware::notify);
        }
    }

    /** The firmware program running on the cores, and what it has done. */
    public FirmwareRuntime firmware() {
        return firmware;
    }

    /** The isolation check's state: which requests issued for one VF reached another. */
    public IsolationMonitor isolation() {
        return isolation;
    }

    @Override
    public void attach(LinkDirection towardsRoot) {
        this.up = towardsRoot;
    }

    /** What the device offers the halves installed in it: the narrow view, not this class. */
    public DeviceContext context() {
        return context;
    }

    public Kernel kernel() {
        return kernel;
    }

    public DeviceTiming timing() {
        return timing;
    }

    public SriovLayout layout() {
        return layout;
    }

    public int numVfs() {
        return vfs.length - 1;
    }

    public LegacyRegisterFile vf(int vf) {
        return vfs[vf];
    }

    public FirmwareCores cores() {
        return cores;
    }

    public DoorbellSteering doorbells() {
        return doorbells;
    }

    private WriteEffect applyLegacyWrite(int vf, int offset, int size, long value) {
        LegacyRegisterFile r = vfs[vf];
        WriteEffect effect = r.write(offset, size, value);
        if (effect == WriteEffect.RESET_REQUESTED) {
            firmware.reset(vf);
        } else if (effect == WriteEffect.QUEUE_NOTIFY) {
            doorbells.notify(vf, r.effectQueue());
        }
        traceVf(vf);
        return effect;
    }

    /**
     * A reset the guest did not ask for (a Function Level Reset by the host, a firmware crash): the
     * VF's state goes to its reset values once the reset engine has run, and until then accesses
     * see a VF in reset.
     */
    public void surpriseReset(int vf) {
        if (!vfs[vf].resetInProgress()) {
            vfs[vf].beginReset();
            firmware.reset(vf);
            traceVf(vf);
        }
    }

    private void whenResetDone(int vf, Handler h, long arg) {
        if (!vfs[vf].resetInProgress()) {
            h.handle(arg);
            return;
        }
        if (resetWaiter[vf] != null) {
            throw new IllegalStateException("VF " + vf + ": a second access waits for the same reset");
        }
        resetWaiter[vf] = h;
        resetWaiterArg[vf] = arg;
    }

    private void resetDone(int vf) {
        firmware.resetDone(vf);
    }

    /** The end of a reset as the firmware finishes it: the VF's reset values, and the access waiting for them. */
    private void finishReset(int vf) {
        vfs[vf].completeReset();
        traceVf(vf);
        Handler h = resetWaiter[vf];
        if (h != null) {
            resetWaiter[vf] = null;
            h.handle(resetWaiterArg[vf]);
        }
    }

    @Override
    public void receive(Tlp t) {
        TlpType type = t.type();
        issuer = t.onBehalfOf();
        switch (type) {
            case MRd32, MRd64 -> memoryRead(t);
            case MWr32, MWr64 -> memoryWrite(t);
            case IOWr -> {
                if (bars.decodePf(t.address(), true, hit)) {
                    hit.region.write(0, hit.offset + (int) (t.firstByteAddress() - t.address()), t.requestBytes(), payload(t));
                    completion(t.requesterId(), t.tag(), CompletionStatus.SC, 4);
                } else {
                    unsupported(t);
                }
            }
            case CfgRd0, CfgWr0 -> configAccess(t);
            case Cpl, CplD -> {
                if (firmwareDma != null && t.requesterId() != layout.pfRoutingId()) {
                    firmwareDma.complete(t);
                } else if (dma != null) {
                    dma.complete(t);
                }
            }
            default -> unsupported(t);
        }
    }

    private void configAccess(Tlp t) {
        int target = t.targetId();
        int vf = target == layout.pfRoutingId() ? 0 : layout.vfOfRoutingId(target);
        if (vf == 0 && target != layout.pfRoutingId()) {
            // No such function: a configuration request to it completes with UR (§2.3.1).
            completion(t.requesterId(), t.tag(), CompletionStatus.UR, 4);
            return;
        }
        if (vf != 0) {
            isolation.check(issuer, vf);
        }
        int register = t.registerOffset();
        boolean inCapability = vf != 0 && capRegion != null && register >= capOffset && register < capOffset + capLength;
        if (t.type() == TlpType.CfgWr0) {
            byte[] d = t.data();
            int v = d == null ? 0 : (d[0] & 0xFF) | (d[1] & 0xFF) << 8 | (d[2] & 0xFF) << 16 | (d[3] & 0xFF) << 24;
            if (inCapability) {
                int lead = Integer.numberOfTrailingZeros(t.firstDwBe() | 0x10);
                capRegion.write(vf, register - capOffset + lead, Integer.bitCount(t.firstDwBe()), (v & 0xFFFF_FFFFL) >>> (8 * lead));
                up.send(up.newTlp().setCompletion(target, CompletionStatus.SC, t.requesterId(), t.tag(), 4, 0, 0));
                return;
            }
            config.writeDword(vf, t.registerOffset(), t.firstDwBe(), v);
            if (vf != 0) {
                traceVf(vf);
            }
            up.send(up.newTlp().setCompletion(target, CompletionStatus.SC, t.requesterId(), t.tag(), 4, 0, 0));
        } else if (inCapability) {
            // Answered by the capability, now or later: a CplD of the DW, Byte Count 4, Lower Address 0 (§2.2.9.1).
            capRegion.read(vf, register - capOffset, 4, slot(t, target, 0, 4));
        } else {
            int v = config.readDword(vf, t.registerOffset());
            Tlp c = up.newTlp().setCompletion(target, CompletionStatus.SC, t.requesterId(), t.tag(), 4, 0, 4);
            byte[] d = c.ensureData(4);
            for (int i = 0; i < 4; i++) {
                d[i] = (byte) (v >>> (8 * i));
            }
            up.send(c);
        }
    }

    public ConfigSpace config() {
        return config;
    }

    private void memoryRead(Tlp t) {
        long a = t.firstByteAddress();
        int vf = layout.vfOfAddress(a);
        if (vf != 0 ? bars.decodeVf((int) (a - layout.vfBarAddress(vf)), hit) : bars.decodePf(a, false, hit)) {
            if (vf != 0) {
                isolation.check(issuer, vf);
            }
            hit.region.read(vf, hit.offset, t.requestBytes(), slot(t, vf == 0 ? layout.pfRoutingId() : layout.vfRoutingId(vf)));
            return;
        }
        unsupported(t);
    }

    private void memoryWrite(Tlp t) {
        long a = t.firstByteAddress();
        int vf = layout.vfOfAddress(a);
        if (vf != 0 ? bars.decodeVf((int) (a - layout.vfBarAddress(vf)), hit) : bars.decodePf(a, false, hit)) {
            if (vf != 0) {
                isolation.check(issuer, vf);
            }
            hit.region.write(vf, hit.offset, t.requestBytes(), payload(t));
            return;
        }
        // A posted write nobody claims is dropped (and would be logged as an Unsupported Request, §6.2).
        unsupportedRequests++;
    }

    /** The value of a write's enabled bytes, little-endian, up to 8 bytes. */
    private static long payload(Tlp t) {
        if (!t.hasDataBuffer()) {
            return 0;
        }
        byte[] d = t.data();
        int lead = Integer.numberOfTrailingZeros(t.firstDwBe() | 0x10);
        int n = Math.min(8, t.requestBytes());
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | (d[lead + i] & 0xFF);
        }
        return v;
    }

    private int slot(Tlp t, int completer) {
        return slot(t, completer, t.firstByteAddress(), t.requestBytes());
    }

    /** A read waiting for its region's answer, to be completed as {@code bytes} from {@code address}. */
    private int slot(Tlp t, int completer, long address, int bytes) {
        int s = reads.allocate();
        readCompleter.set(s, completer);
        readRequester.set(s, t.requesterId());
        readTag.set(s, t.tag());
        readAddress.set(s, address);
        readBytes.set(s, bytes);
        return s;
    }

    private void complete(int slot, long value) {
        reads.free(slot);
        int bytes = readBytes.get(slot);
        long a = readAddress.get(slot);
        Tlp c = up.newTlp().setCompletion(readCompleter.get(slot), CompletionStatus.SC, readRequester.get(slot), readTag.get(slot),
                bytes, (int) (a & 0x7F), bytes);
        byte[] d = c.ensureData(c.lengthDw() * 4);
        int lead = (int) (a & 3);
        for (int i = 0; i < bytes && i < 8; i++) {
            d[lead + i] = (byte) (value >>> (8 * i));
        }
        up.send(c);
    }

    private void completion(int requester, int tag, CompletionStatus status, int byteCount) {
        up.send(up.newTlp().setCompletion(layout.pfRoutingId(), status, requester, tag, byteCount, 0, 0));
    }

    private void unsupported(Tlp t) {
        unsupportedRequests++;
        if (t.type().isNonPosted()) {
            completion(t.requesterId(), t.tag(), CompletionStatus.UR, 4);
        }
    }

    /** The device's own DMA reads that got no completion in time (0 if it has no DMA requester). */
    public long dmaCompletionTimeouts() {
        return dma == null ? 0 : dma.timeouts();
    }

    /** Completions for the device's DMA that matched no outstanding read. */
    public long dmaUnexpectedCompletions() {
        return dma == null ? 0 : dma.unexpectedCompletions();
    }

    /** Requests no register block claimed. */
    public long unsupportedRequests() {
        return unsupportedRequests;
    }

    /** Bytes of legacy state per VF, as the register file reports it. */
    public int legacyStateBytesPerVf() {
        return vfs[1].stateBytes();
    }

    /** What the firmware program reaches of the device. */
    private final class FirmwareSide implements FirmwareDevice {
        @Override
        public int numVfs() {
            return vfs.length - 1;
        }

        @Override
        public LegacyRegisterFile vf(int vf) {
            return vfs[vf];
        }

        @Override
        public WriteEffect applyLegacyWrite(int vf, int offset, int size, long value) {
            return VirtioSriovDevice.this.applyLegacyWrite(vf, offset, size, value);
        }

        @Override
        public void startReset(int vf) {
            resets.request(vf);
        }

        @Override
        public void finishReset(int vf) {
            VirtioSriovDevice.this.finishReset(vf);
        }

        @Override
        public void kick(int vf, int queue) {
            doorbells.kick(vf, queue);
        }

        @Override
        public void raiseMsix(int vf, int vector) {
            Tlp t = up.newTlp().setMemoryWrite(layout.vfRoutingId(vf), AddressMap.MSI_ADDRESS, 4);
            byte[] d = t.ensureData(4);
            for (int i = 0; i < 4; i++) {
                d[i] = (byte) (vector >>> (8 * i));
            }
            up.send(t);
        }

        @Override
        public OutstandingRequests enableFirmwareDma(int tags, OutstandingRequests.Listener listener) {
            if (firmwareDma == null) {
                firmwareDma = new OutstandingRequests(kernel, tags, completionTimeoutPs, listener);
            }
            return firmwareDma;
        }

        @Override
        public void dmaRead(int vf, int tag, long address, int bytes) {
            up.send(up.newTlp().setMemoryRead(layout.vfRoutingId(vf), tag, address, bytes));
        }

        @Override
        public void dmaWrite(int vf, long address, byte[] src, int at, int bytes) {
            Tlp t = up.newTlp().setMemoryWrite(layout.vfRoutingId(vf), address, bytes);
            System.arraycopy(src, at, t.ensureData(t.lengthDw() * 4), (int) (address & 3), bytes);
            up.send(t);
        }
    }

    /** The narrow view of the device its installed halves get. */
    private final class Ports implements DeviceContext {
        @Override
        public Kernel kernel() {
            return kernel;
        }

        @Override
        public DeviceTiming timing() {
            return timing;
        }

        @Override
        public SriovLayout layout() {
            return layout;
        }

        @Override
        public int numVfs() {
            return config.numVfs();
        }

        @Override
        public boolean vfEnable() {
            return config.vfEnable();
        }

        @Override
        public LegacyRegisterFile vf(int vf) {
            return vfs[vf];
        }

        @Override
        public FirmwareRuntime firmware() {
            return firmware;
        }

        @Override
        public FirmwareCores cores() {
            return cores;
        }

        @Override
        public DoorbellSteering doorbells() {
            return doorbells;
        }

        @Override
        public void decodedFor(int vf) {
            isolation.check(issuer, vf);
        }

        @Override
        public IsolationMonitor isolation() {
            return isolation;
        }

        @Override
        public void map(Bar bar, long offset, long length, Region region) {
            bars.map(bar, offset, length, region);
        }

        @Override
        public void mapVfConfig(int offset, int length, Region region) {
            if (capRegion != null) {
                throw new IllegalStateException("the VFs' config space has one scheme capability, already installed");
            }
            config.linkVfCapability(offset);
            capRegion = region;
            capOffset = offset;
            capLength = length;
        }

        @Override
        public WriteEffect applyLegacyWrite(int vf, int offset, int size, long value) {
            return VirtioSriovDevice.this.applyLegacyWrite(vf, offset, size, value);
        }

        @Override
        public void whenResetDone(int vf, Handler h, long arg) {
            VirtioSriovDevice.this.whenResetDone(vf, h, arg);
        }

        @Override
        public void complete(int slot, long value) {
            VirtioSriovDevice.this.complete(slot, value);
        }

        @Override
        public LinkDirection upstream() {
            return up;
        }

        @Override
        public OutstandingRequests enableDma(int tags, OutstandingRequests.Listener listener) {
            if (dma != null) {
                throw new IllegalStateException("the device has one DMA requester, already enabled");
            }
            dma = new OutstandingRequests(kernel, tags, completionTimeoutPs, listener);
            return dma;
        }

        @Override
        public <T> T shared(Class<T> type, Supplier<T> make) {
            return shared.get(type, make);
        }
    }
}

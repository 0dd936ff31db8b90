package org.virtiosim.testbench.compare;

import java.util.List;
import org.virtiosim.core.component.Component;
import org.virtiosim.core.component.SharedParts;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.component.Tracing;
import org.virtiosim.core.clock.Clock;
import org.virtiosim.core.clock.ClockDomain;
import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.core.stats.LatencyStats;
import java.util.ArrayList;
import java.util.function.Supplier;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.VirtioSriovDevice;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.device.config.ConfigSpace;
import org.virtiosim.device.firmware.Firmware;
import org.virtiosim.device.firmware.FixedCostFirmware;
import org.virtiosim.device.host.AccessListener;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.notify.NotifyPath;
import org.virtiosim.device.notify.NotifyRoute;
import org.virtiosim.device.scheme.DeviceHalf;
import org.virtiosim.device.scheme.LegacyScheme;
import org.virtiosim.pcie.fc.ReceiverCredits;
import org.virtiosim.pcie.host.HostMemory;
import org.virtiosim.pcie.host.MmioListener;
import org.virtiosim.pcie.host.RootComplex;
import org.virtiosim.pcie.link.Link;
import org.virtiosim.pcie.link.LinkDirection;
import org.virtiosim.pcie.sriov.SriovLayout;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.TlpPool;
import org.virtiosim.testbench.trace.Trace;
import org.virtiosim.testbench.trace.TraceRow;

/**
 * One simulation: a host (root complex, CPU, hypervisor) and the virtio SR-IOV device on one
 * link, every VF's guest running the scenario's accesses through one scheme, and queue notifies
 * through one notification path. Built fresh per run, so runs share nothing.
 */
public final class Testbench {
    private static final int QUEUE_NOTIFY = 0x10;
    /** Notifies of one VF that may await their kick at once: posted stores queue on a saturated link. */
    private static final int NOTIFY_RING = 256;

    private final CompareConfig cfg;
    private final Kernel kernel = new Kernel();
    private final RootComplex rc;
    private final Link link;
    private final VirtioSriovDevice device;
    private final LegacyScheme scheme;
    private final LegacyAccessPath path;
    private final NotifyPath notifyPath;
    /** The device halves installed, each once: the scheme's, then the notify routes'. */
    private final List<DeviceHalf> halves = new ArrayList<>();
    private final boolean notifiesOnly;
    private final List<TraceRow>[] rows;
    private final List<TraceRow>[] notifyRows;
    private boolean measuring;

    private final int[] cursor;
    private final long[] startedPs;
    /** Per VF, a ring of notify start times awaiting their queue-engine kick (kicks come in order). */
    private final long[][] notifyStart;
    private final int[] notifyHead;
    private final int[] notifyCount;
    private final LatencyStats latency = new LatencyStats("access_cycles");
    private final LatencyStats kickLatency = new LatencyStats("kick_cycles");
    private long accesses;
    private long mismatches;
    private long failed;
    private long finishedPs;
    private int running;
    private final Handler begin;
    private final Handler issue;
    private final AccessListener done;
    private final MismatchLog mismatchLog;
    private final MmioListener configWritten = new MmioListener() {
        @Override
        public void mmioReadDone(long vf, long value, CompletionStatus status) {
            path.msixChanged((int) vf, device.vf((int) vf).msixEnabled());
            finished((int) vf, 0, status != CompletionStatus.SC);
        }

        @Override
        public void mmioReadTimedOut(long vf) {
            finished((int) vf, 0, true);
        }
    };

    /** Where mismatching reads are reported (replay prints them with their trace line). */
    @FunctionalInterface
    public interface MismatchLog {
        void mismatch(int vf, TraceRow row, long got);
    }

    /** Hears every read's value (tests compare schemes with it). */
    @FunctionalInterface
    public interface ReadLog {
        void read(int vf, int rowIndex, long value);
    }

    private ReadLog readLog;

    public Testbench readLog(ReadLog log) {
        this.readLog = log;
        return this;
    }

    /**
     * @param scheme the legacy-access scheme the guests' register accesses go through
     * @param notifyRoute how queue notifies travel; null for the scheme's own way
     * @param notifiesOnly measure only the notify accesses (the notification-path table)
     */
    public Testbench(CompareConfig cfg, LegacyScheme scheme, NotifyRoute notifyRoute, boolean notifiesOnly, Trace trace,
                     MismatchLog mismatchLog) {
        this(cfg, scheme, notifyRoute, notifiesOnly, trace, mismatchLog,
                new FixedCostFirmware(cfg.device().firmwareAccessCycles(), cfg.device().firmwareCommandCycles()));
    }

    /** As the other constructor, with the device's firmware given: a firmware designer's own model. */
    public Testbench(CompareConfig cfg, LegacyScheme scheme, NotifyRoute notifyRoute, boolean notifiesOnly, Trace trace,
                     MismatchLog mismatchLog, Firmware fw) {
        this.cfg = cfg;
        this.scheme = scheme;
        this.notifiesOnly = notifiesOnly;
        this.mismatchLog = mismatchLog;
        TlpPool pool = new TlpPool();
        ReceiverCredits credits = cfg.link().generation().defaultReceiverCredits();
        this.link = new Link(kernel, cfg.link(), "link", pool, credits, credits);
        this.rc = new RootComplex(kernel, new HostMemory(), cfg.rootComplex(), 0x0000, 64);
        rc.enableCpu(cfg.hostModel(), cfg.completionTimeoutPs(), 1);
        rc.attach(link.downstream());
        this.device = new VirtioSriovDevice(kernel, cfg.device(), cfg.vfs(), LegacyRegisterFile::virtioNet, fw, cfg.completionTimeoutPs());
        link.connect(rc, device);
        device.attach(link.upstream());
        // The scheme's device half, then every notify route's: the device offers every notify
        // location (LEGACY_NOTIFY_INFO reports two of them), whichever route the host uses.
        DeviceContext dc = device.context();
        addHalf(scheme.install(dc, cfg.params()));
        for (NotifyRoute r : Catalog.NOTIFY_ROUTES.all()) {
            addHalf(r.install(dc, cfg.params()));
        }
        HostContext host = new Host();
        this.path = scheme.host(host, cfg.params());
        this.notifyPath = notifyRoute == null ? null : notifyRoute.host(host, cfg.params());
        int n = cfg.vfs();
        this.rows = new List[n + 1];
        this.notifyRows = new List[n + 1];
        for (int vf = 1; vf <= n; vf++) {
            List<TraceRow> all = trace.rowsFor(vf);
            if (notifiesOnly) {
                // Two phases: the setup without its notifies, unmeasured; then the notifies alone.
                rows[vf] = all.stream().filter(r -> !isNotify(r)).toList();
                notifyRows[vf] = all.stream().filter(Testbench::isNotify).toList();
            } else {
                rows[vf] = all;
            }
        }
        this.cursor = new int[n + 1];
        this.startedPs = new long[n + 1];
        this.notifyStart = new long[n + 1][NOTIFY_RING];
        this.notifyHead = new int[n + 1];
        this.notifyCount = new int[n + 1];
        this.begin = vf -> begin((int) vf);
        this.issue = vf -> issue((int) vf);
        this.done = (token, value, fail) -> finished((int) token, value, fail);
        // A notification path's latency runs from the guest's trap to the queue engine being kicked.
        device.doorbells().setListener((vf, queue, t) -> {
            if (notifiesOnly && measuring && notifyCount[vf] > 0) {
                long start = notifyStart[vf][notifyHead[vf]];
                notifyHead[vf] = (notifyHead[vf] + 1) & (NOTIFY_RING - 1);
                notifyCount[vf]--;
                kickLatency.record((t - start) / cfg.device().clockPs());
            }
        });
    }

    private static boolean isNotify(TraceRow r) {
        return r.op() == TraceRow.Op.W && r.offset() == QUEUE_NOTIFY && r.size() == 2;
    }

    /** Runs every VF's scenario to the end and returns what happened. */
    public RunResult run(String name) {
        measuring = !notifiesOnly;
        startAll();
        kernel.runUntilIdle();
        LinkDirection down = link.downstream();
        LinkDirection up = link.upstream();
        long[] before = {down.tlpsSent(), up.tlpsSent(), bytes(down), bytes(up), busyPs(), kernel.now(), completionTimeouts()};
        if (notifiesOnly) {
            timeoutsBefore = completionTimeouts();
            unexpectedBefore = rc.cpuUnexpectedCompletions() + device.dmaUnexpectedCompletions();
            for (int vf = 1; vf <= cfg.vfs(); vf++) {
                rows[vf] = notifyRows[vf];
                cursor[vf] = 0;
            }
            measuring = true;
            startAll();
            kernel.runUntilIdle();
        } else {
            java.util.Arrays.fill(before, 0);
        }
        long clock = cfg.device().clockPs();
        long hostBusy = busyPs() - before[4] + accesses * cfg.host().vmExitPs();
        int extra = scheme.cost(cfg.params(), cfg.vfs()).stateBytesPerVf();
        return new RunResult(name, accesses, latency, notifiesOnly ? kickLatency : null, (finishedPs - before[5]) / clock,
                down.tlpsSent() - before[0], up.tlpsSent() - before[1], bytes(down) - before[2], bytes(up) - before[3],
                hostBusy / 1000, device.legacyStateBytesPerVf() + extra, completionTimeouts() - before[6],
                mismatches, failed, checks());
    }

    /**
     * The protocol checks of {@link RunResult#CHECKS}, made at the end of every run: every CPU
     * request completed exactly once (no timeout, no unexpected completion, none left open), every
     * credit returned on both link directions, no request that no BAR claimed, and no legacy
     * write dropped or read answered stale because its VF was resetting (stale reads are allowed
     * when the mmio knob asks for them; they then show as mismatches instead).
     */
    private java.util.Map<String, String> checks() {
        java.util.Map<String, String> v = new java.util.LinkedHashMap<>();
        // A notification-path run measures only its second phase: count from there.
        long timeouts = completionTimeouts() - timeoutsBefore;
        long unexpected = rc.cpuUnexpectedCompletions() + device.dmaUnexpectedCompletions() - unexpectedBefore;
        long open = rc.cpuRequestsOutstanding();
        if (timeouts + unexpected + open + running != 0) {
            // A guest access still running at the end waits for a completion that never came (the
            // device's DMA read of a command lost, say): the same violation seen from the guest.
            v.put(RunResult.CHECKS.get(0), timeouts + " completion timeouts, " + unexpected + " unexpected completions, " + open + " open"
                    + (running == 0 ? "" : ", " + running + " VFs with an access that never finished"));
        }
        long credits = link.downstream().creditsOutstanding() + link.upstream().creditsOutstanding();
        if (credits != 0) {
            v.put(RunResult.CHECKS.get(1), credits + " credits not returned at the end");
        }
        if (device.unsupportedRequests() != 0) {
            v.put(RunResult.CHECKS.get(2), device.unsupportedRequests() + " requests no BAR claimed");
        }
        long dropped = 0;
        for (int vf = 1; vf <= cfg.vfs(); vf++) {
            dropped += device.vf(vf).droppedWrites();
        }
        long stale = 0;
        for (DeviceHalf h : halves) {
            stale += h.unrequestedStaleReads();
        }
        if (dropped + stale != 0) {
            v.put(RunResult.CHECKS.get(3), dropped + " writes dropped, " + stale + " reads answered stale during a reset");
        }
        return v;
    }

    private long timeoutsBefore;
    private long unexpectedBefore;

    private void startAll() {
        boolean open = !vfsOpened;
        vfsOpened = true;
        for (int vf = 1; vf <= cfg.vfs(); vf++) {
            running++;
            if (open) {
                // The hypervisor opens each VF before its guest runs (vfio-virtio asks the aq device where it takes notifies).
                path.open(vf, vf, opened);
            } else {
                next(vf);
            }
        }
    }

    private boolean vfsOpened;
    private final AccessListener opened = (vf, offset, fail) -> {
        if (fail) {
            failed++;
        }
        next((int) vf);
    };

    private ClockDomain clockDomain;
    private int clockProcess;

    // Waveform signals; null unless trace() was called.
    private Probe[] pAccess;

    /**
     * Creates the run's waveform signals in a hierarchy under {@code tb}: {@code link.down},
     * {@code link.up}, {@code device.vfN}, {@code device.firmware}, {@code indirect.vfN},
     * {@code aq.aqN}, and {@code host.vfN.access} (the guest access in progress: 0 idle, else
     * offset + 1, with bit 9 set for a write and 0x1FF for an MSI-X toggle). Call before run().
     */
    public Tracing trace(long seed) {
        return trace(seed, false);
    }

    /**
     * As {@link #trace(long)}; with {@code clocks}, also {@code tb.device.clk}, the device core clock
     * (a rising and a falling edge per cycle while the scenario runs: it dominates file size, so it
     * is off unless asked for).
     */
    public Tracing trace(long seed, boolean clocks) {
        Component tb = Component.root(kernel, "tb", seed);
        Component l = tb.child("link");
        link.downstream().trace(l.child("down"));
        link.upstream().trace(l.child("up"));
        device.trace(tb.child("device"));
        for (DeviceHalf h : halves) {
            h.trace(tb);
        }
        if (clocks) {
            Probe clk = tb.child("clock").probe("device_clk", 1);
            long period = cfg.device().clockPs();
            ClockDomain domain = new ClockDomain(kernel, new Clock("device_clk", period));
            Handler fall = x -> clk.set(0);
            clockProcess = domain.add(cycle -> {
                clk.set(1);
                kernel.scheduleIn(period / 2, fall, 0);
                if (running == 0 && cycle > 0) {
                    domain.sleep(clockProcess);
                }
            });
            clockDomain = domain;
        }
        Component host = tb.child("host");
        pAccess = new Probe[cfg.vfs() + 1];
        for (int vf = 1; vf <= cfg.vfs(); vf++) {
            pAccess[vf] = host.child("vf" + vf).probe("access", 10);
        }
        return tb.tracing();
    }

    /** The scheme's host half (tests look at the aq scheme's state through it). */
    public LegacyAccessPath path() {
        return path;
    }

    private static long bytes(LinkDirection d) {
        return d.tlpWireBytes() + d.dllpBytes() + d.skpBytes();
    }

    /** Requests, the CPU's and the device's own DMA reads, that got no completion in time. */
    private long completionTimeouts() {
        return rc.cpuCompletionTimeouts() + device.dmaCompletionTimeouts();
    }

    private long busyPs() {
        return (notifyPath != null ? notifyPath.hostBusyPs() : 0) + path.hostBusyPs();
    }

    private void addHalf(DeviceHalf h) {
        for (DeviceHalf x : halves) {
            if (x == h) {
                return;
            }
        }
        halves.add(h);
    }

    /** The host side as a scheme's or a route's host half sees it. */
    private final class Host implements HostContext {
        private final SharedParts shared = new SharedParts();

        @Override
        public Kernel kernel() {
            return kernel;
        }

        @Override
        public RootComplex rootComplex() {
            return rc;
        }

        @Override
        public SriovLayout layout() {
            return device.layout();
        }

        @Override
        public HostTiming timing() {
            return cfg.host();
        }

        @Override
        public <T> T shared(Class<T> type, Supplier<T> make) {
            return shared.get(type, make);
        }
    }

    private void next(int vf) {
        List<TraceRow> r = rows[vf];
        if (cursor[vf] == r.size()) {
            running--;
            finishedPs = Math.max(finishedPs, kernel.now());
            return;
        }
        kernel.scheduleIn(r.get(cursor[vf]).delayNs() * 1000, begin, vf);
    }

    /** The guest executes the access: it traps; the hypervisor handles it after the VM exit. */
    private void begin(int vf) {
        startedPs[vf] = kernel.now();
        kernel.scheduleIn(cfg.host().vmExitPs(), issue, vf);
    }

    private void issue(int vf) {
        TraceRow row = rows[vf].get(cursor[vf]);
        if (pAccess != null) {
            pAccess[vf].set(row.op() == TraceRow.Op.MSIX ? 0x1FF : (row.op() == TraceRow.Op.W ? 0x200 : 0) | (row.offset() + 1));
        }
        switch (row.op()) {
            case MSIX -> {
                // The same for every scheme: the hypervisor writes MSI-X Enable in the VF's config
                // space (a CfgWr0 to its Message Control) and notes where device config now starts.
                boolean on = row.value() == 1;
                rc.cpuConfigWrite(device.layout().vfRoutingId(vf), ConfigSpace.MSIX_MESSAGE_CONTROL, 2,
                        on ? ConfigSpace.MSIX_ENABLE : 0, vf, configWritten);
            }
            case W -> {
                boolean notify = row.offset() == QUEUE_NOTIFY && row.size() == 2;
                if (notify && notifiesOnly && measuring) {
                    if (notifyCount[vf] == NOTIFY_RING) {
                        throw new IllegalStateException("VF " + vf + ": more than " + NOTIFY_RING + " notifies awaiting their kick");
                    }
                    notifyStart[vf][(notifyHead[vf] + notifyCount[vf]) & (NOTIFY_RING - 1)] = startedPs[vf];
                    notifyCount[vf]++;
                }
                if (notify && notifyPath != null) {
                    notifyPath.notify(vf, (int) row.value(), vf, done);
                } else {
                    path.access(vf, true, row.offset(), row.size(), row.value(), vf, done);
                }
            }
            case R -> path.access(vf, false, row.offset(), row.size(), 0, vf, done);
        }
    }

    private void finished(int vf, long value, boolean fail) {
        TraceRow row = rows[vf].get(cursor[vf]);
        if (pAccess != null) {
            pAccess[vf].set(0);
        }
        if (measuring) {
            accesses++;
            latency.record((kernel.now() - startedPs[vf]) / cfg.device().clockPs());
        }
        if (fail && measuring) {
            failed++;
        }
        if (row.op() == TraceRow.Op.R && readLog != null) {
            readLog.read(vf, cursor[vf], value);
        }
        if (row.op() == TraceRow.Op.R && row.hasExpected() && value != row.value()) {
            mismatches++;
            if (mismatchLog != null) {
                mismatchLog.mismatch(vf, row, value);
            }
        }
        cursor[vf]++;
        next(vf);
    }

    public VirtioSriovDevice device() {
        return device;
    }

    public Link link() {
        return link;
    }

    public Kernel kernel() {
        return kernel;
    }

    public CompareConfig config() {
        return cfg;
    }
}

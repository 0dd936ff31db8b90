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
import org.virtiosim.core.param.Param;
import org.virtiosim.core.random.SplitMix64;
import org.virtiosim.core.stats.LatencyStats;
import java.util.ArrayList;
import java.util.function.Supplier;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.VirtioSriovDevice;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.device.config.ConfigSpace;
import org.virtiosim.device.firmware.DefaultFirmware;
import org.virtiosim.device.firmware.Firmware;
import org.virtiosim.device.firmware.FirmwareProgram;
import org.virtiosim.device.firmware.FixedCostFirmware;
import org.virtiosim.device.host.AccessListener;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.notify.NotifyPath;
import org.virtiosim.device.notify.NotifyRoute;
import org.virtiosim.device.notify.VfBarRoute;
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
    /**
     * Notifies of one VF awaiting their kick a ring holds at first (a power of two; it grows if a trace outruns it).
     * Small: it is per VF, and a guest's next access waits for its store to retire, so few kicks are ever pending.
     */
    private static final int NOTIFY_RING = 8;

    /**
     * The notify route every scheme run sends its queue notifies by (the fairness rule: the scheme
     * table measures register accesses; notifies go the same way for every scheme, and the notify
     * table is where routes are compared). Both proposals in the thread reuse the VF's
     * notification BAR for notifies.
     */
    public static final Param<NotifyRoute> NOTIFY_ROUTE = Param.of("notify_route", "", Catalog.NOTIFY_ROUTES.require(VfBarRoute.ID),
            String.join(" | ", Catalog.NOTIFY_ROUTES.ids()), Catalog.NOTIFY_ROUTES::require, NotifyRoute::id,
            "the notify route of every scheme run's queue notifies",
            "May 2023 thread: both the AQ and the MMIO proposals notify through the VF's notification BAR (vf-bar)")
            .studyValues(Catalog.NOTIFY_ROUTES.all(), "the notify table compares the routes; any of them can carry the scheme rows' notifies");
    public static final Param<Double> VF_START_SPREAD_US = Param.real("vf_start_spread_us", "µs", 100, 0, 1e7,
            "each VF's guest starts at a uniform random offset in [0, this), from the run seed",
            "assumption: guests started together reach the driver probe within about one probe's duration of one another, "
                    + "so probes still overlap (the contention studied) without running in lock-step")
            .studyRange(0.0, 1000.0, "0 is lock-step, the worst case for contention; 1 ms puts even 8 probes mostly apart");
    public static final Param<Double> THINK_JITTER_NS = Param.real("think_jitter_ns", "ns", 100, 0, 1e7,
            "a uniform random [0, this) added before each guest access, from the run seed",
            "assumption: guest driver code and cache misses between two port accesses, small against a VM exit")
            .studyRange(0.0, 1000.0, "none up to about one uncached access between two port accesses");
    public static final Param<Long> HOST_CPUS = Param.integer("host_cpus", "", 0, 0, 65535,
            "host CPUs serving VM exits, each one trapped access at a time (0: one per VF)",
            "KVM handles an exit on the trapping vCPU's thread: one per guest, one guest per VF (0); set fewer for an overcommitted host")
            .studyValues(java.util.List.of(1L, 0L), "one host CPU serving every guest (fully overcommitted) to one per VF");
    /** The knobs of the testbench itself, in the order they are listed. */
    public static final List<Param<?>> KNOBS = List.of(NOTIFY_ROUTE, VF_START_SPREAD_US, THINK_JITTER_NS, HOST_CPUS);

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
    /** The trace's phases ({@link Trace#phaseNames}), each row's, and each phase's accesses and latency sum. */
    private final List<String> phaseNames;
    private final int[][] phaseOfRow;
    private final long[] phaseAccesses;
    private final long[] phaseCycles;

    private final int[] cursor;
    private final long[] startedPs;
    /** Per VF, a ring of notify start times awaiting their queue-engine kick (kicks come in order); notify-route runs only. */
    private final long[][] notifyStart;
    private final int[] notifyHead;
    private final int[] notifyCount;
    private final LatencyStats latency = new LatencyStats("access_cycles");
    private final LatencyStats notifyLatency = new LatencyStats("notify_cycles");
    private final LatencyStats kickLatency = new LatencyStats("kick_cycles");
    private final LatencyStats openLatency = new LatencyStats("vf_open_ns");
    private final NotifyRoute notifyRoute;
    /** Per VF, the stream its start offset and think-time jitter are drawn from (by VF, so event order does not matter). */
    private final SplitMix64[] random;
    private final long startSpreadPs;
    private final long jitterPs;
    /** Host CPUs free to serve an exit, and the VFs whose trap waits for one (FIFO); unlimited when {@code cpus} is 0. */
    private final int cpus;
    private int freeCpus;
    private final int[] cpuWaiters;
    private int cpuWaitHead;
    private int cpuWaitCount;
    private final Handler openVf;
    private long accesses;
    /** The scheme's register accesses trap ({@link LegacyScheme#trapped()}); notifies and MSI-X toggles always do. */
    private final boolean registersTrapped;
    /** Per VF, its access in progress took a VM exit (and a host CPU). */
    private final boolean[] exited;
    private long vmExits;
    private long registerAccesses;
    private long notifies;
    private long mismatches;
    // Where a waveform view opens: VF 1's first register access, and the first problem (-1: none yet).
    private long firstAccessPs = -1;
    private long firstAccessDonePs = -1;
    private long firstProblemPs = -1;
    private String firstProblem;
    private long failed;
    private long finishedPs;
    private int running;
    /** Faults installed that have not (yet) taken effect while the workload ran, by spec. */
    private final java.util.Set<String> faultsNotFired = new java.util.LinkedHashSet<>();
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
     * @param notifyRoute how queue notifies travel; null for the run's {@link #NOTIFY_ROUTE}
     * @param notifiesOnly measure only the notify accesses (the notification-path table)
     */
    public Testbench(CompareConfig cfg, LegacyScheme scheme, NotifyRoute notifyRoute, boolean notifiesOnly, Trace trace,
                     MismatchLog mismatchLog) {
        this(cfg, scheme, notifyRoute, notifiesOnly, trace, mismatchLog,
                new FixedCostFirmware(cfg.device().firmwareAccessCycles(), cfg.device().firmwareCommandCycles()));
    }

    /** As the other constructor, with the device's firmware given as a cost model: a firmware designer's own costs. */
    public Testbench(CompareConfig cfg, LegacyScheme scheme, NotifyRoute notifyRoute, boolean notifiesOnly, Trace trace,
                     MismatchLog mismatchLog, Firmware fw) {
        this(cfg, scheme, notifyRoute, notifiesOnly, trace, mismatchLog, new DefaultFirmware(fw));
    }

    /** As the other constructor, with the device's firmware given as a program: a firmware designer's own behaviour. */
    public Testbench(CompareConfig cfg, LegacyScheme scheme, NotifyRoute notifyRoute, boolean notifiesOnly, Trace trace,
                     MismatchLog mismatchLog, FirmwareProgram fw) {
        this.cfg = cfg;
        this.scheme = scheme;
        this.notifiesOnly = notifiesOnly;
        this.mismatchLog = mismatchLog;
        TlpPool pool = new TlpPool();
        ReceiverCredits credits = cfg.link().generation().defaultReceiverCredits();
        this.link = new Link(kernel, cfg.link(), "link", pool, credits, credits);
        this.rc = new RootComplex(kernel, new HostMemory(), cfg.rootComplex(), org.virtiosim.device.AddressMap.ROOT_COMPLEX_ID, 64);
        rc.enableCpu(cfg.hostModel(), cfg.completionTimeoutPs(), 1);
        rc.attach(link.downstream());
        // The VF's identity (features, MAC, queues, MSI-X table, net config) is the run's parameters'; a profile set them.
        org.virtiosim.core.param.ParamValues identity = cfg.params();
        this.device = new VirtioSriovDevice(kernel, cfg.device(), cfg.vfs(), vf -> LegacyRegisterFile.virtioNet(vf, identity), fw,
                cfg.completionTimeoutPs());
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
        this.notifyRoute = notifyRoute != null ? notifyRoute : cfg.get(NOTIFY_ROUTE);
        this.notifyPath = this.notifyRoute.host(host, cfg.params());
        int n = cfg.vfs();
        this.random = new SplitMix64[n + 1];
        for (int vf = 1; vf <= n; vf++) {
            random[vf] = SplitMix64.forStream(cfg.seed(), "tb.host.vf" + vf);
        }
        this.startSpreadPs = (long) (cfg.get(VF_START_SPREAD_US) * 1_000_000);
        this.jitterPs = (long) (cfg.get(THINK_JITTER_NS) * 1000);
        this.cpus = (int) (long) cfg.get(HOST_CPUS);
        this.freeCpus = cpus;
        this.cpuWaiters = new int[n + 1];
        this.openVf = vf -> openVf((int) vf);
        this.rows = new List[n + 1];
        this.notifyRows = new List[n + 1];
        // A trace whose every row runs on every VF gives every VF the same (unmodifiable) rows: one list, not one per VF.
        boolean shared = trace.rows().stream().allMatch(r -> r.vf() == 0);
        for (int vf = 1; vf <= n; vf++) {
            if (shared && vf > 1) {
                rows[vf] = rows[1];
                notifyRows[vf] = notifyRows[1];
                continue;
            }
            List<TraceRow> all = trace.rowsFor(vf);
            if (notifiesOnly) {
                // Two phases: the setup without its notifies, unmeasured; then the notifies alone.
                rows[vf] = all.stream().filter(r -> !isNotify(r)).toList();
                notifyRows[vf] = all.stream().filter(Testbench::isNotify).toList();
            } else {
                rows[vf] = List.copyOf(all);
            }
        }
        this.phaseNames = trace.phaseNames();
        this.phaseOfRow = phasesOfRows(trace, n, notifiesOnly);
        this.phaseAccesses = new long[phaseOfRow == null ? 0 : phaseNames.size()];
        this.phaseCycles = new long[phaseAccesses.length];
        this.registersTrapped = scheme.trapped();
        this.exited = new boolean[n + 1];
        this.cursor = new int[n + 1];
        this.startedPs = new long[n + 1];
        this.notifyStart = notifiesOnly ? new long[n + 1][NOTIFY_RING] : null;
        this.notifyHead = notifiesOnly ? new int[n + 1] : null;
        this.notifyCount = notifiesOnly ? new int[n + 1] : null;
        this.begin = vf -> begin((int) vf);
        this.issue = vf -> issue((int) vf);
        this.done = (token, value, fail) -> finished((int) token, value, fail);
        // A notification path's latency runs from the guest's trap to the queue engine being kicked.
        device.doorbells().setListener((vf, queue, t) -> {
            if (notifiesOnly && measuring && notifyCount[vf] > 0) {
                long start = notifyStart[vf][notifyHead[vf]];
                notifyHead[vf] = (notifyHead[vf] + 1) & (notifyStart[vf].length - 1);
                notifyCount[vf]--;
                kickLatency.record((t - start) / cfg.device().clockPs());
            }
        });
    }

    /**
     * More notifies of one VF awaiting their kick than its ring holds (posted stores outrun the doorbell path):
     * the ring doubles, oldest first. Allocates only when it grows, a few times in a run at most.
     */
    private void growNotifyRing(int vf) {
        long[] old = notifyStart[vf];
        long[] grown = new long[old.length * 2];
        for (int k = 0; k < notifyCount[vf]; k++) {
            grown[k] = old[(notifyHead[vf] + k) & (old.length - 1)];
        }
        notifyStart[vf] = grown;
        notifyHead[vf] = 0;
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
        long hostBusy = busyPs() - before[4] + vmExits * cfg.host().vmExitPs();
        return new RunResult(name, cfg.get(org.virtiosim.device.Backing.PARAM), notifyRoute.id(), accesses, registerAccesses, notifies,
                latency, notifiesOnly ? null : notifyLatency, notifiesOnly ? kickLatency : null, (finishedPs - before[5]) / clock,
                down.tlpsSent() - before[0], up.tlpsSent() - before[1], bytes(down) - before[2], bytes(up) - before[3],
                hostBusy / 1000, openLatency, scheme.cost(cfg.params(), cfg.vfs(), device.legacyStateBytesPerVf())
                        .plusFirmwareBytesPerVf(device.firmware().memoryBytesPerVf()), completionTimeouts() - before[6],
                mismatches, failed, intermediateMacs(), deviceRefusals(), checks(), phaseFigures());
    }

    /** Per phase of a marked trace, those with accesses, in trace order; empty without markers. */
    private List<PhaseFigures> phaseFigures() {
        List<PhaseFigures> out = new ArrayList<>();
        for (int p = 0; p < phaseAccesses.length; p++) {
            if (phaseAccesses[p] > 0) {
                out.add(new PhaseFigures(phaseNames.get(p), phaseAccesses[p], phaseCycles[p], cfg.vfs(), cfg.device().clockPs()));
            }
        }
        return out;
    }

    /**
     * Per VF, the phase of each of its rows (index in {@link #phaseNames}); null without markers or in a
     * notify-route run. One array serves every VF when every row runs on every VF.
     */
    private static int[][] phasesOfRows(Trace trace, int n, boolean notifiesOnly) {
        if (trace.phases().isEmpty() || notifiesOnly) {
            return null;
        }
        int[][] out = new int[n + 1][];
        boolean shared = trace.rows().stream().allMatch(r -> r.vf() == 0);
        for (int vf = 1; vf <= n; vf++) {
            if (shared && vf > 1) {
                out[vf] = out[1];
                continue;
            }
            int[] p = new int[trace.size()];
            int k = 0;
            for (int i = 0; i < trace.size(); i++) {
                if (trace.get(i).appliesTo(vf)) {
                    p[k++] = trace.phaseOf(i);
                }
            }
            out[vf] = java.util.Arrays.copyOf(p, k);
        }
        return out;
    }

    /** Over every VF: MACs the device put into effect that the driver then overwrote before DRIVER_OK. */
    private long intermediateMacs() {
        long n = 0;
        for (int vf = 1; vf <= cfg.vfs(); vf++) {
            n += device.vf(vf).config().intermediateValues();
        }
        return n;
    }

    /** A fault installed in this run: until {@link #faultFired} it is reported as not fired (a violation, exit 1). */
    public void faultArmed(String spec) {
        faultsNotFired.add(spec);
    }

    /** The fault took effect while the workload ran. */
    public void faultFired(String spec) {
        faultsNotFired.remove(spec);
    }

    /** A fault that cannot act in this run ({@code why}: what it needs): reported as not fired, with the reason. */
    public void faultDoesNotApply(String spec, String why) {
        faultsNotApplicable.put(spec, why);
    }

    private final java.util.Map<String, String> faultsNotApplicable = new java.util.LinkedHashMap<>();

    /** A fault whose effect is known only at the end: it fired if {@code acted} says so then. */
    public void faultFiredIf(String spec, java.util.function.BooleanSupplier acted) {
        faultsJudgedAtEnd.put(spec, acted);
    }

    private final java.util.Map<String, java.util.function.BooleanSupplier> faultsJudgedAtEnd = new java.util.LinkedHashMap<>();

    /** Completions the link carried up (what a completion fault's N counts), set by the fault hook. */
    private long completionsSeen;

    public void completionSeen() {
        completionsSeen++;
    }

    /** Whether some VF's guest still has accesses to make: a fault that strikes after that tests nothing. */
    public boolean workloadRunning() {
        return running > 0;
    }

    /** The key under which faults that never fired are reported with the run's violations (not a protocol check). */
    public static final String FAULTS_FIRED = "every fault fires while the workload runs";

    /**
     * The protocol checks of {@link RunResult#CHECKS}, made at the end of every run: every CPU
     * request completed exactly once (no timeout, no unexpected completion, none left open), every
     * credit returned on both link directions, no request that no BAR claimed, and no legacy
     * write dropped or read answered stale because its VF was resetting (stale reads are allowed
     * when the mmio knob asks for them; they then show as mismatches instead). Then whether every
     * fault asked for fired.
     */
    private java.util.Map<String, String> checks() {
        java.util.Map<String, String> v = new java.util.LinkedHashMap<>();
        faultsJudgedAtEnd.forEach((spec, acted) -> {
            if (acted.getAsBoolean()) {
                faultFired(spec);
            }
        });
        if (!faultsNotFired.isEmpty()) {
            v.put(FAULTS_FIRED, String.join(", ", faultsNotFired.stream().map(f -> faultsNotApplicable.containsKey(f)
                    ? f + " (" + faultsNotApplicable.get(f) + ")" : f).toList()) + " did not fire (" + completionsSeen
                    + " completions went up; the workload ended at " + finishedPs / 1_000_000 + " µs): the run did not test what was asked");
        }
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
        org.virtiosim.device.isolation.IsolationMonitor iso = device.isolation();
        if (iso.breaches() != 0) {
            v.put(RunResult.CHECKS.get(4), iso.breaches() + " of " + iso.checked() + " requests reached another VF than the one "
                    + "they were issued for (first: issued for VF " + iso.firstIssuedFor() + ", reached VF " + iso.firstReached()
                    + "); VFs reached: " + iso.affected());
        }
        firmwareChecks(v);
        return v;
    }

    /** The firmware program's checks: its answers against the protocol, its deferred answers, its reach. */
    private void firmwareChecks(java.util.Map<String, String> v) {
        org.virtiosim.device.firmware.FirmwareRuntime fw = device.firmware();
        org.virtiosim.device.firmware.FirmwareAudit audit = fw.audit();
        if (audit.earlyStatusAnswers() != 0) {
            v.put(RunResult.CHECKS.get(5), audit.earlyStatusAnswers() + " status reads answered 0 during a reset; first: " + audit.firstEarlyStatus());
        }
        if (fw.deferredPending() != 0) {
            v.put(RunResult.CHECKS.get(6), fw.deferredPending() + " deferred answers never given; oldest: " + fw.oldestDeferred());
        }
        if (fw.crossVfAccesses() != 0) {
            v.put(RunResult.CHECKS.get(7), fw.crossVfAccesses() + " accesses to another VF's state; first: " + fw.firstCrossVfAccess());
        }
        if (audit.layoutViolations() != 0) {
            v.put(RunResult.CHECKS.get(8), audit.layoutViolations() + " admin command results outside their layout; first: "
                    + audit.firstLayoutViolation());
        }
    }

    private long timeoutsBefore;
    private long unexpectedBefore;

    private void startAll() {
        boolean open = !vfsOpened;
        vfsOpened = true;
        for (int vf = 1; vf <= cfg.vfs(); vf++) {
            running++;
            if (open) {
                // Each guest starts at its own offset; the hypervisor opens its VF first (vfio-virtio
                // asks the aq device where it takes notifies).
                long offset = startSpreadPs > 0 ? random[vf].nextLong(startSpreadPs) : 0;
                kernel.scheduleIn(offset, openVf, vf);
            } else {
                next(vf);
            }
        }
    }

    private boolean vfsOpened;

    private void openVf(int vf) {
        startedPs[vf] = kernel.now();
        path.open(vf, vf, opened);
    }

    private void vfOpened(int vf) {
        openLatency.record((kernel.now() - startedPs[vf]) / 1000);
    }

    private final AccessListener opened = (vf, offset, fail) -> {
        vfOpened((int) vf);
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

    /** VM exits the measured accesses took (each charged {@code vm_exit_ns} of host CPU time). */
    public long vmExits() {
        return vmExits;
    }

    /**
     * What the device refused as the specification requires, over the run: admin commands by
     * status and qualifier ({@code EINVAL/INVALID_MEMBER} ...), and {@code UR}, requests no BAR
     * claimed (a non-posted one answered with an Unsupported Request completion, a posted one
     * dropped). Only the kinds seen.
     */
    public java.util.Map<String, Long> deviceRefusals() {
        java.util.Map<String, Long> m = new java.util.TreeMap<>();
        for (DeviceHalf h : halves) {
            h.refused().forEach((k, n) -> m.merge(k, n, Long::sum));
        }
        if (device.unsupportedRequests() != 0) {
            m.put("UR", device.unsupportedRequests());
        }
        return m;
    }

    /** The host's one part of {@code type} a scheme or route made (the aq driver, say), or null: what fault injection reaches. */
    public <T> T hostPart(Class<T> type) {
        return hostParts.find(type);
    }

    private SharedParts hostParts;

    /** The route this run's queue notifies go by. */
    public NotifyRoute notifyRoute() {
        return notifyRoute;
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
        return notifyPath.hostBusyPs() + path.hostBusyPs();
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

        Host() {
            hostParts = shared;
        }

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

        @Override
        public org.virtiosim.device.isolation.IsolationMonitor isolation() {
            return device.isolation();
        }
    }

    private void next(int vf) {
        List<TraceRow> r = rows[vf];
        if (cursor[vf] == r.size()) {
            running--;
            finishedPs = Math.max(finishedPs, kernel.now());
            return;
        }
        long think = jitterPs > 0 ? random[vf].nextLong(jitterPs) : 0;
        kernel.scheduleIn(r.get(cursor[vf]).delayNs() * 1000 + think, begin, vf);
    }

    /**
     * The guest executes the access: it traps; a host CPU handles it after the VM exit. With a
     * limited number of host CPUs a trap waits for one (in trap order); the wait is part of the
     * access's latency. A register access of an untrapped scheme ({@code mmio-direct}) is the
     * guest's own load or store: no exit, no host CPU; a notify (whatever route it takes) and an
     * MSI-X toggle (the VF's config space is the VMM's to emulate) trap for every scheme.
     */
    private void begin(int vf) {
        startedPs[vf] = kernel.now();
        TraceRow row = rows[vf].get(cursor[vf]);
        exited[vf] = registersTrapped || row.op() == TraceRow.Op.MSIX || isNotify(row);
        if (!exited[vf]) {
            issue(vf);
            return;
        }
        if (cpus > 0) {
            if (freeCpus == 0) {
                cpuWaiters[(cpuWaitHead + cpuWaitCount++) % cpuWaiters.length] = vf;
                return;
            }
            freeCpus--;
        }
        kernel.scheduleIn(cfg.host().vmExitPs(), issue, vf);
    }

    /** The access is done: its host CPU takes the next waiting trap, if any. */
    private void releaseCpu(int finishedVf) {
        if (cpus == 0 || !exited[finishedVf]) {
            return;
        }
        if (cpuWaitCount > 0) {
            int vf = cpuWaiters[cpuWaitHead];
            cpuWaitHead = (cpuWaitHead + 1) % cpuWaiters.length;
            cpuWaitCount--;
            kernel.scheduleIn(cfg.host().vmExitPs(), issue, vf);
        } else {
            freeCpus++;
        }
    }

    private void issue(int vf) {
        TraceRow row = rows[vf].get(cursor[vf]);
        if (vf == 1 && firstAccessPs < 0 && row.op() != TraceRow.Op.MSIX) {
            firstAccessPs = kernel.now();
        }
        if (pAccess != null) {
            pAccess[vf].set(row.op() == TraceRow.Op.MSIX ? 0x1FF : (row.op() == TraceRow.Op.W ? 0x200 : 0) | (row.offset() + 1));
        }
        switch (row.op()) {
            case MSIX -> {
                // The same for every scheme: the hypervisor writes MSI-X Enable in the VF's config
                // space (a CfgWr0 to its Message Control) and notes where device config now starts.
                boolean on = row.value() == 1;
                rc.actFor(vf);
                rc.cpuConfigWrite(device.layout().vfRoutingId(vf), ConfigSpace.MSIX_MESSAGE_CONTROL, 2,
                        on ? ConfigSpace.MSIX_ENABLE : 0, vf, configWritten);
            }
            case W -> {
                boolean notify = isNotify(row);
                if (notify && notifiesOnly && measuring) {
                    if (notifyCount[vf] == notifyStart[vf].length) {
                        growNotifyRing(vf);
                    }
                    notifyStart[vf][(notifyHead[vf] + notifyCount[vf]) & (notifyStart[vf].length - 1)] = startedPs[vf];
                    notifyCount[vf]++;
                }
                if (notify) {
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
        if (vf == 1 && firstAccessDonePs < 0 && firstAccessPs >= 0) {
            firstAccessDonePs = kernel.now();
        }
        if (pAccess != null) {
            pAccess[vf].set(0);
        }
        releaseCpu(vf);
        if (measuring) {
            accesses++;
            if (exited[vf]) {
                vmExits++;
            }
            long cycles = (kernel.now() - startedPs[vf]) / cfg.device().clockPs();
            if (phaseOfRow != null) {
                int p = phaseOfRow[vf][cursor[vf]];
                phaseAccesses[p]++;
                phaseCycles[p] += cycles;
            }
            if (isNotify(row)) {
                notifies++;
                // A notify-route run measures notifies alone: they are its accesses.
                (notifiesOnly ? latency : notifyLatency).record(cycles);
            } else if (row.op() != TraceRow.Op.MSIX) {
                registerAccesses++;
                latency.record(cycles);
            }
        }
        if (fail && measuring) {
            failed++;
        }
        if (fail && firstProblemPs < 0) {
            noteProblem("VF " + vf + " access failed");
        }
        if (row.op() == TraceRow.Op.R && readLog != null) {
            readLog.read(vf, cursor[vf], value);
        }
        if (row.op() == TraceRow.Op.R && row.hasExpected() && value != row.value()) {
            mismatches++;
            if (firstProblemPs < 0) {
                noteProblem("VF " + vf + " read mismatch");
            }
            if (mismatchLog != null) {
                mismatchLog.mismatch(vf, row, value);
            }
        }
        cursor[vf]++;
        next(vf);
    }

    private void noteProblem(String what) {
        firstProblemPs = kernel.now();
        firstProblem = what;
    }

    /** When VF 1's first register access was issued (after its trap), ps; -1 if it made none. */
    public long firstAccessPs() {
        return firstAccessPs;
    }

    /** When that access completed, ps; -1 if it did not. */
    public long firstAccessDonePs() {
        return firstAccessDonePs;
    }

    /** When the first read mismatch or failed access of the run happened, ps; -1 if none did. */
    public long firstProblemPs() {
        return firstProblemPs;
    }

    /** What it was ("VF 3 read mismatch"); null if none. */
    public String firstProblem() {
        return firstProblem;
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

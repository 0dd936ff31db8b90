package org.virtiosim.testbench.trust;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.virtiosim.device.VirtioSriovDevice;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.device.host.NotifyAddresses;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.notify.PfBarRoute;
import org.virtiosim.device.notify.VfBarRoute;
import org.virtiosim.device.scheme.aq.AqHost;
import org.virtiosim.device.scheme.aq.AqNotifyRoute;
import org.virtiosim.device.scheme.aq.AqScheme;
import org.virtiosim.device.scheme.aq.command.AdminOpcode;
import org.virtiosim.device.scheme.mmio.MmioScheme;
import org.virtiosim.device.scheme.pfwindow.PfWindowScheme;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.RunResult;
import org.virtiosim.testbench.compare.Scenarios;
import org.virtiosim.testbench.compare.Testbench;
import org.virtiosim.testbench.fault.Fault;
import org.virtiosim.testbench.fault.Faults;
import org.virtiosim.testbench.fault.TrustFaults;
import org.virtiosim.testbench.study.RunPool;
import org.virtiosim.testbench.trace.Trace;
import org.virtiosim.testbench.trace.TraceException;

/**
 * What a lying or buggy PF driver or hypervisor can do under each design, measured: every
 * PF-driver fault ({@link TrustFaults}) on each scheme and notify route it applies to, at a few VFs,
 * each run beside the same run without the fault. The outcome columns are computed from the two
 * runs: what the subject VF's guest saw (reads that mismatched, accesses that failed, kicks its
 * queue lost), which other VFs' registers or kicks changed or were acted on by the device for the
 * subject, who noticed (the host's checks of LEGACY_NOTIFY_INFO, the device's refusals, the
 * isolation check), and whether that is merely wrong or a cross-VF breach. Only the "trusts"
 * column is declared ({@link TrustDeclaration}).
 *
 * <p>The workload is {@value #SCENARIO} (probe, then notifies); VF 1 is the subject where the fault
 * names one, VF 2 the other VF it is pointed at.
 */
public final class TrustStudy {
    public static final String SCENARIO = "linux-net-probe";
    /** VFs per run: enough for a neighbour and a bystander, small enough to read. */
    public static final int DEFAULT_VFS = 4;

    private final int vfs;
    private final long seed;

    public TrustStudy(int vfs, long seed) {
        if (vfs < 3) {
            throw new IllegalArgumentException("the trust study needs at least 3 VFs (a subject, a target, a bystander), got " + vfs);
        }
        this.vfs = vfs;
        this.seed = seed;
    }

    /** One fault on one scheme and route, with what it stands for. */
    private record Case(String scheme, String route, String notifyInfo, String fault, String lie) {
    }

    /** Every case, in order. The aq-member targets come from a first run (which VF the N-th command was for). */
    private List<Case> cases() {
        String neighbour = "0x" + Long.toHexString(VfBarRoute.OFFSET + org.virtiosim.device.Bar.VF_BAR2.size());
        String pastVfBars = "0x" + Long.toHexString(VfBarRoute.OFFSET + org.virtiosim.device.Bar.VF_BAR2.size() * (vfs + 16L));
        String pastBar4 = "0x" + Long.toHexString(PfBarRoute.BAR.size());
        List<Case> c = new ArrayList<>();
        c.add(new Case(AqScheme.ID, VfBarRoute.ID, "aq", "notify-info-offset@1:" + neighbour,
                "member entry: VF 2's notify register (one VF BAR further)"));
        c.add(new Case(AqScheme.ID, VfBarRoute.ID, "aq", "notify-info-offset@1:0x0", "member entry: offset 0 of VF 1's BAR2, no notify register"));
        c.add(new Case(AqScheme.ID, VfBarRoute.ID, "aq", "notify-info-offset@1:" + pastVfBars, "member entry: past every VF BAR"));
        c.add(new Case(AqScheme.ID, PfBarRoute.ID, "aq", "notify-info-offset@1:0x" + Long.toHexString(PfBarRoute.slot(2)),
                "owner entry: VF 2's slot of the PF notify area"));
        c.add(new Case(AqScheme.ID, PfBarRoute.ID, "aq", "notify-info-offset@1:" + pastBar4, "owner entry: past the end of PF BAR4"));
        c.add(new Case(AqScheme.ID, VfBarRoute.ID, "vf-cap", "notify-info-offset@1:" + neighbour,
                "member entry: VF 2's notify register; but notify_info=vf-cap asks the VF, not the PF driver"));
        c.add(new Case(PfWindowScheme.ID, VfBarRoute.ID, null, "pf-window-slot@1:2", "VF 1's guest mapped to VF 2's window"));
        c.add(new Case(PfWindowScheme.ID, VfBarRoute.ID, null, "pf-window-slot@1:" + (vfs + 1), "VF 1's guest mapped past the aperture"));
        return c;
    }

    /** The aq-member cases: the N-th command names a member that does not exist, then (from that run) another existing VF. */
    private static final long[] MEMBER_NTH = {1, 8};

    /** Runs every case; rows in a fixed order. */
    public List<TrustRow> run() {
        return run(RunPool.SEQUENTIAL);
    }

    /** Runs every case, the cases at once on {@code pool}; rows in the same fixed order. */
    public List<TrustRow> run(RunPool pool) {
        List<Supplier<List<TrustRow>>> work = new ArrayList<>();
        for (Case c : cases()) {
            work.add(() -> List.of(measure(c, pool)));
        }
        String[][] memberRuns = {{AqScheme.ID, VfBarRoute.ID}, {AqScheme.ID, PfBarRoute.ID}, {MmioScheme.ID, AqNotifyRoute.ID}};
        for (String[] sr : memberRuns) {
            for (long n : MEMBER_NTH) {
                work.add(() -> memberCase(sr[0], sr[1], n, pool));
            }
        }
        List<TrustRow> rows = new ArrayList<>();
        pool.parts(work).forEach(rows::addAll);
        return rows;
    }

    /** Command {@code n} names a VF that does not exist; then (from that run) another existing VF. */
    private List<TrustRow> memberCase(String scheme, String route, long n, RunPool pool) {
        String info = scheme.equals(AqScheme.ID) ? "aq" : null;
        Case missing = new Case(scheme, route, info, "aq-member@" + n + ":" + (vfs + 1),
                "command " + n + " names VF " + (vfs + 1) + ", which does not exist");
        TrustRow r = measure(missing, pool);
        if (r.subjectVf() == 0) {
            return List.of(r);
        }
        int other = r.subjectVf() % vfs + 1;
        return List.of(r, measure(new Case(scheme, route, info, "aq-member@" + n + ":" + other, "command " + n + " names VF " + other
                + " instead of VF " + r.subjectVf()), pool));
    }

    /** One run's view, enough to compare with another run of the same case. */
    private record Observed(RunResult result, long[] kicks, long[] state, long[] mismatches, Map<String, Long> refusals,
                            long refusedOpens, Testbench tb) {
    }

    private Observed observe(Case c, List<Fault> faults) {
        CompareConfig cfg = Scenarios.config(SCENARIO, vfs).withSeed(seed);
        if (c.notifyInfo() != null) {
            cfg = cfg.withParams(cfg.params().with(org.virtiosim.device.scheme.aq.NotifyInfoSource.PARAM,
                    org.virtiosim.device.scheme.aq.NotifyInfoSource.PARAM.parse(c.notifyInfo())));
        }
        Trace trace;
        try {
            trace = Scenarios.load(SCENARIO, vfs);
        } catch (TraceException e) {
            throw new IllegalStateException(e);
        }
        long[] mismatches = new long[vfs + 1];
        Testbench tb = new Testbench(cfg, Catalog.SCHEMES.require(c.scheme()), Catalog.NOTIFY_ROUTES.require(c.route()), false, trace,
                (vf, row, got) -> mismatches[vf]++);
        Faults.install(tb, faults);
        RunResult r = tb.run(c.scheme());
        VirtioSriovDevice d = tb.device();
        long[] kicks = new long[vfs + 1];
        long[] state = new long[vfs + 1];
        for (int vf = 1; vf <= vfs; vf++) {
            kicks[vf] = d.doorbells().kicks(vf);
            state[vf] = fingerprint(d.vf(vf));
        }
        NotifyAddresses learnt = tb.hostPart(NotifyAddresses.class);
        return new Observed(r, kicks, state, mismatches, tb.deviceRefusals(), learnt == null ? 0 : learnt.refusals(), tb);
    }

    private TrustRow measure(Case c, RunPool pool) {
        List<Fault> faults = Faults.parse(List.of(c.fault()), vfs);
        Fault f = faults.get(0);
        List<Observed> both = pool.simulations(vfs, List.of(() -> observe(c, List.of()), () -> observe(c, faults)));
        Observed base = both.get(0);
        Observed run = both.get(1);
        boolean fired = TrustFaults.fired(run.tb(), f);
        AqHost aq = run.tb().hostPart(AqHost.class);
        int subject = 0;
        if (f instanceof Fault.AqMember) {
            subject = aq == null ? 0 : aq.faults().swappedFor();
        } else if (f instanceof Fault.NotifyInfoOffset n) {
            subject = n.vf();
        } else if (f instanceof Fault.PfWindowSlot w) {
            subject = w.vf();
        }
        String hit = !fired ? "did not fire" : f instanceof Fault.AqMember ? AdminOpcode.name(aq.faults().swappedOpcode()) + " built for VF "
                + subject : "fired";
        if (!fired) {
            subject = 0;
        }
        TreeSet<Integer> others = new TreeSet<>();
        for (int vf = 1; vf <= vfs; vf++) {
            if (vf != subject && (run.kicks()[vf] != base.kicks()[vf] || run.state()[vf] != base.state()[vf]
                    || run.mismatches()[vf] != base.mismatches()[vf])) {
                others.add(vf);
            }
        }
        for (int vf : run.tb().device().isolation().affected()) {
            if (vf != subject) {
                others.add(vf);
            }
        }
        String guest = guestSees(subject, base, run);
        List<String> by = new ArrayList<>();
        if (run.refusedOpens() > base.refusedOpens()) {
            by.add(TrustRow.HOST + " (LEGACY_NOTIFY_INFO answer refused)");
        }
        List<String> refused = new ArrayList<>();
        run.refusals().forEach((k, n) -> {
            long was = base.refusals().getOrDefault(k, 0L);
            if (n > was) {
                refused.add(k + " ×" + (n - was));
            }
        });
        if (!refused.isEmpty()) {
            by.add(TrustRow.DEVICE + " (" + String.join(", ", refused) + ")");
        }
        if (run.result().violations().containsKey(RunResult.CHECKS.get(4))) {
            by.add(TrustRow.ISOLATION);
        }
        String detected = by.isEmpty() ? TrustRow.NOBODY : String.join(" + ", by);
        boolean visible = !guest.equals("nothing") || !others.isEmpty() || !by.isEmpty();
        String cls = !others.isEmpty() ? TrustRow.BREACH : visible ? TrustRow.WRONG : TrustRow.NO_EFFECT;
        return new TrustRow(c.scheme(), c.notifyInfo() == null ? "" : c.notifyInfo(), c.route(), c.fault(), c.lie(), trusts(c, f), fired, subject, hit, guest, List.copyOf(others),
                detected, cls);
    }

    /** What the subject VF's guest saw against the run without the fault. */
    private static String guestSees(int subject, Observed base, Observed run) {
        List<String> seen = new ArrayList<>();
        long failed = run.result().failed() - base.result().failed();
        if (failed != 0) {
            seen.add(failed + (failed == 1 ? " access failed" : " accesses failed"));
        }
        if (subject != 0) {
            long mis = run.mismatches()[subject] - base.mismatches()[subject];
            if (mis != 0) {
                seen.add(mis + (mis == 1 ? " read mismatched" : " reads mismatched"));
            }
            if (run.kicks()[subject] != base.kicks()[subject]) {
                seen.add("its queues kicked " + run.kicks()[subject] + " of " + base.kicks()[subject] + " times");
            }
            if (run.state()[subject] != base.state()[subject]) {
                seen.add("its registers differ at the end");
            }
        }
        return seen.isEmpty() ? "nothing" : String.join(", ", seen);
    }

    private static String trusts(Case c, Fault f) {
        if (f instanceof Fault.PfWindowSlot) {
            return TrustDeclaration.of(c.scheme()).trusts();
        }
        if (f instanceof Fault.AqMember && !c.scheme().equals(AqScheme.ID)) {
            return TrustDeclaration.of("route " + c.route()).trusts();
        }
        return TrustDeclaration.of("vf-cap".equals(c.notifyInfo()) ? "aq (notify_info=vf-cap)" : c.scheme()).trusts();
    }

    /** A VF's legacy state, read without side effects, as one number: equal states give equal numbers. */
    static long fingerprint(LegacyRegisterFile r) {
        long h = 17;
        h = h * 31 + r.guestFeatures();
        h = h * 31 + r.status();
        h = h * 31 + r.isr();
        h = h * 31 + r.queueSelect();
        h = h * 31 + r.configVector();
        h = h * 31 + (r.msixEnabled() ? 1 : 0);
        h = h * 31 + r.resetsCompleted();
        for (int q = 0; q < r.queueCount(); q++) {
            h = h * 31 + r.queuePfn(q);
            h = h * 31 + r.queueVector(q);
        }
        for (int i = 0; i < r.config().length(); i++) {
            h = h * 31 + r.config().readByte(i);
        }
        return h;
    }
}

package org.virtiosim.testbench.claims;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.virtiosim.core.registry.Registry;
import org.virtiosim.device.Backing;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.scheme.DeviceCost;
import org.virtiosim.device.window.LegacyWindow;
import org.virtiosim.testbench.compare.RunResult;
import org.virtiosim.testbench.study.StudyResult;

/**
 * The claims of the May 2023 thread the simulator can check, one registry entry each. Every
 * verdict is computed from runs by the claim's rule; a comparative one that holds or fails is
 * then put to the sensitivity analysis, and becomes {@code depends} if a parameter inside its
 * study range turns it. Claims about schemes this tool does not model yet are not listed.
 */
public final class Claims {
    private static final String THREAD = "2023-05";
    private static final String PANDIT = "Parav Pandit";
    private static final String TSIRKIN = "Michael S. Tsirkin";

    private static final ClaimPlot MEAN_CYCLES = ClaimPlot.table("Mean register-access latency", "device cycles", false, "",
            "mean", "access_cycles_mean");

    public static final Registry<Claim> REGISTRY = new Registry<>("claim", c -> String.valueOf(c.id()), List.of(
            new Claim(1, PANDIT, THREAD, "the admin queue is slower than MMIO \"by law of physics\": it moves more bits per access",
                    "holds if aq moves more link bytes per register access than mmio and its mean latency is higher", Claims::aqMovesMoreBits,
                    List.of(ClaimPlot.table("Link bytes per register access (notifies' share taken out)", "bytes", false, "",
                                    "link bytes", "link_bytes_per_register_access"),
                            MEAN_CYCLES)),
            new Claim(2, PANDIT, THREAD, "reads and writes through a config-space capability need extra redirection and are "
                    + "\"less optimal than MMIO\"",
                    "holds if cfg-cap needs more TLPs per register access than mmio and its mean latency is higher",
                    Claims::capabilityRedirection,
                    List.of(ClaimPlot.table("TLPs per register access (notifies' share taken out)", "TLPs", false, "",
                                    "TLPs", "tlps_per_register_access"),
                            MEAN_CYCLES)),
            new Claim(3, PANDIT, THREAD, "for notifies the memory BAR comes first, the I/O BAR second and the AQ third, "
                    + "\"order of magnitude apart\" in latency",
                    "holds if the kick latencies order vf-bar < io-bar < aq and each step is at least 10x", Claims::notifyOrder,
                    List.of(ClaimPlot.bars("Mean kick latency per notify route (log axis)", "device cycles", true,
                            "vf-bar", "/kick_cycles_mean_vf_bar", "io-bar", "/kick_cycles_mean_io_bar", "aq", "/kick_cycles_mean_aq"))),
            new Claim(4, PANDIT, THREAD, "a legacy MMIO window \"doesn't work well for device reset at scale\"",
                    "holds if in reset-storm at the run's VFs a stalled mmio read waits past 50 us (the lowest default Completion "
                            + "Timeout, PCIe 2.8) or times out, and answering at once reads a stale status; the series shows the "
                            + "same figures for mmio under each mmio_read_during_reset policy from the fewest to the most VFs",
                    Claims::resetAtScale,
                    List.of(seriesPlot("Longest register access in reset-storm, mmio (log axes)", "max access, ns", true,
                                    "max_access_ns"),
                            seriesPlot("Stale reads in reset-storm, mmio (log x)", "stale reads", false, "stale_reads"),
                            seriesPlot("Host busy time in reset-storm, mmio (log axes)", "host busy, ns", true, "host_busy_ns"))),
            new Claim(5, PANDIT, THREAD, "the register pair has a small footprint on the device and works for reset at scale",
                    "holds if indirect needs fewer fast-path bits per VF than mmio with hardware backing and reset-storm runs on it "
                            + "with no completion timeout and no mismatch", Claims::pairFootprint,
                    List.of(ClaimPlot.bars("Fast-path state per VF, hardware backing", "bits per VF", false,
                            "indirect", "/indirect_fast_path_bits_per_vf_hardware", "mmio", "/mmio_fast_path_bits_per_vf_hardware"))),
            new Claim(6, PANDIT, THREAD, "the MMIO window is costly hardware: it \"requires more RW registers at scale\"",
                    "holds if at 4096 VFs mmio needs more fast-path bits than both indirect and aq, under the run's backing",
                    Claims::windowRegisters,
                    List.of(ClaimPlot.table("Fast-path state at 4096 VFs (the run's backing)", "bits", false, "",
                            "fast-path bits, all VFs", "fast_path_bits_total"),
                            ClaimPlot.table("Firmware memory and BAR aperture per VF", "bytes per VF", false, "",
                                    "firmware", "firmware_bytes_per_vf", "BAR aperture", "bar_aperture_bytes_per_vf"))),
            new Claim(7, TSIRKIN + " / " + PANDIT, THREAD, "partial MAC writes: software can coalesce them into one (AQ), or the device "
                    + "can apply the MAC at the sixth byte",
                    "holds if mac-coalesced exposes no intermediate MAC through aq, and mac-bytewise none on any scheme with "
                            + "mac_apply=sixth-byte", Claims::macCoalescing,
                    List.of(ClaimPlot.table("Intermediate MACs, per scheme (scenario/mac_apply)", "MACs", false,
                            "/intermediate_macs", "bytewise/each", "mac_bytewise_each_byte", "bytewise/sixth", "mac_bytewise_sixth_byte",
                            "coalesced/each", "mac_coalesced_each_byte"))),
            new Claim(8, TSIRKIN, THREAD, "stealing space from the PF BAR for the legacy window would be the simplest",
                    "holds if pf-window's mean register-access latency is within 1% of mmio's (it costs nothing in time)",
                    Claims::pfWindowSimplest,
                    List.of(ClaimPlot.bars("Mean register-access latency", "device cycles", false,
                                    "pf-window", "/pf_window_access_cycles_mean", "mmio", "/mmio_access_cycles_mean"),
                            ClaimPlot.bars("BAR aperture per VF", "bytes", false,
                                    "pf-window", "/pf_window_bar_aperture_bytes_per_vf", "mmio", "/mmio_bar_aperture_bytes_per_vf"))),
            new Claim(9, TSIRKIN, THREAD, "kicks could go through the AQ as a slow version",
                    "holds if a kick through the aq route takes longer than through vf-bar (slow), reported as the ratio",
                    Claims::aqKicksSlow,
                    List.of(ClaimPlot.bars("Mean kick latency", "device cycles", false,
                                    "vf-bar", "/kick_cycles_mean_vf_bar", "aq", "/kick_cycles_mean_aq"),
                            ClaimPlot.bars("steady-notify, whole run", "device cycles", false,
                                    "vf-bar", "/steady_notify_total_cycles_vf_bar", "aq", "/steady_notify_total_cycles_aq"))),
            new Claim(10, TSIRKIN, THREAD, "a VF BAR that is \"exactly legacy\" lets Linux's legacy driver work \"with no software glue\"",
                    "holds if mmio-direct runs the Linux probe with no mismatch and no VM exit on register accesses, and its mean "
                            + "register-access latency is below every trapped scheme's", Claims::exactlyLegacy,
                    List.of(ClaimPlot.bars("Mean register-access latency", "device cycles", false,
                            "mmio-direct", "/mmio_direct_access_cycles_mean", "fastest trapped", "/fastest_trapped_access_cycles_mean")))));

    /** The series of claim 4, in the evidence: one point per mmio_read_during_reset policy and VF count. */
    private static ClaimPlot seriesPlot(String title, String yLabel, boolean logY, String field) {
        return new ClaimPlot.Lines(title, "VFs (log)", yLabel, true, logY, "/series", "policy", "vfs", field);
    }

    private Claims() {
    }

    /** Checks every claim (at once on the context's pool), results in id order. */
    public static List<ClaimResult> check(ClaimContext ctx) {
        List<java.util.function.Supplier<ClaimResult>> work = new ArrayList<>();
        for (Claim c : REGISTRY.all()) {
            work.add(() -> c.check(ctx));
        }
        return ctx.pool().parts(work);
    }

    private static ObjectNode evidence(ClaimContext ctx, String scenario) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("scenario", scenario);
        e.put("vfs", ctx.base().vfs());
        e.put("seed", ctx.base().seed());
        e.put("backing", org.virtiosim.core.param.Param.id(ctx.base().get(Backing.PARAM)));
        return e;
    }

    /**
     * Link bytes per register access: the row's, less what its notifies took (the same route's own
     * row gives that per notify; every scheme row sends its notifies by that one route).
     */
    private static double bytesPerAccess(RunResult r, StudyResult s) {
        return perAccess(r, s, x -> x.bytesDown() + x.bytesUp());
    }

    /** TLPs per register access, the notifies' taken out as for {@link #bytesPerAccess}. */
    private static double tlpsPerAccess(RunResult r, StudyResult s) {
        return perAccess(r, s, x -> x.tlpsDown() + x.tlpsUp());
    }

    /** {@code traffic} per register access of row {@code r}, less its notifies' share (the route row's per notify). */
    private static double perAccess(RunResult r, StudyResult s, java.util.function.ToLongFunction<RunResult> traffic) {
        RunResult route = ClaimContext.route(s, r.notifyRoute());
        double perNotify = (double) traffic.applyAsLong(route) / Math.max(1, route.notifies());
        return (traffic.applyAsLong(r) - r.notifies() * perNotify) / Math.max(1, r.registerAccesses());
    }

    /** A verdict from {@code holds}, turned into {@code depends} if the pair's order swaps inside some parameter's range. */
    private static ClaimResult compared(Claim c, ClaimContext ctx, boolean holds, ObjectNode e, String a, String b) {
        DependsOn d = ctx.turns(a, b);
        return d != null ? new ClaimResult(c, Verdict.DEPENDS, e, d) : new ClaimResult(c, holds ? Verdict.HOLDS : Verdict.REFUTED, e, null);
    }

    private static ClaimResult aqMovesMoreBits(Claim c, ClaimContext ctx) {
        return costlierThanMmio(c, ctx, "aq", Claims::bytesPerAccess);
    }

    private static ClaimResult capabilityRedirection(Claim c, ClaimContext ctx) {
        return costlierThanMmio(c, ctx, "cfg-cap", Claims::tlpsPerAccess);
    }

    /**
     * The rule of the claims that a scheme is costlier than mmio: it holds if {@code scheme} moves
     * more of {@code traffic} per register access than mmio and takes longer on average.
     */
    private static ClaimResult costlierThanMmio(Claim c, ClaimContext ctx, String scheme,
                                                java.util.function.ToDoubleBiFunction<RunResult, StudyResult> traffic) {
        StudyResult s = ctx.study("linux-net-probe");
        RunResult other = ClaimContext.scheme(s, scheme);
        RunResult mmio = ClaimContext.scheme(s, "mmio");
        ObjectNode e = evidence(ctx, "linux-net-probe");
        for (RunResult r : List.of(mmio, other)) {
            ObjectNode n = e.putObject(r.name());
            n.put("link_bytes_per_register_access", round(bytesPerAccess(r, s)));
            n.put("tlps_per_register_access", round(tlpsPerAccess(r, s)));
            n.put("access_cycles_mean", round(r.accessCycles().mean()));
        }
        boolean holds = traffic.applyAsDouble(other, s) > traffic.applyAsDouble(mmio, s)
                && other.accessCycles().mean() > mmio.accessCycles().mean();
        return compared(c, ctx, holds, e, "mmio", scheme);
    }

    private static ClaimResult notifyOrder(Claim c, ClaimContext ctx) {
        StudyResult s = ctx.study("linux-net-probe");
        double vf = ClaimContext.route(s, "vf-bar").kickCycles().mean();
        double io = ClaimContext.route(s, "io-bar").kickCycles().mean();
        double aq = ClaimContext.route(s, "aq").kickCycles().mean();
        ObjectNode e = evidence(ctx, "linux-net-probe");
        e.put("kick_cycles_mean_vf_bar", round(vf));
        e.put("kick_cycles_mean_io_bar", round(io));
        e.put("kick_cycles_mean_aq", round(aq));
        e.put("io_bar_over_vf_bar", round(io / vf));
        e.put("aq_over_io_bar", round(aq / io));
        boolean holds = vf < io && io < aq && io / vf >= 10 && aq / io >= 10;
        return new ClaimResult(c, holds ? Verdict.HOLDS : Verdict.REFUTED, e, null);
    }

    private static ClaimResult resetAtScale(Claim c, ClaimContext ctx) {
        StudyResult stall = ctx.study("reset-storm", "mmio_read_during_reset=stall");
        StudyResult stale = ctx.study("reset-storm", "mmio_read_during_reset=stale");
        RunResult a = ClaimContext.scheme(stall, "mmio");
        RunResult b = ClaimContext.scheme(stale, "mmio");
        ObjectNode e = evidence(ctx, "reset-storm");
        long clockPs = ctx.base().device().clockPs();
        long maxNs = a.accessCycles().max() * clockPs / 1000;
        e.put("stall_max_access_ns", maxNs);
        e.put("stall_completion_timeouts", a.completionTimeouts());
        e.put("stale_mismatches", b.mismatches());
        // What "v0 + sane reset" (the hypervisor polls status after the reset write) changes: the device holds nothing.
        RunResult poll = ClaimContext.scheme(ctx.study("reset-storm", "mmio_read_during_reset=host-poll"), "mmio");
        e.put("host_poll_completion_timeouts", poll.completionTimeouts());
        e.put("host_poll_mismatches", poll.mismatches());
        e.put("host_poll_host_busy_ns", poll.hostBusyNs());
        ArrayNode series = e.putArray("series");
        List<java.util.function.Supplier<RunResult>> points = new ArrayList<>();
        for (LegacyWindow.ReadDuringReset policy : LegacyWindow.ReadDuringReset.values()) {
            String id = org.virtiosim.core.param.Param.id(policy);
            for (int n : ctx.seriesVfs()) {
                points.add(() -> ctx.at(n, "reset-storm", "mmio", LegacyWindow.READ_DURING_RESET.name() + "=" + id));
            }
        }
        java.util.Iterator<RunResult> run = ctx.pool().parts(points).iterator();
        for (LegacyWindow.ReadDuringReset policy : LegacyWindow.ReadDuringReset.values()) {
            String id = org.virtiosim.core.param.Param.id(policy);
            for (int n : ctx.seriesVfs()) {
                RunResult r = run.next();
                ObjectNode p = series.addObject();
                p.put("policy", id);
                p.put("vfs", n);
                p.put("max_access_ns", r.accessCycles().max() * clockPs / 1000);
                p.put("p99_access_ns", (r.accessCycles().count() == 0 ? 0 : r.accessCycles().p99()) * clockPs / 1000);
                p.put("completion_timeouts", r.completionTimeouts());
                // reset-storm's reads expect the reset's 0: a read that got anything else read the status before the reset.
                p.put("stale_reads", r.mismatches());
                p.put("host_busy_ns", r.hostBusyNs());
            }
        }
        boolean holds = (maxNs > 50_000 || a.completionTimeouts() > 0) && b.mismatches() > 0;
        return new ClaimResult(c, holds ? Verdict.HOLDS : Verdict.REFUTED, e, null);
    }

    private static ClaimResult pairFootprint(Claim c, ClaimContext ctx) {
        int state = LegacyRegisterFile.virtioNet(1).stateBytes();
        var hw = ctx.base().params().with(Backing.PARAM, Backing.HARDWARE);
        DeviceCost indirect = Catalog.SCHEMES.require("indirect").cost(hw, ctx.base().vfs(), state);
        DeviceCost mmio = Catalog.SCHEMES.require("mmio").cost(hw, ctx.base().vfs(), state);
        RunResult storm = ClaimContext.scheme(ctx.study("reset-storm"), "indirect");
        ObjectNode e = evidence(ctx, "reset-storm");
        e.put("indirect_fast_path_bits_per_vf_hardware", indirect.fastPathBitsPerVf());
        e.put("mmio_fast_path_bits_per_vf_hardware", mmio.fastPathBitsPerVf());
        e.put("indirect_reset_storm_completion_timeouts", storm.completionTimeouts());
        e.put("indirect_reset_storm_mismatches", storm.mismatches());
        boolean holds = indirect.fastPathBitsPerVf() < mmio.fastPathBitsPerVf() && storm.completionTimeouts() == 0 && storm.mismatches() == 0;
        return new ClaimResult(c, holds ? Verdict.HOLDS : Verdict.REFUTED, e, null);
    }

    private static ClaimResult windowRegisters(Claim c, ClaimContext ctx) {
        int state = LegacyRegisterFile.virtioNet(1).stateBytes();
        ObjectNode e = evidence(ctx, "device cost");
        e.put("vfs", 4096);
        long[] bits = new long[3];
        String[] ids = {"mmio", "indirect", "aq"};
        for (int i = 0; i < ids.length; i++) {
            DeviceCost d = Catalog.SCHEMES.require(ids[i]).cost(ctx.base().params(), 4096, state);
            bits[i] = d.fastPathBitsPerVf();
            ObjectNode n = e.putObject(ids[i]);
            n.put("fast_path_bits_per_vf", d.fastPathBitsPerVf());
            n.put("fast_path_bits_total", d.fastPathBitsPerVf() * 4096);
            n.put("firmware_bytes_per_vf", d.firmwareBytesPerVf());
            n.put("bar_aperture_bytes_per_vf", d.barApertureBytesPerVf());
        }
        boolean holds = bits[0] > bits[1] && bits[0] > bits[2];
        return new ClaimResult(c, holds ? Verdict.HOLDS : Verdict.REFUTED, e, null);
    }

    private static ClaimResult macCoalescing(Claim c, ClaimContext ctx) {
        StudyResult coalesced = ctx.study("mac-coalesced", "mac_apply=each-byte");
        StudyResult sixth = ctx.study("mac-bytewise", "mac_apply=sixth-byte");
        StudyResult each = ctx.study("mac-bytewise", "mac_apply=each-byte");
        ObjectNode e = evidence(ctx, "mac-coalesced, mac-bytewise");
        ObjectNode byScheme = e.putObject("intermediate_macs");
        long sixthTotal = 0;
        for (RunResult r : each.schemes()) {
            ObjectNode n = byScheme.putObject(r.name());
            n.put("mac_bytewise_each_byte", r.intermediateMacs());
            long six = ClaimContext.scheme(sixth, r.name()).intermediateMacs();
            n.put("mac_bytewise_sixth_byte", six);
            n.put("mac_coalesced_each_byte", ClaimContext.scheme(coalesced, r.name()).intermediateMacs());
            sixthTotal += six;
        }
        boolean holds = ClaimContext.scheme(coalesced, "aq").intermediateMacs() == 0 && sixthTotal == 0;
        return new ClaimResult(c, holds ? Verdict.HOLDS : Verdict.REFUTED, e, null);
    }

    private static ClaimResult pfWindowSimplest(Claim c, ClaimContext ctx) {
        StudyResult s = ctx.study("linux-net-probe");
        RunResult pf = ClaimContext.scheme(s, "pf-window");
        RunResult mmio = ClaimContext.scheme(s, "mmio");
        ObjectNode e = evidence(ctx, "linux-net-probe");
        e.put("pf_window_access_cycles_mean", round(pf.accessCycles().mean()));
        e.put("mmio_access_cycles_mean", round(mmio.accessCycles().mean()));
        e.put("pf_window_bar_aperture_bytes_per_vf", pf.deviceCost().barApertureBytesPerVf());
        e.put("mmio_bar_aperture_bytes_per_vf", mmio.deviceCost().barApertureBytesPerVf());
        double m = mmio.accessCycles().mean();
        boolean holds = Math.abs(pf.accessCycles().mean() - m) <= ClaimContext.TIE * m;
        return new ClaimResult(c, holds ? Verdict.HOLDS : Verdict.REFUTED, e, null);
    }

    private static ClaimResult aqKicksSlow(Claim c, ClaimContext ctx) {
        StudyResult s = ctx.study("linux-net-probe");
        double vf = ClaimContext.route(s, "vf-bar").kickCycles().mean();
        double aq = ClaimContext.route(s, "aq").kickCycles().mean();
        StudyResult steady = ctx.study("steady-notify");
        ObjectNode e = evidence(ctx, "linux-net-probe, steady-notify");
        e.put("kick_cycles_mean_vf_bar", round(vf));
        e.put("kick_cycles_mean_aq", round(aq));
        e.put("aq_over_vf_bar", round(aq / vf));
        e.put("steady_notify_total_cycles_vf_bar", ClaimContext.route(steady, "vf-bar").totalCycles());
        e.put("steady_notify_total_cycles_aq", ClaimContext.route(steady, "aq").totalCycles());
        return new ClaimResult(c, aq > vf ? Verdict.HOLDS : Verdict.REFUTED, e, null);
    }

    private static ClaimResult exactlyLegacy(Claim c, ClaimContext ctx) {
        StudyResult s = ctx.study("linux-net-probe");
        RunResult direct = ClaimContext.scheme(s, "mmio-direct");
        ObjectNode e = evidence(ctx, "linux-net-probe");
        e.put("mmio_direct_access_cycles_mean", round(direct.accessCycles().mean()));
        e.put("mmio_direct_mismatches", direct.mismatches());
        double fastestTrapped = Double.POSITIVE_INFINITY;
        String fastest = null;
        for (RunResult r : s.schemes()) {
            if (Catalog.SCHEMES.require(r.name()).trapped() && r.accessCycles().mean() < fastestTrapped) {
                fastestTrapped = r.accessCycles().mean();
                fastest = r.name();
            }
        }
        e.put("fastest_trapped_scheme", fastest);
        e.put("fastest_trapped_access_cycles_mean", round(fastestTrapped));
        boolean holds = direct.mismatches() == 0 && direct.failed() == 0 && direct.accessCycles().mean() < fastestTrapped;
        return compared(c, ctx, holds, e, "mmio-direct", fastest);
    }

    private static double round(double d) {
        return Math.round(d * 10) / 10.0;
    }
}

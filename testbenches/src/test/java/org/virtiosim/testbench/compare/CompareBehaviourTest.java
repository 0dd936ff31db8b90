package org.virtiosim.testbench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.virtiosim.testbench.study.CompareReport;

import org.junit.jupiter.api.Test;
import org.virtiosim.testbench.trace.Trace;
import org.virtiosim.testbench.trace.TraceRow;

class CompareBehaviourTest {
    private static RunResult scheme(String scenario, CompareConfig cfg, String scheme) throws Exception {
        return new Testbench(cfg, org.virtiosim.device.catalog.Catalog.SCHEMES.require(scheme), null, false, Scenarios.load(scenario), null).run(scheme);
    }

    private static RunResult notifyPath(CompareConfig cfg, String path) throws Exception {
        return new Testbench(cfg, org.virtiosim.device.catalog.Catalog.SCHEMES.require("mmio"), org.virtiosim.device.catalog.Catalog.NOTIFY_ROUTES.require(path), true, Scenarios.load(Scenarios.DEFAULT), null).run(path);
    }

    @Test
    void theLinuxProbeTraceReplaysWithoutMismatchOnEveryScheme() throws Exception {
        Trace t = Scenarios.load(Scenarios.DEFAULT);
        // The trace checks link status = 1 at 0x1E, with MSI-X on (config at 0x18).
        assertThat(t.rows()).anyMatch(r -> r.op() == TraceRow.Op.R && r.offset() == 0x1E && r.hasExpected() && r.value() == 1);
        for (String s : org.virtiosim.device.catalog.Catalog.SCHEMES.ids()) {
            RunResult r = scheme(Scenarios.DEFAULT, CompareConfig.defaults(4), s);
            assertThat(r.mismatches()).as(s).isZero();
            assertThat(r.failed()).as(s).isZero();
            assertThat(r.accesses()).isEqualTo(4L * t.size());
        }
    }

    @Test
    void aWrongExpectedValueIsAMismatch() throws Exception {
        Trace t = Scenarios.load(Scenarios.DEFAULT);
        java.util.List<TraceRow> rows = new java.util.ArrayList<>(t.rows());
        for (int i = 0; i < rows.size(); i++) {
            TraceRow r = rows.get(i);
            if (r.op() == TraceRow.Op.R && r.offset() == 0x1E) {
                rows.set(i, new TraceRow(r.op(), r.offset(), r.size(), 0, true, r.vf(), r.delayNs(), r.line()));
            }
        }
        Trace bad = new Trace("bad", t.configEnd(), rows);
        int[] reported = {0};
        RunResult r = new Testbench(CompareConfig.defaults(2), org.virtiosim.device.catalog.Catalog.SCHEMES.require("aq"), null, false, bad,
                (vf, row, got) -> reported[0]++).run("aq");
        assertThat(r.mismatches()).isEqualTo(2);
        assertThat(reported[0]).isEqualTo(2);
    }

    @Test
    void aWindowAccessIsOnePostedWriteOrOneReadAndItsCompletion() throws Exception {
        // Physics, not a ranking: each window access is one request down; only non-posted ones
        // (reads, and the MSI-X enable's CfgWr0) get a completion, exactly one each.
        CompareConfig cfg = CompareConfig.defaults(8);
        java.util.List<TraceRow> rows = Scenarios.load(Scenarios.DEFAULT).rows();
        long nonPosted = rows.stream().filter(r -> r.op() != TraceRow.Op.W).count();
        for (String s : new String[] {"mmio", "pf-window"}) {
            RunResult r = scheme(Scenarios.DEFAULT, cfg, s);
            assertThat(r.tlpsDown()).as(s).isEqualTo(cfg.vfs() * (long) rows.size());
            assertThat(r.tlpsUp()).as(s).isEqualTo(cfg.vfs() * nonPosted);
        }
        RunResult indirect = scheme(Scenarios.DEFAULT, cfg, "indirect");
        RunResult mmio = scheme(Scenarios.DEFAULT, cfg, "mmio");
        assertThat(indirect.deviceCost().fastPathBitsPerVf() - mmio.deviceCost().fastPathBitsPerVf())
                .as("the pair's two 32-bit registers").isEqualTo(8L * org.virtiosim.device.scheme.indirect.IndirectRegisters.STATE_BYTES);
    }

    @Test
    void aPostedNotifyNeedsNoCompletionAndANonPostedOneGetsExactlyOne() throws Exception {
        CompareConfig cfg = CompareConfig.defaults(8);
        RunResult vf = notifyPath(cfg, "vf-bar");
        RunResult io = notifyPath(cfg, "io-bar");
        assertThat(vf.tlpsUp()).as("posted: nothing comes back").isZero();
        assertThat(vf.tlpsDown()).as("one MWr per notify").isEqualTo(vf.accesses());
        assertThat(io.tlpsUp()).as("non-posted: a completion each").isEqualTo(io.tlpsDown());
        assertThat(vf.kickCycles().count()).isEqualTo(vf.accesses());
    }

    @Test
    void resetStormStallsMmioReadsUntilTheResetIsDone() throws Exception {
        CompareConfig cfg = CompareConfig.defaults(64);
        long resetCycles = cfg.device().resetCycles();
        for (String s : org.virtiosim.device.catalog.Catalog.SCHEMES.ids()) {
            // Hardware backing: the writes that start the resets are not themselves queued on firmware cores.
            RunResult r = scheme("reset-storm", Parameters.apply(Scenarios.config("reset-storm", 64), "backing=hardware"), s);
            assertThat(r.mismatches()).as(s).isZero();
            // 64 VFs, 8 resets at a time: the run lasts at least 8 rounds of resets, and every status
            // read back returned 0 (no mismatch), so none was answered before its VF's reset was done.
            // (How much of it one read sees depends on when the scheme delivered its reset write.)
            assertThat(r.totalCycles()).as(s).isGreaterThanOrEqualTo(8 * resetCycles);
            assertThat(r.accessCycles().max()).as(s).isGreaterThanOrEqualTo(resetCycles);
        }
    }

    @Test
    void staleReadsDuringResetAreMismatchesAndShortTimeoutsAreCounted() throws Exception {
        CompareConfig stale = Parameters.apply(Scenarios.config("reset-storm", 64), "mmio_read_during_reset=stale");
        // reset-storm reads status back once per VF, expecting 0: every stale answer is a mismatch.
        assertThat(scheme("reset-storm", stale, "mmio").mismatches()).isEqualTo(stale.vfs());
        CompareConfig shortTimeout = Parameters.apply(Scenarios.config("reset-storm", 256), "completion_timeout_us=100");
        RunResult r = scheme("reset-storm", shortTimeout, "mmio");
        assertThat(r.completionTimeouts()).isPositive();
        assertThat(r.mismatches()).isEqualTo(r.completionTimeouts());
        assertThat(scheme("reset-storm", shortTimeout, "indirect").completionTimeouts()).as("the pair never holds a completion").isZero();
    }

    @Test
    void sameInputsGiveTheSameReport() throws Exception {
        CompareConfig cfg = CompareConfig.defaults(16);
        String a = CompareReport.json("x", cfg, java.util.List.of(scheme(Scenarios.DEFAULT, cfg, "aq")), java.util.List.of(notifyPath(cfg, "io-bar")));
        String b = CompareReport.json("x", cfg, java.util.List.of(scheme(Scenarios.DEFAULT, cfg, "aq")), java.util.List.of(notifyPath(cfg, "io-bar")));
        assertThat(a).isEqualTo(b);
    }

    @Test
    void theAqSchemesKnobsChangeNoAnswer() throws Exception {
        CompareConfig base = CompareConfig.defaults(32);
        RunResult one = scheme(Scenarios.DEFAULT, base, "aq");
        RunResult four = scheme(Scenarios.DEFAULT, Parameters.apply(base, "aq_queues=4"), "aq");
        RunResult prefetch = one; // aq_prefetch is on by default
        RunResult noPrefetch = scheme(Scenarios.DEFAULT, Parameters.apply(base, "aq_prefetch=false"), "aq");
        RunResult pollSerial = scheme(Scenarios.DEFAULT, Parameters.apply(base, "aq_mode=poll-serial"), "aq");
        for (RunResult r : new RunResult[] {one, four, noPrefetch, pollSerial}) {
            assertThat(r.mismatches()).isZero();
            assertThat(r.failed()).isZero();
        }
        // Physics: prefetching reads a whole indirect table in one MRd instead of one per descriptor: fewer TLPs up.
        assertThat(prefetch.tlpsUp()).isLessThan(noPrefetch.tlpsUp());
        // A polling CPU spends host time an interrupt-driven one sleeps through.
        assertThat(pollSerial.hostBusyNs()).isGreaterThan(one.hostBusyNs());
    }

    @Test
    void theAqSchemeLearnsEachVfsNotifyAddressFromLegacyNotifyInfo() throws Exception {
        Testbench tb = new Testbench(CompareConfig.defaults(5), org.virtiosim.device.catalog.Catalog.SCHEMES.require("aq"), null, false,
                Scenarios.load(Scenarios.DEFAULT), null);
        RunResult r = tb.run("aq");
        assertThat(r.failed()).isZero();
        var aq = (org.virtiosim.device.scheme.aq.AqHost) tb.path();
        for (int vf = 1; vf <= 5; vf++) {
            assertThat(aq.notifyOffset(vf)).isEqualTo(org.virtiosim.device.notify.VfBarRoute.OFFSET);
        }
        // Every notify reached a queue engine through the address LEGACY_NOTIFY_INFO gave.
        long notifies = Scenarios.load(Scenarios.DEFAULT).rows().stream()
                .filter(row -> row.op() == org.virtiosim.testbench.trace.TraceRow.Op.W && row.offset() == 0x10).count();
        assertThat(tb.device().doorbells().kicks()).isEqualTo(5 * notifies);
    }

    @Test
    void everySchemeRowHasTheSameBackingAndNotifyRouteAndCountsNotifiesApart() throws Exception {
        Trace t = Scenarios.load(Scenarios.DEFAULT);
        long notifies = t.rows().stream().filter(x -> x.op() == TraceRow.Op.W && x.offset() == 0x10 && x.size() == 2).count();
        long msix = t.rows().stream().filter(x -> x.op() == TraceRow.Op.MSIX).count();
        for (org.virtiosim.device.Backing b : org.virtiosim.device.Backing.values()) {
            CompareConfig cfg = CompareConfig.defaults(4).withParams(CompareConfig.defaults(4).params().with(org.virtiosim.device.Backing.PARAM, b));
            java.util.Set<Long> kicks = new java.util.HashSet<>();
            for (String s : org.virtiosim.device.catalog.Catalog.SCHEMES.ids()) {
                Testbench tb = new Testbench(cfg, org.virtiosim.device.catalog.Catalog.SCHEMES.require(s), null, false, t, null);
                RunResult r = tb.run(s);
                assertThat(r.backing()).as(s).isEqualTo(b);
                assertThat(r.notifyRoute()).as(s).isEqualTo(Testbench.NOTIFY_ROUTE.defaultValue().id()).isEqualTo("vf-bar");
                assertThat(r.notifies()).as(s).isEqualTo(4 * notifies);
                assertThat(r.registerAccesses()).as(s).isEqualTo(4 * (t.size() - notifies - msix));
                assertThat(r.accessCycles().count()).as("register accesses only").isEqualTo(r.registerAccesses());
                assertThat(r.notifyCycles().count()).isEqualTo(r.notifies());
                kicks.add(tb.device().doorbells().kicks());
            }
            assertThat(kicks).as("every scheme's notifies reached the queue engines the same way").containsExactly(4 * notifies);
        }
    }

    @Test
    void theSeedMovesTheFiguresAndTheSameSeedRepeatsThemExactly() throws Exception {
        CompareConfig one = CompareConfig.defaults(8);
        String a = CompareReport.json("x", one, java.util.List.of(scheme(Scenarios.DEFAULT, one, "mmio")), java.util.List.of());
        String again = CompareReport.json("x", one, java.util.List.of(scheme(Scenarios.DEFAULT, one, "mmio")), java.util.List.of());
        CompareConfig two = one.withSeed(2);
        RunResult r2 = scheme(Scenarios.DEFAULT, two, "mmio");
        assertThat(again).isEqualTo(a);
        assertThat(r2.totalCycles()).isNotEqualTo(scheme(Scenarios.DEFAULT, one, "mmio").totalCycles());
        // Without jitter and start spread the seed draws nothing: lock-step, whatever the seed.
        CompareConfig still = Parameters.apply(Parameters.apply(one, "vf_start_spread_us=0"), "think_jitter_ns=0");
        assertThat(scheme(Scenarios.DEFAULT, still.withSeed(2), "mmio").totalCycles()).isEqualTo(scheme(Scenarios.DEFAULT, still, "mmio").totalCycles());
    }

    @Test
    void fewerHostCpusThanVfsMakeTrapsWaitButChangeNoAnswer() throws Exception {
        CompareConfig free = CompareConfig.defaults(8);
        CompareConfig one = Parameters.apply(free, "host_cpus=1");
        for (String s : org.virtiosim.device.catalog.Catalog.SCHEMES.ids()) {
            RunResult a = scheme(Scenarios.DEFAULT, free, s);
            RunResult b = scheme(Scenarios.DEFAULT, one, s);
            assertThat(b.mismatches()).as(s).isZero();
            assertThat(b.accesses()).as(s).isEqualTo(a.accesses());
            // One CPU serves one trap at a time: waiting only adds to each access's latency.
            assertThat(b.accessCycles().mean()).as(s).isGreaterThan(a.accessCycles().mean());
            assertThat(b.totalCycles()).as(s).isGreaterThan(a.totalCycles());
        }
    }

    @Test
    void theBackingDecidesWhoseCostAppliesForEveryScheme() throws Exception {
        CompareConfig hw = Parameters.apply(CompareConfig.defaults(4), "backing=hardware");
        CompareConfig fw = Parameters.apply(CompareConfig.defaults(4), "backing=firmware");
        for (String s : org.virtiosim.device.catalog.Catalog.SCHEMES.ids()) {
            // Hardware: the firmware's costs are not charged; firmware: the logic engine's are not.
            String firmwareCost = s.equals("aq") ? "firmware_command_cycles=9999" : "firmware_access_cycles=9999";
            assertThat(scheme(Scenarios.DEFAULT, Parameters.apply(hw, firmwareCost), s).accessCycles().mean()).as(s)
                    .isEqualTo(scheme(Scenarios.DEFAULT, hw, s).accessCycles().mean());
            assertThat(scheme(Scenarios.DEFAULT, Parameters.apply(fw, firmwareCost), s).accessCycles().mean()).as(s)
                    .isGreaterThan(scheme(Scenarios.DEFAULT, fw, s).accessCycles().mean());
        }
        assertThat(scheme(Scenarios.DEFAULT, Parameters.apply(fw, "aq_logic_command_cycles=9999"), "aq").accessCycles().mean())
                .isEqualTo(scheme(Scenarios.DEFAULT, fw, "aq").accessCycles().mean());
        assertThat(scheme(Scenarios.DEFAULT, Parameters.apply(hw, "aq_logic_command_cycles=9999"), "aq").accessCycles().mean())
                .isGreaterThan(scheme(Scenarios.DEFAULT, hw, "aq").accessCycles().mean());
    }

    @Test
    void mmioDirectsRegisterAccessesTakeNoVmExitNorItsHostTime() throws Exception {
        CompareConfig cfg = CompareConfig.defaults(8);
        Testbench mmio = new Testbench(cfg, org.virtiosim.device.catalog.Catalog.SCHEMES.require("mmio"), null, false,
                Scenarios.load(Scenarios.DEFAULT), null);
        Testbench direct = new Testbench(cfg, org.virtiosim.device.catalog.Catalog.SCHEMES.require("mmio-direct"), null, false,
                Scenarios.load(Scenarios.DEFAULT), null);
        RunResult m = mmio.run("mmio");
        RunResult d = direct.run("mmio-direct");
        assertThat(d.mismatches()).isZero();
        assertThat(d.registerAccesses()).isEqualTo(m.registerAccesses()).isPositive();
        // Every mmio access traps; mmio-direct's notifies and MSI-X toggles still do, its register accesses do not.
        assertThat(mmio.vmExits()).isEqualTo(m.accesses());
        assertThat(direct.vmExits()).isEqualTo(mmio.vmExits() - d.registerAccesses());
        // Host busy is the host halves' CPU time plus vm_exit_ns per exit: take both out and what is
        // left, the notify route's own time, is the same for the two (same notifies, same route).
        long exitPs = cfg.host().vmExitPs();
        long restMmio = m.hostBusyNs() * 1000 - mmio.path().hostBusyPs() - mmio.vmExits() * exitPs;
        long restDirect = d.hostBusyNs() * 1000 - direct.path().hostBusyPs() - direct.vmExits() * exitPs;
        assertThat(restDirect).isCloseTo(restMmio, org.assertj.core.data.Offset.offset(1000L));
    }

    @Test
    void hostPollAtScaleHoldsNoCompletionAndLetsNoStaleReadThroughAtTheHostsCost() throws Exception {
        for (String s : new String[] {"mmio", "pf-window"}) {
            CompareConfig stall = Scenarios.config("reset-storm", 1024);
            CompareConfig hostPoll = Parameters.apply(stall, "mmio_read_during_reset=host-poll");
            RunResult held = scheme("reset-storm", stall, s);
            Testbench tb = new Testbench(hostPoll, org.virtiosim.device.catalog.Catalog.SCHEMES.require(s), null, false,
                    Scenarios.load("reset-storm"), null);
            RunResult polled = tb.run(s);
            long polls = ((org.virtiosim.device.host.WindowAccessPath) tb.path()).resetPolls();
            assertThat(polled.completionTimeouts()).as(s).isZero();
            assertThat(polled.mismatches()).as(s).isZero();
            assertThat(polled.failed()).as(s).isZero();
            assertThat(polled.violations()).as(s).isEmpty();
            // Each VF's reset is polled at least twice (the first poll follows the write into the reset);
            // every poll is one more MRd and CplD on the link, the guest's own accesses unchanged.
            assertThat(polls).as(s).isGreaterThanOrEqualTo(2L * stall.vfs());
            assertThat(polled.tlpsDown()).as(s).isEqualTo(held.tlpsDown() + polls);
            assertThat(polled.tlpsUp()).as(s).isEqualTo(held.tlpsUp() + polls);
            // The wait for each reset is the hypervisor's: its CPU spins at least one reset time per VF.
            long resetNs = stall.device().resetCycles() * stall.device().clockPs() / 1000;
            assertThat(polled.hostBusyNs()).as(s).isGreaterThanOrEqualTo(stall.vfs() * resetNs);
        }
    }
}

package org.virtiosim.testbench.compare;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(indirect.deviceStateBytesPerVf() - mmio.deviceStateBytesPerVf())
                .as("the pair's two 32-bit registers").isEqualTo(org.virtiosim.device.scheme.indirect.IndirectRegisters.STATE_BYTES);
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
            RunResult r = scheme("reset-storm", cfg, s);
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
        CompareConfig stale = Parameters.apply(CompareConfig.defaults(64), "mmio_read_during_reset=stale");
        // reset-storm reads status back once per VF, expecting 0: every stale answer is a mismatch.
        assertThat(scheme("reset-storm", stale, "mmio").mismatches()).isEqualTo(stale.vfs());
        CompareConfig shortTimeout = Parameters.apply(CompareConfig.defaults(256), "completion_timeout_us=100");
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
    void moreAdminQueuesAndPrefetchingShortenTheAqSchemeAndChangeNoAnswer() throws Exception {
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
        assertThat(four.accessCycles().mean()).isLessThan(one.accessCycles().mean());
        assertThat(prefetch.accessCycles().mean()).isLessThanOrEqualTo(noPrefetch.accessCycles().mean());
        // Prefetching reads a whole indirect table in one MRd instead of one per descriptor: fewer TLPs up.
        assertThat(prefetch.tlpsUp()).isLessThan(noPrefetch.tlpsUp());
        // One command at a time on the PF, the CPU polling: slower, and busier.
        assertThat(pollSerial.accessCycles().mean()).isGreaterThan(one.accessCycles().mean());
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
}

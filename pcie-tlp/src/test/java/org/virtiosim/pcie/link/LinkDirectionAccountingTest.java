package org.virtiosim.pcie.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.component.Component;
import org.virtiosim.core.component.Probe;
import org.virtiosim.pcie.fc.CreditType;
import org.virtiosim.pcie.fc.ReceiverCredits;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.tlp.TlpType;

/**
 * One direction's statistics, DLLP and SKP accounting (DllpPolicy), credit returns (§2.6.1), the
 * fault hook and the waveform signals (LinkDirection's comments).
 */
class LinkDirectionAccountingTest {
    private static final ReceiverCredits MAX = ReceiverCredits.UNSCALED_MAX;

    private static Tlp write(LinkTestBench b, long id, long address, int bytes) {
        return b.up(b.newTlp(id).setMemoryWrite(0x0100, address, bytes).context(id)); // set* clears the context
    }

    @Test
    void countsWhatItSendsAndDeliversAndIsIdleOnlyWhenEverythingIsBack() {
        LinkTestBench b = new LinkTestBench(new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.NONE, 50_000), MAX, MAX);
        LinkDirection up = b.link.upstream();
        assertThat(up.idle()).isTrue();
        write(b, 1, 0x1000, 64);
        assertThat(up.idle()).as("on the wire").isFalse();
        assertThat(up.queued()).isZero();
        assertThat(up.creditsOutstanding()).as("1 PH + 4 PD").isEqualTo(5);
        write(b, 2, 0x1040, 64);
        write(b, 3, 0x1080, 64);
        b.up(b.newTlp(4).setMemoryRead(0x0100, 9, 0x2000, 64));
        assertThat(up.queued()).isEqualTo(3);
        assertThat(up.tlpsSent()).isEqualTo(1);
        b.kernel.runUntilIdle();
        assertThat(up.tlpsSent()).isEqualTo(4);
        assertThat(up.tlpsDelivered()).isEqualTo(4);
        assertThat(up.payloadBytesSent()).isEqualTo(192);
        assertThat(up.tlpWireBytes()).as("3 × (12 + 64 + 8) + (12 + 8)").isEqualTo(272);
        assertThat(up.dllpBytes()).isZero();
        assertThat(up.skpBytes()).isZero();
        assertThat(up.creditsOutstanding()).isZero();
        assertThat(up.idle()).isTrue();
        assertThat(b.link.downstream().tlpsSent()).isZero();
    }

    @Test
    void creditsComeBackOneUpdateFcAfterTheReceiverTakesTheTlp() {
        // One PH credit: the second write waits for the first's UpdateFC, which takes its 8 bytes on
        // the reverse direction and the flight.
        long flight = 20_000;
        LinkTestBench b = new LinkTestBench(new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.NONE, flight),
                new ReceiverCredits(1, 2047, 127, 2047, 0, 0), MAX);
        write(b, 1, 0x1000, 256);
        write(b, 2, 0x1100, 256);
        b.kernel.runUntilIdle();
        // 12 + 256 + 8 = 276 B at 126.953125 ps = 35 039.0625 ps; UpdateFC 8 B = 1015.625 ps.
        long first = 35_040 + flight;
        long creditBack = first + 1_016 + flight;
        assertThat(b.atRc).extracting(LinkTestBench.Delivery::timePs).containsExactly(first, creditBack + 35_040 + flight);
        assertThat(b.link.upstream().creditStalls()).isEqualTo(1);
    }

    private static void completions(LinkTestBench b, int n) {
        for (int i = 0; i < n; i++) {
            b.up(b.newTlp(i).setCompletion(0x0100, CompletionStatus.SC, 0x0000, i, 4, 0, 4).context(i));
        }
    }

    @Test
    void infiniteCreditsComeBackWithoutAnEventAndFiniteOnesStillDo() {
        LinkConfig cfg = new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.PCIE_BENCH, 20_000);
        // Completion credits infinite (the default, as Endpoints must advertise): nothing comes back.
        LinkTestBench infinite = new LinkTestBench(cfg, MAX, MAX);
        completions(infinite, 10);
        infinite.kernel.runUntilIdle();
        // The same completions against finite completion credits, enough for all ten: one return each.
        LinkTestBench finite = new LinkTestBench(cfg, new ReceiverCredits(127, 2047, 127, 2047, 16, 64), MAX);
        completions(finite, 10);
        finite.kernel.runUntilIdle();
        assertThat(finite.atRc).as("same deliveries at the same times").isEqualTo(infinite.atRc);
        assertThat(finite.kernel.eventsFired() - infinite.kernel.eventsFired()).as("one credit return per TLP").isEqualTo(10);
        assertThat(finite.link.upstream().creditsOutstanding()).isZero();
        // One CplH credit: each completion waits for the one before's return, which must still end the wait.
        LinkTestBench one = new LinkTestBench(cfg, new ReceiverCredits(127, 2047, 127, 2047, 1, 64), MAX);
        completions(one, 3);
        one.kernel.runUntilIdle();
        assertThat(one.atRc).hasSize(3);
        assertThat(one.link.upstream().creditStalls()).isPositive();
        assertThat(one.atRc.get(2).timePs() - one.atRc.get(1).timePs()).as("a return's flight between them")
                .isGreaterThan(20_000);
    }

    @Test
    void specPolicyReturnsCreditsAnUpdateFcLimitAfterTheTlpArrives() {
        // DllpPolicy.SPEC: the UpdateFC leaves at most FcLimit symbol times after the credits are
        // freed (Gen3 x8, MPS 256: 203 symbols of 1015.625 ps), then crosses the reverse direction.
        long flight = 20_000;
        LinkTestBench b = new LinkTestBench(new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.SPEC, flight),
                new ReceiverCredits(1, 2047, 127, 2047, 0, 0), MAX);
        write(b, 1, 0x1000, 256);
        write(b, 2, 0x1100, 256);
        b.kernel.runUntilIdle();
        long first = 35_040 + flight;
        long timer = first + 206_172; // ceil(203 × 1015.625)
        long creditBack = timer + 1_016 + flight;
        assertThat(b.atRc).extracting(LinkTestBench.Delivery::timePs).containsExactly(first, creditBack + 35_040 + flight);
        // Per TLP received: one UpdateFC and one Ack, both on the reverse direction.
        assertThat(b.link.downstream().dllpBytes()).isEqualTo(4 * LinkDirection.DLLP_WIRE_BYTES);
        assertThat(b.link.upstream().dllpBytes()).isZero();
        assertThat(b.link.upstream().idle()).isTrue();
    }

    @Test
    void specPolicyAcksAndUpdateFcsTakeTheReverseDirectionsLanesWhenTheirTimersExpire() {
        // Both timers of the first write expire FcLimit/AckLimit symbol times after it arrives; a
        // read sent down 1 ps later waits behind the two DLLPs (2 × 1015.625 ps).
        long flight = 20_000;
        LinkTestBench b = new LinkTestBench(new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.SPEC, flight), MAX, MAX);
        write(b, 1, 0x1000, 256);
        long timer = 35_040 + flight + 206_172;
        b.kernel.schedule(timer + 1, arg -> b.link.downstream().send(b.link.downstream().newTlp()
                .setMemoryRead(0, 3, 0x9000, 4).context(7)), 0);
        b.kernel.runUntilIdle();
        // MRd32: 20 B = 2539.0625 ps after the DLLPs end at timer + 2031.25 ps.
        assertThat(b.atEp).extracting(LinkTestBench.Delivery::timePs).containsExactly(timer + 4_571 + flight);
        // The endpoint's receiver acknowledges the read and returns its credits on the way up.
        assertThat(b.link.upstream().dllpBytes()).isEqualTo(2 * LinkDirection.DLLP_WIRE_BYTES);
    }

    @Test
    void pcieBenchPolicyOwesAnAckAndAnUpdateFcOnceTheLimitIsReached() {
        // Gen1 x2, MPS 128: the limit is 128 bytes (Table 3-7). A 108-byte write is exactly 128 wire bytes.
        LinkConfig cfg = new LinkConfig(LinkGeneration.GEN1, 2, 128, DllpPolicy.PCIE_BENCH, 0);
        assertThat(cfg.ackFcLimit()).isEqualTo(128);
        LinkTestBench b = new LinkTestBench(cfg, MAX, MAX);
        write(b, 1, 0x1000, 108);
        LinkDirection up = b.link.upstream();
        assertThat(up.tlpWireBytes()).isEqualTo(128);
        assertThat(up.dllpBytes()).isEqualTo(2 * LinkDirection.DLLP_WIRE_BYTES);
        assertThat(up.skpBytes()).isZero();

        LinkTestBench short_ = new LinkTestBench(cfg, MAX, MAX);
        write(short_, 1, 0x1000, 104); // 124 wire bytes: below the limit, nothing owed yet
        assertThat(short_.link.upstream().dllpBytes()).isZero();
    }

    @Test
    void flitModeHasNoSeparateDllps() {
        LinkTestBench b = new LinkTestBench(new LinkConfig(LinkGeneration.GEN6, 16, 256, DllpPolicy.PCIE_BENCH, 0), MAX, MAX);
        for (int i = 0; i < 100; i++) {
            write(b, i, 0x1_0000 + 256L * i, 256);
        }
        b.kernel.runUntilIdle();
        assertThat(b.link.upstream().dllpBytes()).isZero();
        assertThat(b.atRc).hasSize(100);
    }

    /** Back-to-back 128-byte writes (148 wire bytes, x1: 148 symbol times each) from time 0. */
    private static LinkTestBench burst(LinkGeneration gen, int n) {
        LinkTestBench b = new LinkTestBench(new LinkConfig(gen, 1, 128, DllpPolicy.SPEC, 0), MAX, MAX);
        for (int i = 0; i < n; i++) {
            write(b, i, 0x10_0000 + 128L * i, 128);
        }
        b.kernel.runUntilIdle();
        return b;
    }

    @Test
    void specPolicySkpOrderedSetsTakeTheirSymbolsEveryInterval() {
        // 8b/10b: 4 symbols every 1538 symbol times. 30 × 148 = 4440 symbols: SKPs at 1538 and
        // 3076 (the next, 4614, falls after the burst's end at 4448).
        for (LinkGeneration gen : new LinkGeneration[] {LinkGeneration.GEN1, LinkGeneration.GEN2}) {
            LinkTestBench b = burst(gen, 30);
            long symbolPs = gen.laneByteTimeFp() >> LinkGeneration.FP_SHIFT;
            assertThat(b.link.upstream().skpBytes()).as("%s", gen).isEqualTo(8);
            assertThat(b.atRc.get(29).timePs()).as("%s", gen).isEqualTo(4448 * symbolPs);
        }
        // 128b/130b: 16 symbols every 372 blocks of 16 symbols (5952). 50 × 148 = 7400: one SKP.
        LinkTestBench g3 = burst(LinkGeneration.GEN3, 50);
        assertThat(g3.link.upstream().skpBytes()).isEqualTo(16);
        assertThat(g3.atRc.get(49).timePs()).isEqualTo(LinkDirection.ceilPs((7400 + 16) * LinkGeneration.GEN3.laneByteTimeFp()));
    }

    @Test
    void specPolicySkpOrderedSetsSentWhileIdleDelayNothing() {
        LinkTestBench b = burst(LinkGeneration.GEN1, 30);
        long symbolPs = 4_000;
        long period = 1538 * symbolPs;
        // Idle until one symbol after the 20th SKP time: the next SKP is a whole interval away.
        long start = 20 * period + symbolPs;
        b.kernel.schedule(start, arg -> write(b, 99, 0x20_0000, 128), 0);
        b.kernel.runUntilIdle();
        assertThat(b.atRc.get(30).timePs()).isEqualTo(start + 148 * symbolPs);
        assertThat(b.link.upstream().skpBytes()).isEqualTo(8);
    }

    @Test
    void aFaultHookMayDropATlpAndHandItOverLate() {
        LinkTestBench b = new LinkTestBench(new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.NONE, 0), MAX, MAX);
        LinkDirection up = b.link.upstream();
        Tlp[] kept = new Tlp[1];
        up.setFaultHook(t -> {
            if (t.context() == 1) {
                kept[0] = new Tlp();
                kept[0].copyFrom(t);
                return false;
            }
            return true;
        });
        write(b, 1, 0x1000, 64);
        write(b, 2, 0x1040, 64);
        b.kernel.runUntilIdle();
        assertThat(b.atRc).extracting(LinkTestBench.Delivery::what).containsExactly("MWr32#2");
        assertThat(up.creditsOutstanding()).as("the receiver's buffer took it").isZero();
        up.deliverLate(kept[0]);
        assertThat(b.atRc).extracting(LinkTestBench.Delivery::what).containsExactly("MWr32#2", "MWr32#1");
        up.setFaultHook(null);
        write(b, 3, 0x1080, 64);
        b.kernel.runUntilIdle();
        assertThat(b.atRc).hasSize(3);
    }

    @Test
    void theWaveformShowsTheTlpOnTheLanesAndTheCreditsAvailable() {
        LinkTestBench b = new LinkTestBench(new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.NONE, 50_000), MAX, MAX);
        LinkDirection up = b.link.upstream();
        Component root = Component.root(b.kernel, "tb", 1);
        up.trace(root.child("up"));
        Probe type = probe(root, "tlp_type");
        Probe address = probe(root, "tlp_address");
        Probe length = probe(root, "tlp_length_dw");
        Probe tag = probe(root, "tlp_tag");
        Probe ph = probe(root, "credits_PH");
        Probe pd = probe(root, "credits_PD");
        assertThat(ph.value()).isEqualTo(127);
        assertThat(probe(root, "credits_CplD").value()).as("infinite").isEqualTo(0xFFFF);
        List<String> types = new ArrayList<>();
        root.tracing().attach((t, p, v) -> types.add(t + ":" + v), p -> p == type);

        write(b, 1, 0x1000, 64);
        assertThat(type.value()).isEqualTo(TlpType.MWr32.ordinal() + 1);
        assertThat(address.value()).isEqualTo(0x1000);
        assertThat(length.value()).isEqualTo(16);
        assertThat(ph.value()).isEqualTo(126);
        assertThat(pd.value()).isEqualTo(2047 - 4);
        b.up(b.newTlp(2).setMemoryRead(0x0100, 5, 0x2000, 4));
        b.kernel.run(1_000_000);
        assertThat(tag.value()).isEqualTo(5);
        // 84 B then 20 B at 126.953125 ps: the first leaves the lanes at 10 665 ps, the second at 13 204.
        // Back to back, the read replaces the write at 10 665 (no zero-width idle); the idle at the
        // end is a pending value (no kernel event), written once a later change or the run's end releases it.
        assertThat(types).containsExactly("0:" + (TlpType.MWr32.ordinal() + 1), "10665:" + (TlpType.MRd32.ordinal() + 1));
        assertThat(type.value()).as("idle after the read left the lanes").isZero();
        root.tracing().releaseDue();
        assertThat(types).containsExactly("0:" + (TlpType.MWr32.ordinal() + 1), "10665:" + (TlpType.MRd32.ordinal() + 1), "13204:0");
        b.kernel.runUntilIdle();
        assertThat(ph.value()).isEqualTo(127);
        assertThat(pd.value()).isEqualTo(2047);
        assertThat(probe(root, "credits_NPH").value()).isEqualTo(127);

        b.link.downstream().trace(root.child("down"));
        b.link.downstream().send(b.link.downstream().newTlp()
                .setCompletion(0, CompletionStatus.SC, 0x0100, 3, 4, 0x10, 4));
        assertThat(root.tracing().probes().stream().filter(p -> p.path().equals("tb.down.tlp_address")).findFirst().orElseThrow()
                .value()).as("completions have no address").isZero();
    }

    private static Probe probe(Component root, String name) {
        return root.tracing().probes().stream().filter(p -> p.path().equals("tb.up." + name)).findFirst().orElseThrow();
    }

    @Test
    void manyCreditReturnsInFlightAtOnceComeBackToTheirOwnTypes() {
        // A 2 µs flight keeps hundreds of UpdateFCs on their way back while writes, reads and
        // completions of different sizes go up; every credit must come home to its own counter.
        LinkTestBench b = new LinkTestBench(new LinkConfig(LinkGeneration.GEN5, 16, 256, DllpPolicy.NONE, 2_000_000), MAX, MAX);
        LinkDirection up = b.link.upstream();
        for (int i = 0; i < 600; i++) {
            switch (i % 3) {
                case 0 -> write(b, i, 0x10_0000 + 256L * i, 4 * (1 + i % 64));
                case 1 -> b.up(b.newTlp(i).setMemoryRead(0x0100, i & 255, 0x20_0000, 64).context(i));
                default -> b.up(b.newTlp(i).setCompletion(0x0100, CompletionStatus.SC, 0, i & 255, 32, 0, 32)
                        .context(i));
            }
        }
        b.kernel.runUntilIdle();
        assertThat(b.atRc).hasSize(600);
        for (CreditType t : CreditType.values()) {
            assertThat(up.credits(t).outstanding()).as("%s", t).isZero();
            assertThat(up.credits(t).available()).as("%s", t).isEqualTo(up.credits(t).isInfinite() ? Long.MAX_VALUE
                    : up.credits(t).advertised());
        }
        assertThat(up.idle()).isTrue();
    }

    @Test
    void pcieBenchPolicyChargesItsAllowancesOnAllOfTheDirectionsTraffic() {
        // One Ack and one UpdateFC per 203 bytes and one SKP per 1538 bytes of everything on the
        // lanes (Gen3 x8, MPS 256): the counts match the totals to within one of each.
        LinkTestBench b = new LinkTestBench(new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.PCIE_BENCH, 0), MAX, MAX);
        for (int i = 0; i < 3000; i++) {
            write(b, i, 0x1_0000_0000L + 256L * i, 4 * (1 + i % 64));
        }
        b.kernel.runUntilIdle();
        LinkDirection up = b.link.upstream();
        long total = up.tlpWireBytes() + up.dllpBytes() + up.skpBytes();
        assertThat(up.skpBytes() / 4).isBetween(total / 1538 - 1, total / 1538 + 1);
        assertThat(up.dllpBytes() / 8).isBetween(2 * (total / 203) - 2, 2 * (total / 203) + 2);
    }

    @Test
    void specPolicyATlpStartingOnAnSkpTimeWaitsForTheOrderedSet() {
        LinkTestBench b = burst(LinkGeneration.GEN1, 30);
        long symbolPs = 4_000;
        long period = 1538 * symbolPs;
        long start = 20 * period;
        b.kernel.schedule(start, arg -> write(b, 99, 0x20_0000, 128), 0);
        b.kernel.runUntilIdle();
        assertThat(b.atRc.get(30).timePs()).isEqualTo(start + (4 + 148) * symbolPs);
        assertThat(b.link.upstream().skpBytes()).isEqualTo(8 + 4);
    }

    @Test
    void specPolicySkpCountingResumesOnTheIntervalGridAfterIdle() {
        LinkTestBench b = burst(LinkGeneration.GEN1, 30);
        long symbolPs = 4_000;
        long period = 1538 * symbolPs;
        long start = 20 * period + symbolPs;
        // A second burst of 30 from one symbol after the 20th SKP time: SKPs at the 21st and 22nd.
        b.kernel.schedule(start, arg -> {
            for (int i = 0; i < 30; i++) {
                write(b, 100 + i, 0x30_0000 + 128L * i, 128);
            }
        }, 0);
        b.kernel.runUntilIdle();
        assertThat(b.link.upstream().skpBytes()).isEqualTo(8 + 8);
        assertThat(b.atRc.get(59).timePs()).isEqualTo(start + (30 * 148 + 8) * symbolPs);
    }

    @Test
    void specPolicySkpOrderedSetsTakeEveryLane() {
        // Gen1 x4: a 148-byte write takes 37 symbol times; 100 of them span 3700, with SKPs at
        // 1538 and 3076, each 4 symbols on each of the 4 lanes.
        LinkTestBench b = new LinkTestBench(new LinkConfig(LinkGeneration.GEN1, 4, 128, DllpPolicy.SPEC, 0), MAX, MAX);
        for (int i = 0; i < 100; i++) {
            write(b, i, 0x10_0000 + 128L * i, 128);
        }
        b.kernel.runUntilIdle();
        assertThat(b.link.upstream().skpBytes()).isEqualTo(2 * 4 * 4);
        assertThat(b.atRc.get(99).timePs()).isEqualTo((3700 + 8) * 4_000L);
    }
}

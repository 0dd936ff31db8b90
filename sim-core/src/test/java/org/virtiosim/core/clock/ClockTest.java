package org.virtiosim.core.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.kernel.Kernel;

class ClockTest {
    /** 1 GHz device core and a 375 MHz-ish clock with a phase: periods share no factor but 1. */
    private final Clock core = new Clock("core", 1000);
    private final Clock slow = new Clock("slow", 2667, 333);

    @Test
    void edgeArithmeticMatchesEnumeratedEdges() {
        for (Clock c : List.of(core, slow)) {
            List<Long> edges = new ArrayList<>();
            for (long n = 0; n < 200; n++) {
                edges.add(c.phasePs() + n * c.periodPs());
            }
            for (long t = 0; t < edges.get(150); t += 7) {
                long tt = t;
                long atOrAfter = edges.stream().filter(e -> e >= tt).findFirst().orElseThrow();
                long after = edges.stream().filter(e -> e > tt).findFirst().orElseThrow();
                long latest = edges.stream().filter(e -> e <= tt).reduce((a, b) -> b).orElse(-1L);
                assertThat(c.nextEdgeAtOrAfter(t)).as("%s next edge at/after %d", c, t).isEqualTo(atOrAfter);
                assertThat(c.nextEdgeAfter(t)).as("%s next edge after %d", c, t).isEqualTo(after);
                assertThat(c.cycleAt(t)).as("%s cycle at %d", c, t).isEqualTo(latest < 0 ? -1 : edges.indexOf(latest));
                assertThat(c.timeOfCycle(c.cycleAtOrAfter(t))).isEqualTo(atOrAfter);
            }
        }
    }

    @Test
    void exactEdgeTimes() {
        assertThat(slow.timeOfCycle(0)).isEqualTo(333);
        assertThat(slow.timeOfCycle(3)).isEqualTo(333 + 3 * 2667);
        assertThat(slow.cycleAt(332)).isEqualTo(-1);
        assertThat(slow.cycleAt(333)).isZero();
        assertThat(slow.cycleAt(333 + 2667 - 1)).isZero();
        assertThat(slow.cycleAt(333 + 2667)).isEqualTo(1);
        assertThat(core.cycleAtOrAfter(1000)).isEqualTo(1);
        assertThat(core.cycleAtOrAfter(1001)).isEqualTo(2);
        assertThat(core.cyclesIn(1_000_000)).isEqualTo(1000);
    }

    @Test
    void twoDomainsOfUnrelatedPeriodsInterleaveByTime() {
        Kernel k = new Kernel();
        ClockDomain a = new ClockDomain(k, core);
        ClockDomain b = new ClockDomain(k, slow);
        List<String> log = new ArrayList<>();
        a.add(cycle -> log.add(k.now() + ":core" + cycle));
        b.add(cycle -> log.add(k.now() + ":slow" + cycle));
        long until = 20_000;
        k.run(until);
        assertThat(a.edges()).isEqualTo(core.cycleAt(until) + 1);
        assertThat(b.edges()).isEqualTo(slow.cycleAt(until) + 1);
        List<Long> times = log.stream().map(s -> Long.parseLong(s.substring(0, s.indexOf(':')))).toList();
        assertThat(times).isSorted();
        assertThat(log).contains("333:slow0", "3000:core3", "8334:slow3");
        // Each call ran exactly on its own clock's edge.
        for (String s : log) {
            long t = Long.parseLong(s.substring(0, s.indexOf(':')));
            Clock c = s.contains("core") ? core : slow;
            long cycle = Long.parseLong(s.substring(s.indexOf(c.name()) + c.name().length()));
            assertThat(c.timeOfCycle(cycle)).isEqualTo(t);
        }
    }

    @Test
    void rejectsBadClocks() {
        assertThatThrownBy(() -> new Clock("x", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Clock("x", 10, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> core.timeOfCycle(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describesItselfAndKeepsItsPeriod() {
        assertThat(core.periodPs()).isEqualTo(1000);
        assertThat(slow.periodPs()).isEqualTo(2667);
        assertThat(slow.phasePs()).isEqualTo(333);
        assertThat(core.toString()).isEqualTo("core(1000 ps)");
        assertThat(slow.toString()).isEqualTo("slow(2667 ps, phase 333 ps)");
        assertThat(new Clock("one", 1).cyclesIn(10)).isEqualTo(10);
    }
}

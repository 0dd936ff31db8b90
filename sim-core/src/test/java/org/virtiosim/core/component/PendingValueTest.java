package org.virtiosim.core.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.kernel.Kernel;

/**
 * {@link Probe#setThen}: a later value held by the hierarchy instead of a kernel event. The sink
 * must see the same time-ordered stream of final values as if an event had set the later value.
 */
class PendingValueTest {
    private final Kernel k = new Kernel();
    private final Component tb = Component.root(k, "tb", 1);
    private final List<String> seen = new ArrayList<>();

    private void traceAll() {
        tb.tracing().attach((t, p, v) -> seen.add(t + " " + p.name() + "=" + v), p -> true);
    }

    @Test
    void theLaterValueReachesTheSinkAtItsTimeBeforeAnyLaterChange() {
        Probe type = tb.probe("type", 4);
        Probe tag = tb.probe("tag", 8);
        traceAll();
        k.schedule(100, a -> type.setThen(3, 150, 0), 0);
        k.schedule(120, a -> tag.set(7), 0);
        k.schedule(200, a -> tag.set(8), 0);
        k.runUntilIdle();
        assertThat(seen).containsExactly("100 type=3", "120 tag=7", "150 type=0", "200 tag=8");
        assertThat(type.value()).isZero();
        assertThat(k.eventsFired()).as("no event of its own").isEqualTo(3);
    }

    @Test
    void atItsOwnPicosecondItComesAfterOtherProbesAndASetOfTheSameProbeReplacesIt() {
        Probe a = tb.probe("a", 4);
        Probe b = tb.probe("b", 4);
        traceAll();
        k.schedule(10, x -> a.setThen(1, 50, 0), 0);
        k.schedule(50, x -> b.set(2), 0);
        k.schedule(50, x -> a.setThen(1, 90, 0), 0); // back to back: stays 1, no glitch to 0
        k.schedule(95, x -> b.set(3), 0);
        k.schedule(100, x -> a.setThen(1, 120, 0), 0);
        k.schedule(120, x -> b.set(4), 0); // at a's pending time, a not set again: b first, then a's idle
        k.schedule(130, x -> b.set(5), 0);
        k.runUntilIdle();
        assertThat(seen).containsExactly("10 a=1", "50 b=2", "90 a=0", "95 b=3", "100 a=1", "120 b=4", "120 a=0", "130 b=5");
    }

    @Test
    void pendingValuesOfSeveralProbesComeOutByTimeThenCreationOrder() {
        Probe first = tb.probe("first", 4);
        Probe second = tb.probe("second", 4);
        Probe third = tb.probe("third", 4);
        traceAll();
        k.schedule(10, x -> second.setThen(1, 40, 0), 0);
        k.schedule(11, x -> first.setThen(1, 40, 0), 0);
        k.schedule(12, x -> third.setThen(1, 30, 0), 0);
        k.schedule(60, x -> third.set(5), 0);
        // equal times again, the first-made probe set first this time: still creation order
        k.schedule(61, x -> first.setThen(2, 80, 0), 0);
        k.schedule(62, x -> second.setThen(2, 80, 0), 0);
        k.schedule(90, x -> third.set(6), 0);
        k.runUntilIdle();
        assertThat(seen).containsExactly("10 second=1", "11 first=1", "12 third=1", "30 third=0", "40 first=0", "40 second=0",
                "60 third=5", "61 first=2", "62 second=2", "80 first=0", "80 second=0", "90 third=6");
    }

    @Test
    void releaseDueWritesWhatIsStillPendingWhenTheRunEnds() {
        Probe a = tb.probe("a", 4);
        traceAll();
        k.schedule(10, x -> a.setThen(2, 1_000, 0), 0);
        k.runUntilIdle();
        assertThat(seen).containsExactly("10 a=2");
        tb.tracing().releaseDue();
        assertThat(seen).containsExactly("10 a=2", "1000 a=0");
        tb.tracing().releaseDue();
        assertThat(seen).hasSize(2);
    }

    @Test
    void anUntracedProbeStillTakesItsLaterValue() {
        Probe a = tb.probe("a", 4);
        k.schedule(10, x -> a.setThen(2, 20, 0), 0);
        k.schedule(15, x -> assertThat(a.value()).isEqualTo(2), 0);
        k.runUntilIdle();
        assertThat(k.now()).isEqualTo(15);
        assertThat(a.value()).isEqualTo(2);
        k.schedule(20, x -> { }, 0);
        k.runUntilIdle();
        assertThat(a.value()).isZero();
    }

    @Test
    void anUntracedProbeSetAfterItsPendingTimeTakesThePendingValueFirst() {
        Probe a = tb.probe("a", 4);
        k.schedule(10, x -> a.setThen(3, 50, 0), 0);
        k.schedule(60, x -> a.set(3), 0); // 3 again, but after the idle 0: a change
        k.runUntilIdle();
        assertThat(a.value()).isEqualTo(3);
        k.schedule(70, x -> { }, 0);
        k.runUntilIdle();
        assertThat(a.value()).as("no pending value left to take over").isEqualTo(3);
    }

    @Test
    void aSinkAttachedWhileAValueIsPendingReceivesItAndOneDetachedDoesNot() {
        Probe a = tb.probe("a", 4);
        Probe b = tb.probe("b", 4);
        k.schedule(10, x -> a.setThen(1, 50, 0), 0); // untraced: held by the probe only
        k.schedule(20, x -> traceAll(), 0);
        k.schedule(60, x -> b.set(2), 0);
        k.runUntilIdle();
        assertThat(seen).containsExactly("50 a=0", "60 b=2");

        k.schedule(100, x -> a.setThen(4, 150, 0), 0);
        k.schedule(110, x -> tb.tracing().attach((t, p, v) -> seen.add(t + " " + p.name() + "=" + v), p -> p == b), 0);
        k.schedule(160, x -> b.set(3), 0);
        k.runUntilIdle();
        assertThat(seen).containsExactly("50 a=0", "60 b=2", "100 a=4", "160 b=3");
        assertThat(tb.tracing().dueCount()).as("a detached probe is no longer pending in the hierarchy").isZero();
        assertThat(a.value()).isZero();
    }

    @Test
    void thePendingSetHoldsOnlyWhatIsPending() {
        Probe a = tb.probe("a", 4);
        Probe b = tb.probe("b", 4);
        traceAll();
        for (int i = 0; i < 1000; i++) {
            long t = 100L * i + 1;
            k.schedule(t, x -> a.setThen(1 + (int) (t % 3), t + 40, 0), 0);
            k.schedule(t + 20, x -> b.setThen(1, t + 30, 0), 0);
        }
        k.runUntilIdle();
        assertThat(tb.tracing().dueCount()).isEqualTo(2); // the last ones, never followed by a change
        tb.tracing().releaseDue();
        assertThat(tb.tracing().dueCount()).isZero();
        assertThat(seen).hasSize(4000);
    }

    @Test
    void manyProbesPendingAtOnceComeOutByTimeThenCreationOrder() {
        // more than the pending set's first room of 8
        int n = 12;
        Probe[] p = new Probe[n];
        for (int i = 0; i < n; i++) {
            p[i] = tb.probe("p" + i, 4);
        }
        traceAll();
        for (int i = 0; i < n; i++) {
            int j = i;
            k.schedule(10 + j, x -> p[j].setThen(1, 100 + (n - 1 - j) / 2, 0), 0); // pairs share a time, later ones earlier
        }
        k.schedule(200, x -> p[0].set(2), 0);
        k.runUntilIdle();
        List<String> released = seen.subList(n, seen.size() - 1);
        assertThat(released).containsExactly("100 p10=0", "100 p11=0", "101 p8=0", "101 p9=0", "102 p6=0", "102 p7=0",
                "103 p4=0", "103 p5=0", "104 p2=0", "104 p3=0", "105 p0=0", "105 p1=0");
        assertThat(tb.tracing().dueCount()).isZero();
    }

    @Test
    void aLaterValueMustBeLaterAndFit() {
        Probe a = tb.probe("a", 4);
        assertThatThrownBy(() -> a.setThen(1, 0, 0)).hasMessageContaining("not after now");
        assertThatThrownBy(() -> a.setThen(1, 5, 16)).hasMessageContaining("does not fit");
    }

    /**
     * Random links' worth of TLPs: the stream equals the reference in which the later value is a
     * kernel event (with the old serial check), once both are reduced to the last value per probe
     * per picosecond, which is what a waveform shows.
     */
    @Test
    void equalsTheEventReferenceOnRandomTraffic() {
        for (long seed = 1; seed <= 50; seed++) {
            assertThat(waveform(seed, false)).as("seed " + seed).isEqualTo(waveform(seed, true));
        }
    }

    private static List<String> waveform(long seed, boolean withEvents) {
        Kernel k = new Kernel();
        Component root = Component.root(k, "tb", 1);
        int n = 3;
        Probe[] type = new Probe[n];
        Probe[] other = new Probe[n];
        long[] serial = new long[n];
        for (int i = 0; i < n; i++) {
            type[i] = root.probe("type" + i, 4);
            other[i] = root.probe("tag" + i, 8);
        }
        List<long[]> raw = new ArrayList<>();
        root.tracing().attach((t, p, v) -> raw.add(new long[] {t, p.id(), v}), p -> true);
        SplittableRandom r = new SplittableRandom(seed);
        for (int e = 0; e < 400; e++) {
            int i = r.nextInt(n);
            long at = r.nextLong(1, 2_000);
            long v = r.nextLong(1, 16);
            long len = r.nextLong(1, 40);
            long tag = r.nextLong(256);
            k.schedule(at, x -> {
                if (withEvents) {
                    type[i].set(v);
                    long s = ++serial[i];
                    k.schedule(k.now() + len, y -> {
                        if (serial[i] == s) {
                            type[i].set(0);
                        }
                    }, 0);
                } else {
                    type[i].setThen(v, k.now() + len, 0);
                }
                other[i].set(tag);
            }, 0);
        }
        k.runUntilIdle();
        root.tracing().releaseDue();
        List<String> out = new ArrayList<>();
        long lastT = -1;
        for (int j = 0; j < raw.size(); j++) {
            long[] c = raw.get(j);
            assertThat(c[0]).as("time order").isGreaterThanOrEqualTo(lastT);
            lastT = c[0];
        }
        // last value per (time, probe), in time then probe order
        java.util.TreeMap<String, Long> last = new java.util.TreeMap<>();
        for (long[] c : raw) {
            last.put(String.format("%08d %02d", c[0], c[1]), c[2]);
        }
        // drop entries that do not change the value (a set back at the same picosecond)
        long[] cur = new long[2 * n];
        last.forEach((key, v) -> {
            int id = Integer.parseInt(key.substring(9));
            if (cur[id] != v) {
                cur[id] = v;
                out.add(key + "=" + v);
            }
        });
        return out;
    }
}

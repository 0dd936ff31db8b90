package org.virtiosim.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.random.SplitMix64;

/**
 * The paths of the two-level wheel that random mixes rarely take: a bucket with many events out
 * of order (merge sort), equal far-future times in the heap, the heap's events moving into level
 * 1 while level 0 never empties, and a rewind with all three levels holding events.
 */
class EventQueueLevelsTest {

    record Fired(long time, long seq) {
    }

    /** Fires every scheduled event and checks the order against (time, scheduling order). */
    private static final class Recorder implements Handler {
        final Kernel kernel;
        final List<Fired> fired = new ArrayList<>();
        final List<Fired> scheduled = new ArrayList<>();
        long seq;

        Recorder(Kernel kernel) {
            this.kernel = kernel;
        }

        long at(long t) {
            long s = seq++;
            scheduled.add(new Fired(t, s));
            return kernel.schedule(t, this, s);
        }

        @Override
        public void handle(long s) {
            fired.add(new Fired(kernel.now(), s));
        }

        void assertOrder() {
            List<Fired> expected = new ArrayList<>(scheduled);
            expected.sort(Comparator.comparingLong(Fired::time).thenComparingLong(Fired::seq));
            assertThat(fired).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aBucketOfManyEventsOutOfOrderFiresInTimeThenSchedulingOrder() {
        Kernel k = new Kernel(); // 256-ps buckets
        Recorder r = new Recorder(k);
        SplitMix64 rnd = new SplitMix64(7);
        for (int i = 0; i < 500; i++) {
            r.at(10_000 + rnd.nextLong(64)); // 500 events, 64 distinct times, one bucket (the merge sort)
        }
        for (int i = 0; i < 12; i++) {
            r.at(20_000 + rnd.nextLong(200)); // a short bucket (the insertion sort)
        }
        k.runUntilIdle();
        r.assertOrder();
    }

    @Test
    void equalFarFutureTimesInTheHeapKeepSchedulingOrder() {
        Kernel k = new Kernel(); // level 1 reaches about 69 ms: 1 s is in the heap
        Recorder r = new Recorder(k);
        SplitMix64 rnd = new SplitMix64(11);
        List<Long> cancels = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long t = rnd.nextLong(3) == 0 ? 1_000_000_000_000L : 1_000_000_000_000L + rnd.nextLong(1000) * 1_000_000L;
            long h = r.at(t);
            if (rnd.nextLong(10) == 0) {
                cancels.add(h);
            }
        }
        for (long h : cancels) {
            assertThat(k.cancel(h)).isTrue();
        }
        k.runUntilIdle();
        List<Fired> expected = new ArrayList<>(r.scheduled);
        expected.removeIf(f -> r.fired.stream().noneMatch(g -> g.seq() == f.seq()));
        assertThat(r.fired).hasSize(300 - cancels.size());
        expected.sort(Comparator.comparingLong(Fired::time).thenComparingLong(Fired::seq));
        assertThat(r.fired).containsExactlyElementsOf(expected);
    }

    @Test
    void farEventsComeDownOnTimeWhileLevelZeroNeverEmpties() {
        Kernel k = new Kernel();
        Recorder r = new Recorder(k);
        // A tick every 2 us for 260 ms keeps level 0 busy: the heap's events must move to level 1
        // at page turns, not wait for a jump that never comes.
        Handler[] tick = new Handler[1];
        tick[0] = a -> {
            if (k.now() < 260_000_000_000L) {
                r.at(k.now() + 2_000_000L);
                k.schedule(k.now() + 2_000_000L, tick[0], 0);
            }
        };
        k.schedule(0, tick[0], 0);
        for (long ms : new long[] {100, 150, 150, 200, 250}) {
            r.at(ms * 1_000_000_000L + 500_000L); // beyond level 1 when scheduled at time 0
        }
        k.runUntilIdle();
        r.assertOrder();
    }

    @Test
    void aRewindWithEventsInEveryLevelKeepsOrder() {
        Kernel k = new Kernel();
        Recorder r = new Recorder(k);
        r.at(1_000);                       // level 0
        r.at(2_000);
        r.at(10_000_000L);                 // level 1 (10 us)
        r.at(10_000_000L);
        r.at(40_000_000_000L);             // level 1 (40 ms)
        r.at(500_000_000_000L);            // heap (0.5 s)
        r.at(500_000_000_000L);
        k.run(1_500);                      // fires 1000; the peek moves the wheel to 2000's bucket
        long now = k.now();
        r.at(now);                         // before the wheel's position: the rewind
        r.at(now + 100);
        r.at(10_000_000L);
        k.run(20_000_000L);                // a peek past the 10 us events onto the 40 ms one
        r.at(k.now() + 5);                 // a second rewind, with level 1 and the heap populated
        r.at(40_000_000_000L);
        k.runUntilIdle();
        r.assertOrder();
        assertThat(k.pending()).isZero();
    }
}

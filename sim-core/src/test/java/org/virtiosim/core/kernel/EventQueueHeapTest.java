package org.virtiosim.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.random.SplitMix64;

/**
 * The far-future heap on its own: with a 64-unit wheel nearly every event waits in the heap, so
 * the order they fire in is the heap's (time, scheduling order), through cancellations from the
 * middle of the heap.
 */
class EventQueueHeapTest {
    record Fired(long time, long seq) {
    }

    @Test
    void heapEventsFireInTimeThenSchedulingOrderThroughCancellations() {
        for (long seed = 1; seed <= 20; seed++) {
            SplitMix64 r = new SplitMix64(seed);
            Kernel k = new Kernel(0, 6, 16);
            List<Fired> fired = new ArrayList<>();
            List<Fired> expected = new ArrayList<>();
            List<long[]> handles = new ArrayList<>();
            Handler h = seq -> fired.add(new Fired(k.now(), seq));
            for (long s = 0; s < 3000; s++) {
                long t = 1000 + r.nextLong(200) * 37; // many equal times, all beyond the wheel
                handles.add(new long[] {k.schedule(t, h, s), t, s});
                expected.add(new Fired(t, s));
            }
            for (int i = 0; i < 600; i++) {
                long[] victim = handles.remove((int) r.nextLong(handles.size()));
                assertThat(k.cancel(victim[0])).isTrue();
                expected.remove(new Fired(victim[1], victim[2]));
            }
            k.runUntilIdle();
            expected.sort(Comparator.comparingLong(Fired::time).thenComparingLong(Fired::seq));
            assertThat(fired).as("seed %d", seed).containsExactlyElementsOf(expected);
        }
    }
}

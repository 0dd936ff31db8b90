package org.virtiosim.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.virtiosim.core.random.SplitMix64;

/**
 * The queue against the definition of its order: every event fires, in (time, scheduling order),
 * whatever the bucket width, wheel size, mix of near and far times, cancellations and
 * run(until) stops that move the wheel past the kernel's time.
 */
class EventQueueOrderTest {

    record Fired(long time, long seq) {
    }

    /** 200 seeded cases over bucket widths, wheel sizes, populations and time spreads. */
    static Stream<long[]> cases() {
        SplitMix64 r = new SplitMix64(2026);
        return Stream.generate(() -> new long[] {r.nextLong(), r.nextLong(13), 6 + r.nextLong(8), 1 + r.nextLong(300), r.nextLong(4)})
                .limit(200);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void firesInTimeThenSchedulingOrder(long[] params) {
        long seed = params[0];
        int bucketShift = (int) params[1];
        int wheelBits = (int) params[2];
        int initial = (int) params[3];
        int spreadKind = (int) params[4];
        long spread = switch (spreadKind) {
            case 0 -> 8;            // many ties
            case 1 -> 5_000;        // mostly within the wheel
            case 2 -> 10_000_000;   // mostly in the overflow heap
            default -> 1L << 40;    // far future
        };
        SplitMix64 rnd = new SplitMix64(seed);
        Kernel k = new Kernel(bucketShift, wheelBits, 4);
        List<Fired> fired = new ArrayList<>();
        List<Fired> expectedPending = new ArrayList<>();
        long[] seqCounter = {0};
        List<Long> cancellable = new ArrayList<>();
        List<Long> cancelledSeqs = new ArrayList<>();

        Handler[] self = new Handler[1];
        self[0] = arg -> {
            fired.add(new Fired(k.now(), arg));
            // Each firing schedules 0..2 successors, some at the same time (zero delay).
            int children = (int) rnd.nextLong(3);
            if (fired.size() > 3000) {
                children = 0;
            }
            for (int c = 0; c < children; c++) {
                long d = rnd.nextLong(4) == 0 ? 0 : rnd.nextLong(spread);
                long s = seqCounter[0]++;
                long h = k.scheduleIn(d, self[0], s);
                expectedPending.add(new Fired(k.now() + d, s));
                if (rnd.nextLong(5) == 0) {
                    cancellable.add(h);
                    cancelledSeqs.add(s);
                }
            }
            // Cancel one earlier-scheduled event now and then.
            if (!cancellable.isEmpty() && rnd.nextLong(3) == 0) {
                long h = cancellable.remove(cancellable.size() - 1);
                long s = cancelledSeqs.remove(cancelledSeqs.size() - 1);
                if (k.cancel(h)) {
                    expectedPending.removeIf(f -> f.seq() == s);
                }
            }
        };
        for (int i = 0; i < initial; i++) {
            long t = rnd.nextLong(spread);
            long s = seqCounter[0]++;
            k.schedule(t, self[0], s);
            expectedPending.add(new Fired(t, s));
        }
        // Run in slices so the wheel is peeked past the kernel's time between them.
        while (k.pending() > 0) {
            long until = k.now() + rnd.nextLong(spread) + 1;
            k.run(until);
            assertThat(k.now()).isEqualTo(until);
        }
        List<Fired> expected = new ArrayList<>(expectedPending);
        expected.sort(Comparator.comparingLong(Fired::time).thenComparingLong(Fired::seq));
        assertThat(fired).containsExactlyElementsOf(expected);
    }
}

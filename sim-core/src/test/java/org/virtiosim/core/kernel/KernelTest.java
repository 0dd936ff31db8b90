package org.virtiosim.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.random.SplitMix64;

class KernelTest {

    @Test
    void sameSeedGivesTheSameEventTraceAndAnotherSeedDoesNot() {
        long a = traceHash(42);
        assertThat(traceHash(42)).isEqualTo(a);
        assertThat(traceHash(43)).isNotEqualTo(a);
    }

    /** A small PHOLD-like model whose every firing (time, who) goes into an FNV-1a hash. */
    private static long traceHash(long seed) {
        Kernel k = new Kernel();
        SplitMix64 rnd = new SplitMix64(seed);
        long[] hash = {0xcbf29ce484222325L};
        int[] left = {20_000};
        Handler h = new Handler() {
            @Override
            public void handle(long who) {
                hash[0] = (hash[0] ^ k.now()) * 0x100000001b3L;
                hash[0] = (hash[0] ^ who) * 0x100000001b3L;
                if (--left[0] > 0) {
                    // Coarse delays give many ties, which scheduling order must settle.
                    k.scheduleIn(1000 * rnd.nextLong(8), this, rnd.nextLong(64));
                }
            }
        };
        for (int i = 0; i < 64; i++) {
            k.schedule(1000 * rnd.nextLong(4), h, i);
        }
        k.runUntilIdle();
        return hash[0];
    }

    @Test
    void equalTimesFireInSchedulingOrder() {
        Kernel k = new Kernel();
        List<Long> order = new ArrayList<>();
        Handler h = order::add;
        k.schedule(5000, h, 1);
        k.schedule(3000, h, 2);
        k.schedule(5000, h, 3);
        k.schedule(5000, h, 4);
        k.schedule(3000, h, 5);
        k.runUntilIdle();
        assertThat(order).containsExactly(2L, 5L, 1L, 3L, 4L);
    }

    @Test
    void cancelledEventDoesNotFireAndHandlesGoStale() {
        Kernel k = new Kernel();
        List<Long> order = new ArrayList<>();
        Handler h = order::add;
        long a = k.schedule(1000, h, 1);
        long b = k.schedule(2000, h, 2);
        long far = k.schedule(1_000_000_000L, h, 3);
        assertThat(k.pending()).isEqualTo(3);
        assertThat(k.cancel(b)).isTrue();
        assertThat(k.cancel(b)).isFalse();
        assertThat(k.isPending(b)).isFalse();
        assertThat(k.cancel(far)).isTrue();
        assertThat(k.pending()).isEqualTo(1);
        k.runUntilIdle();
        assertThat(order).containsExactly(1L);
        assertThat(k.cancel(a)).as("already fired").isFalse();
        // The freed slot is reused; an old handle must not cancel the new event.
        long c = k.schedule(5000, h, 4);
        assertThat(k.cancel(a)).isFalse();
        assertThat(k.cancel(b)).isFalse();
        assertThat(k.isPending(c)).isTrue();
        k.runUntilIdle();
        assertThat(order).containsExactly(1L, 4L);
    }

    @Test
    void cancelFromInsideAnEventOfAnEventAtTheSameTime() {
        Kernel k = new Kernel();
        List<Long> order = new ArrayList<>();
        long[] victim = new long[1];
        k.schedule(1000, arg -> {
            order.add(arg);
            assertThat(k.cancel(victim[0])).isTrue();
        }, 1);
        victim[0] = k.schedule(1000, order::add, 2);
        k.schedule(1000, order::add, 3);
        k.runUntilIdle();
        assertThat(order).containsExactly(1L, 3L);
    }

    @Test
    void runUntilIsInclusiveAndLeavesTimeAtTheBoundary() {
        Kernel k = new Kernel();
        List<Long> order = new ArrayList<>();
        Handler h = order::add;
        k.schedule(9_999, h, 1);
        k.schedule(10_000, h, 2);
        k.schedule(10_001, h, 3);
        assertThat(k.run(9_998)).isTrue();
        assertThat(order).isEmpty();
        assertThat(k.now()).isEqualTo(9_998);
        k.run(10_000);
        assertThat(order).containsExactly(1L, 2L);
        assertThat(k.now()).isEqualTo(10_000);
        // Something scheduled at the boundary after the run still fires next, before 10_001.
        k.schedule(10_000, h, 4);
        k.run(10_000);
        assertThat(order).containsExactly(1L, 2L, 4L);
        k.run(10_001);
        assertThat(order).containsExactly(1L, 2L, 4L, 3L);
        assertThat(k.pending()).isZero();
    }

    @Test
    void schedulingBeforeAPeekedFarEventKeepsOrder() {
        // run(until) peeks the next event far beyond until, which moves the wheel ahead of now;
        // events scheduled afterwards at nearer times must still come first.
        Kernel k = new Kernel();
        List<Long> order = new ArrayList<>();
        Handler h = order::add;
        k.schedule(50_000_000L, h, 1);
        k.run(1_000);
        k.schedule(2_000, h, 2);
        k.schedule(50_000_000L, h, 3);
        k.schedule(49_999_999L, h, 4);
        k.runUntilIdle();
        assertThat(order).containsExactly(2L, 4L, 1L, 3L);
    }

    @Test
    void stopFromInsideAnEventReturnsAfterIt() {
        Kernel k = new Kernel();
        List<Long> order = new ArrayList<>();
        k.schedule(1000, order::add, 1);
        k.schedule(2000, arg -> {
            order.add(arg);
            k.stop();
        }, 2);
        k.schedule(2000, order::add, 3);
        assertThat(k.runUntilIdle()).isFalse();
        assertThat(order).containsExactly(1L, 2L);
        assertThat(k.now()).isEqualTo(2000);
        assertThat(k.runUntilIdle()).isTrue();
        assertThat(order).containsExactly(1L, 2L, 3L);
    }

    @Test
    void rejectsThePast() {
        Kernel k = new Kernel();
        k.run(5000);
        assertThatThrownBy(() -> k.schedule(4999, arg -> { }, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> k.scheduleIn(-1, arg -> { }, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> k.run(4000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runIsNotReentrant() {
        Kernel k = new Kernel();
        k.schedule(1, arg -> k.run(10), 0);
        assertThatThrownBy(k::runUntilIdle).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void cancelledTimeoutsLeaveTheQueueAtOnce() {
        // A requester arms a 50 ms timeout per request and cancels it when the answer comes 500 ns
        // later: the queue must hold only the live timeouts, not every one ever armed.
        Kernel k = new Kernel();
        Handler timeout = arg -> {
            throw new AssertionError("no timeout should fire");
        };
        long[] armed = new long[1];
        Handler request = new Handler() {
            @Override
            public void handle(long n) {
                if (n > 0) {
                    k.cancel(armed[0]);
                }
                if (n < 200_000) {
                    armed[0] = k.scheduleIn(50_000_000_000L, timeout, n);
                    k.scheduleIn(500_000, this, n + 1);
                }
            }
        };
        k.schedule(0, request, 0);
        k.runUntilIdle();
        assertThat(k.pending()).isZero();
        assertThat(k.eventCapacity()).isLessThanOrEqualTo(1024);
    }

    @Test
    void cancellingFromTheMiddleOfABucketAndOfTheHeapKeepsOrder() {
        Kernel k = new Kernel(10, 6, 4); // small wheel: many events go to the heap
        List<Long> order = new ArrayList<>();
        Handler h = order::add;
        long[] handles = new long[40];
        for (int i = 0; i < 40; i++) {
            handles[i] = k.schedule(1000L * (i % 10) + (i < 20 ? 0 : 100_000_000L), h, i);
        }
        for (int i = 0; i < 40; i += 3) {
            assertThat(k.cancel(handles[i])).isTrue();
        }
        k.runUntilIdle();
        List<Long> expected = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            for (long i = t; i < 20; i += 10) {
                if (i % 3 != 0) {
                    expected.add(i);
                }
            }
        }
        for (int t = 0; t < 10; t++) {
            for (long i = 20 + t; i < 40; i += 10) {
                if (i % 3 != 0) {
                    expected.add(i);
                }
            }
        }
        assertThat(order).containsExactlyElementsOf(expected);
    }

    @Test
    void nextEventTimeIsTheEarliestPendingTimeOrMaxWhenIdle() {
        Kernel k = new Kernel();
        assertThat(k.nextEventTime()).isEqualTo(Long.MAX_VALUE);
        k.schedule(70_000_000L, arg -> { }, 0);
        assertThat(k.nextEventTime()).isEqualTo(70_000_000L);
        long h = k.schedule(3_000, arg -> { }, 0);
        assertThat(k.nextEventTime()).isEqualTo(3_000);
        k.cancel(h);
        assertThat(k.nextEventTime()).isEqualTo(70_000_000L);
        k.runUntilIdle();
        assertThat(k.nextEventTime()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void handlesFromEveryScheduleFormAreLiveUntilTheEventGoes() {
        Kernel k = new Kernel();
        List<Long> order = new ArrayList<>();
        long first = k.schedule(10, order::add, 1); // node 0
        long second = k.schedule(20, order::add);
        long third = k.scheduleIn(30, order::add, 3);
        long fourth = k.scheduleIn(40, order::add);
        assertThat(List.of(first, second, third, fourth)).doesNotHaveDuplicates();
        for (long h : new long[] {first, second, third, fourth}) {
            assertThat(k.isPending(h)).isTrue();
        }
        assertThat(k.cancel(first)).isTrue();
        assertThat(k.isPending(first)).isFalse();
        assertThat(k.cancel(first)).isFalse();
        assertThat(k.cancel(fourth)).isTrue();
        k.runUntilIdle();
        assertThat(order).containsExactly(0L, 3L);
        assertThat(k.isPending(second)).isFalse();
        assertThat(k.cancel(third)).isFalse();
    }

    @Test
    void handlesOutsideTheTableAreNeverPending() {
        Kernel k = new Kernel(10, 12, 16);
        k.schedule(5, arg -> { }, 0);
        int cap = k.eventCapacity();
        for (long bogus : new long[] {cap, cap + 1L, -1L, 0x7FFF_FFFFL, 1L << 32}) {
            assertThat(k.isPending(bogus)).as("%x", bogus).isFalse();
            assertThat(k.cancel(bogus)).as("%x", bogus).isFalse();
        }
        assertThat(k.pending()).isEqualTo(1);
    }

    @Test
    void eventCapacityFollowsThePeakNumberOfPendingEvents() {
        Kernel k = new Kernel(10, 12, 16);
        assertThat(k.eventCapacity()).isEqualTo(16);
        for (int i = 0; i < 17; i++) {
            k.schedule(i, arg -> { }, 0);
        }
        assertThat(k.eventCapacity()).isEqualTo(32);
        k.runUntilIdle();
        assertThat(k.eventCapacity()).isEqualTo(32);
        assertThat(k.eventsFired()).isEqualTo(17);
        assertThat(new Kernel(10, 12, 100).eventCapacity()).isEqualTo(100);
    }

    @Test
    void runTellsWhetherItReachedItsEnd() {
        Kernel k = new Kernel();
        k.schedule(100, arg -> { }, 0);
        assertThat(k.run(50)).isTrue();
        k.schedule(200, arg -> k.stop(), 0);
        k.schedule(300, arg -> { }, 0);
        assertThat(k.run(1_000)).isFalse();
        assertThat(k.now()).isEqualTo(200);
        assertThat(k.run(1_000)).isTrue();
        assertThat(k.now()).isEqualTo(1_000);
    }

    @Test
    void theQueueTuningIsBounded() {
        new EventQueue(0, 6, 1);
        new EventQueue(40, 18, 1);
        assertThatThrownBy(() -> new EventQueue(-1, 12, 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventQueue(41, 12, 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventQueue(10, 5, 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventQueue(10, 19, 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Kernel().schedule(0, null, 0)).isInstanceOf(NullPointerException.class);
    }

}

package org.virtiosim.testbench.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Results in the order given whatever order runs finish in; the heap cap; failures as on one thread; nesting without deadlock. */
class RunPoolTest {
    @Test
    void resultsComeBackInTheOrderGivenWhenTheLaterRunFinishesFirst() {
        CountDownLatch secondDone = new CountDownLatch(1);
        List<Supplier<String>> runs = List.of(() -> {
            await(secondDone);
            return "first";
        }, () -> {
            secondDone.countDown();
            return "second";
        });
        try (RunPool pool = RunPool.of(2)) {
            assertThat(pool.simulations(1, runs)).containsExactly("first", "second");
        }
    }

    @Test
    void twoThreadsRunTwoSimulationsAtOnce() {
        CyclicBarrier both = new CyclicBarrier(2);
        Supplier<Integer> meet = () -> {
            try {
                return both.await(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the other run never started alongside", e);
            }
        };
        try (RunPool pool = RunPool.of(2)) {
            assertThat(pool.simulations(1, List.of(meet, meet))).containsExactlyInAnyOrder(0, 1);
        }
    }

    @Test
    void runsThatWouldNotFitInTheHeapBudgetRunOneAtATime() {
        long oneRun = RunPool.heapBytes(1000);
        AtomicInteger going = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Supplier<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int n = i;
            runs.add(() -> {
                most.accumulateAndGet(going.incrementAndGet(), Math::max);
                for (int k = 0; k < 1000; k++) {
                    Thread.yield(); // room for another run to start alongside, were the cap broken
                }
                going.decrementAndGet();
                return n;
            });
        }
        try (RunPool pool = RunPool.of(4, oneRun + oneRun / 2)) {
            assertThat(pool.concurrentRuns(1000)).isEqualTo(1);
            assertThat(pool.concurrentRuns(1)).isEqualTo(4);
            assertThat(pool.simulations(1000, runs)).containsExactly(0, 1, 2, 3, 4, 5);
        }
        assertThat(most.get()).isEqualTo(1);
        // One run always goes, even one bigger than the whole budget.
        try (RunPool tiny = RunPool.of(2, 1)) {
            assertThat(tiny.concurrentRuns(65535)).isEqualTo(1);
            assertThat(tiny.simulations(65535, List.of(() -> "alone", () -> "next"))).containsExactly("alone", "next");
        }
    }

    @Test
    void theFirstFailureInTheOrderGivenIsThrownAsItWas() {
        CountDownLatch secondFailed = new CountDownLatch(1);
        List<Supplier<String>> runs = List.of(() -> {
            await(secondFailed);
            throw new IllegalArgumentException("first");
        }, () -> {
            secondFailed.countDown();
            throw new IllegalStateException("second");
        });
        try (RunPool pool = RunPool.of(2)) {
            assertThatThrownBy(() -> pool.simulations(1, runs)).isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("first");
            assertThatThrownBy(() -> pool.parts(List.of(() -> {
                throw new OutOfMemoryError("parts too");
            }, () -> "fine"))).isExactlyInstanceOf(OutOfMemoryError.class);
        }
    }

    @Test
    void partsThatEachWaitForSimulationsDoNotDeadlockAndASimulationAskingForMoreRunsThemItself() {
        try (RunPool pool = RunPool.of(2)) {
            List<Supplier<List<Integer>>> parts = new ArrayList<>();
            for (int p = 0; p < 6; p++) {
                int base = p * 10;
                List<Supplier<Integer>> inner = List.of(() -> 1, () -> 2);
                List<Supplier<Integer>> runs = List.of(() -> base, () -> base + pool.simulations(1, inner).get(1));
                parts.add(() -> pool.simulations(1, runs));
            }
            assertThat(pool.parts(parts)).containsExactly(List.of(0, 2), List.of(10, 12), List.of(20, 22), List.of(30, 32), List.of(40, 42),
                    List.of(50, 52));
        }
    }

    @Test
    void oneThreadRunsEverythingOnTheCallersThreadInOrderAndABadCountIsRefused() {
        Thread caller = Thread.currentThread();
        List<String> seen = new ArrayList<>();
        RunPool one = RunPool.of(1);
        assertThat(one).isSameAs(RunPool.SEQUENTIAL);
        one.simulations(1, List.of(() -> seen.add("a" + (Thread.currentThread() == caller)), () -> seen.add("b" + (Thread.currentThread() == caller))));
        assertThat(seen).containsExactly("atrue", "btrue");
        assertThatThrownBy(() -> RunPool.of(0)).hasMessageContaining("1..256");
        assertThatThrownBy(() -> RunPool.of(RunPool.MAX_THREADS + 1)).hasMessageContaining("got 257");
    }

    private static void await(CountDownLatch l) {
        try {
            if (!l.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other run never ran");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.virtiosim.device.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.component.Component;
import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;

/** N cores, first come first served: a job runs on the first free core and its handler fires when it ends. */
class FirmwareCoresTest {
    private static final long JOB = 400_000; // 400 cycles at 1 GHz, the default trapped access

    private final Kernel kernel = new Kernel();
    private final List<long[]> finished = new ArrayList<>();
    private final Handler done = arg -> finished.add(new long[] {arg, kernel.now()});

    @Test
    void aJobOnAnIdleCoreFinishesAfterItsDuration() {
        FirmwareCores cores = new FirmwareCores(kernel, 2);
        kernel.run(1_000);
        cores.submit(JOB, done, 77);
        assertThat(finished).isEmpty();
        kernel.run(1_000 + JOB - 1);
        assertThat(finished).isEmpty();
        kernel.runUntilIdle();
        assertThat(finished).containsExactly(new long[] {77, 1_000 + JOB});
        assertThat(cores.jobs()).isEqualTo(1);
        assertThat(cores.busyPs()).isEqualTo(JOB);
        assertThat(cores.maxQueueWaitPs()).isZero();
    }

    @Test
    void moreJobsThanCoresQueueInSubmissionOrder() {
        FirmwareCores cores = new FirmwareCores(kernel, 2);
        for (int i = 1; i <= 5; i++) {
            cores.submit(JOB, done, i);
        }
        kernel.runUntilIdle();
        assertThat(finished).containsExactly(new long[] {1, JOB}, new long[] {2, JOB}, new long[] {3, 2 * JOB},
                new long[] {4, 2 * JOB}, new long[] {5, 3 * JOB});
        assertThat(cores.jobs()).isEqualTo(5);
        assertThat(cores.busyPs()).as("core time summed over cores").isEqualTo(5 * JOB);
        assertThat(cores.maxQueueWaitPs()).isEqualTo(2 * JOB);
    }

    @Test
    void aJobTakesTheCoreThatFreesFirst() {
        FirmwareCores cores = new FirmwareCores(kernel, 2);
        cores.submit(3 * JOB, done, 1); // core A until 3J
        cores.submit(JOB, done, 2); // core B until J
        cores.submit(JOB, done, 3); // B frees first: J .. 2J
        kernel.runUntilIdle();
        assertThat(finished).containsExactly(new long[] {2, JOB}, new long[] {3, 2 * JOB}, new long[] {1, 3 * JOB});
        assertThat(cores.maxQueueWaitPs()).isEqualTo(JOB);
        assertThat(cores.busyPs()).isEqualTo(5 * JOB);
    }

    @Test
    void aCoreIdleAgainTakesTheNextJobAtOnce() {
        FirmwareCores cores = new FirmwareCores(kernel, 1);
        cores.submit(JOB, done, 1);
        kernel.run(10 * JOB);
        cores.submit(JOB, done, 2);
        kernel.runUntilIdle();
        assertThat(finished).containsExactly(new long[] {1, JOB}, new long[] {2, 11 * JOB});
        assertThat(cores.maxQueueWaitPs()).isZero();
    }

    @Test
    void maxQueueWaitIsTheLongestWait() {
        FirmwareCores cores = new FirmwareCores(kernel, 1);
        cores.submit(JOB, done, 1);
        cores.submit(JOB, done, 2); // waits J
        cores.submit(JOB, done, 3); // waits 2J
        kernel.run(JOB + JOB / 2);
        cores.submit(JOB, done, 4); // waits J/2 + J
        kernel.runUntilIdle();
        assertThat(cores.maxQueueWaitPs()).isEqualTo(2 * JOB);
        assertThat(finished).extracting(f -> f[1]).containsExactly(JOB, 2 * JOB, 3 * JOB, 4 * JOB);
    }

    @Test
    void aStallHoldsEveryCoreAndJobsWaitForIt() {
        FirmwareCores cores = new FirmwareCores(kernel, 2);
        cores.submit(JOB, done, 1); // core A: 0 .. J, its end is not moved by a stall starting later
        cores.stallUntil(5 * JOB);
        cores.submit(JOB, done, 2);
        cores.submit(JOB, done, 3);
        kernel.runUntilIdle();
        assertThat(finished).containsExactly(new long[] {1, JOB}, new long[] {2, 6 * JOB}, new long[] {3, 6 * JOB});
        assertThat(cores.maxQueueWaitPs()).isEqualTo(5 * JOB);
    }

    @Test
    void aStallEndingBeforeACoreIsFreeDoesNotShortenItsWork() {
        FirmwareCores cores = new FirmwareCores(kernel, 1);
        cores.submit(4 * JOB, done, 1);
        cores.stallUntil(2 * JOB);
        cores.submit(JOB, done, 2);
        kernel.runUntilIdle();
        assertThat(finished).containsExactly(new long[] {1, 4 * JOB}, new long[] {2, 5 * JOB});
    }

    @Test
    void aStallInThePastChangesNothing() {
        FirmwareCores cores = new FirmwareCores(kernel, 1);
        kernel.run(3 * JOB);
        cores.stallUntil(JOB);
        cores.submit(JOB, done, 1);
        kernel.runUntilIdle();
        assertThat(finished).containsExactly(new long[] {1, 4 * JOB});
        assertThat(cores.maxQueueWaitPs()).isZero();
    }

    @Test
    void tracedBusySignalsFollowEachCore() {
        Component fw = Component.root(kernel, "fw", 1);
        FirmwareCores cores = new FirmwareCores(kernel, 2);
        cores.trace(fw);
        assertThat(fw.tracing().probes()).extracting(p -> p.path() + "/" + p.width())
                .containsExactly("fw.core0_busy/1", "fw.core1_busy/1");
        List<String> changes = new ArrayList<>();
        fw.tracing().attach((t, p, v) -> changes.add(t + " " + p.name() + "=" + v), p -> true);

        cores.submit(JOB, done, 1); // core0: 0 .. J
        cores.submit(2 * JOB, done, 2); // core1: 0 .. 2J
        cores.submit(JOB, done, 3); // core0 again, back to back: J .. 2J, no idle gap
        kernel.run(3 * JOB);
        cores.submit(JOB, done, 4); // core0 after a gap: 3J .. 4J
        kernel.runUntilIdle();
        assertThat(changes).containsExactly(
                "0 core0_busy=1", "0 core1_busy=1",
                2 * JOB + " core1_busy=0", 2 * JOB + " core0_busy=0", // core1's end was scheduled first
                3 * JOB + " core0_busy=1", 4 * JOB + " core0_busy=0");
        assertThat(finished).hasSize(4);
    }

    @Test
    void untracedCoresScheduleOnlyTheCompletion() {
        FirmwareCores cores = new FirmwareCores(kernel, 1);
        cores.submit(JOB, done, 1);
        assertThat(kernel.pending()).isEqualTo(1);
        kernel.runUntilIdle();
        assertThat(kernel.eventsFired()).isEqualTo(1);
    }

    private List<String> traced(FirmwareCores cores) {
        Component fw = Component.root(kernel, "fw", 1);
        cores.trace(fw);
        List<String> changes = new ArrayList<>();
        fw.tracing().attach((t, p, v) -> changes.add(t + " " + p.name() + "=" + v), p -> true);
        return changes;
    }

    @Test
    void aStallDuringATracedJobKeepsTheCoreBusyToTheStallsEndThenIdle() {
        FirmwareCores cores = new FirmwareCores(kernel, 1);
        List<String> changes = traced(cores);
        cores.submit(JOB, done, 1); // 0 .. J
        kernel.run(JOB / 2);
        cores.stallUntil(3 * JOB); // the core is held to 3J
        kernel.runUntilIdle();
        assertThat(changes).containsExactly("0 core0_busy=1", 3 * JOB + " core0_busy=0");
        assertThat(finished).containsExactly(new long[] {1, JOB});
    }

    @Test
    void aStallOfAnIdleTracedCoreShowsItBusyForTheStall() {
        FirmwareCores cores = new FirmwareCores(kernel, 2);
        List<String> changes = traced(cores);
        kernel.run(JOB);
        cores.stallUntil(2 * JOB);
        kernel.runUntilIdle();
        assertThat(changes).containsExactly(JOB + " core0_busy=1", JOB + " core1_busy=1",
                2 * JOB + " core0_busy=0", 2 * JOB + " core1_busy=0");
    }

    @Test
    void aJobAfterAStallKeepsTheTracedCoreBusyWithoutAGap() {
        FirmwareCores cores = new FirmwareCores(kernel, 1);
        List<String> changes = traced(cores);
        cores.submit(JOB, done, 1); // 0 .. J
        cores.stallUntil(2 * JOB);
        cores.submit(JOB, done, 2); // after the stall: 2J .. 3J
        kernel.runUntilIdle();
        assertThat(changes).containsExactly("0 core0_busy=1", 3 * JOB + " core0_busy=0");
        assertThat(finished).containsExactly(new long[] {1, JOB}, new long[] {2, 3 * JOB});
    }

    @Test
    void aStallInsideATracedJobChangesNothing() {
        FirmwareCores cores = new FirmwareCores(kernel, 1);
        List<String> changes = traced(cores);
        cores.submit(4 * JOB, done, 1);
        cores.stallUntil(2 * JOB);
        kernel.run(JOB);
        cores.stallUntil(JOB / 2); // already past
        kernel.runUntilIdle();
        assertThat(changes).containsExactly("0 core0_busy=1", 4 * JOB + " core0_busy=0");
    }

    @Test
    void anUntracedStallSchedulesNothing() {
        FirmwareCores cores = new FirmwareCores(kernel, 2);
        cores.stallUntil(JOB);
        assertThat(kernel.pending()).isZero();
    }

    @Test
    void aStallEndingNowChangesNoTracedSignal() {
        FirmwareCores cores = new FirmwareCores(kernel, 1);
        List<String> changes = traced(cores);
        kernel.run(JOB);
        cores.stallUntil(JOB);
        kernel.runUntilIdle();
        assertThat(changes).isEmpty();
    }

    @Test
    void aStallStartingAsAJobEndsShowsTheCoreBusyForTheStall() {
        FirmwareCores cores = new FirmwareCores(kernel, 1);
        Component fw = Component.root(kernel, "fw", 1);
        cores.trace(fw);
        org.virtiosim.core.component.Probe busy = fw.tracing().probes().get(0);
        cores.submit(JOB, done, 1);
        kernel.run(JOB); // the job has just ended
        assertThat(busy.value()).isZero();
        cores.stallUntil(2 * JOB);
        assertThat(busy.value()).as("stalled").isEqualTo(1);
        kernel.run(2 * JOB);
        assertThat(busy.value()).isZero();
    }
}

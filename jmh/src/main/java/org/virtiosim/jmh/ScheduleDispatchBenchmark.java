package org.virtiosim.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;

/**
 * Schedule + dispatch in steady state: {@code pending} events are always queued, each firing
 * schedules its successor. One operation is one event fired and one scheduled: an invocation
 * runs the kernel until exactly 1000 events have fired (the handler calls {@code stop()}). Run
 * with {@code -prof gc}: gc.alloc.rate.norm is the bytes allocated per event.
 *
 * <p>{@code regular}: chain i fires at i, i + P, i + 2P, ... (P = pending ns), one event per ns.
 * {@code random}: delays 1..4096 ns from an LCG, so events spread over the wheel and the heap.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScheduleDispatchBenchmark {
    private static final long NS = 1000;

    @Param({"64", "4096"})
    int pending;

    @Param({"regular", "random"})
    String delays;

    private Kernel kernel;
    private long sink;
    private InvocationBatch batch;

    private final class Chain implements Handler {
        private final boolean random;
        private long lcg = 12345;

        Chain(boolean random) {
            this.random = random;
        }

        @Override
        public void handle(long arg) {
            sink += arg;
            long delay;
            if (random) {
                lcg = lcg * 6364136223846793005L + 1442695040888963407L;
                delay = (1 + (lcg >>> 52)) * NS;
            } else {
                delay = pending * NS;
            }
            kernel.scheduleIn(delay, this, arg + 1);
            batch.fired();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        kernel = new Kernel();
        batch = new InvocationBatch(kernel);
        Chain chain = new Chain("random".equals(delays));
        for (int i = 0; i < pending; i++) {
            kernel.schedule(i * NS, chain, i);
        }
        for (int i = 0; i < 1000; i++) {
            kernel.runUntilIdle();
        }
    }

    /** Fires exactly 1000 events. */
    @Benchmark
    @OperationsPerInvocation(InvocationBatch.SIZE)
    public long scheduleAndDispatch() {
        kernel.runUntilIdle();
        return sink;
    }
}

package org.virtiosim.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.virtiosim.core.clock.Clock;
import org.virtiosim.core.clock.ClockDomain;
import org.virtiosim.core.clock.ClockedProcess;
import org.virtiosim.core.clock.RegisterArray;
import org.virtiosim.core.kernel.Kernel;

/**
 * One edge of a 4096-process clock domain (the CLOCKED workload's inner loop): one operation is
 * one process activation. With {@code -prof gc}, bytes allocated per activation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClockedEdgeBenchmark {
    private static final int PROCESSES = 4096;
    private static final long PERIOD = 2000;

    private Kernel kernel;

    @Setup
    public void setUp() {
        kernel = new Kernel();
        ClockDomain domain = new ClockDomain(kernel, new Clock("clk", PERIOD));
        RegisterArray p = domain.registers("p", PROCESSES);
        for (int k = 0; k < PROCESSES; k++) {
            int me = k;
            int next = (k + 1) % PROCESSES;
            domain.add(new ClockedProcess() {
                long v = me;

                @Override
                public void onEdge(long cycle) {
                    v = v * 6364136223846793005L + p.get(next) + 1442695040888963407L;
                    p.set(me, v);
                }
            });
        }
    }

    @Benchmark
    @OperationsPerInvocation(PROCESSES)
    public long edge() {
        kernel.run(kernel.now() + PERIOD);
        return kernel.now();
    }
}

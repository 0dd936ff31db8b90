package org.virtiosim.core.bench;

import org.virtiosim.core.clock.Clock;
import org.virtiosim.core.clock.ClockDomain;
import org.virtiosim.core.clock.ClockedProcess;
import org.virtiosim.core.clock.RegisterArray;
import org.virtiosim.core.kernel.Kernel;

/**
 * The CLOCKED workload of ../shared/bench/SPEC.md: N modules, each a {@link ClockedProcess} on one
 * clock of period 2 ticks, reading its neighbour's published value through a
 * {@link RegisterArray} (the spec's {@code sc_signal} semantics: every module reads the values of
 * the previous edge). C edges at 0, 2, ..., 2(C-1) ticks; one tick is 1 ns.
 */
public final class ClockedWorkload {
    public static final long TICK_PS = 1000;

    private final Kernel kernel = new Kernel();
    private final ClockDomain domain;
    private final Module[] modules;
    private final long cycles;

    public ClockedWorkload(int n, long cycles) {
        if (n <= 0 || cycles <= 0) {
            throw new IllegalArgumentException("CLOCKED sizes must be > 0");
        }
        this.cycles = cycles;
        this.domain = new ClockDomain(kernel, new Clock("clk", 2 * TICK_PS));
        RegisterArray published = domain.registers("p", n);
        this.modules = new Module[n];
        for (int k = 0; k < n; k++) {
            modules[k] = new Module(k, (k + 1) % n, published);
            domain.add(modules[k]);
        }
    }

    public BenchResult run() {
        long start = System.nanoTime();
        kernel.run(domain.clock().timeOfCycle(cycles - 1));
        long nanos = System.nanoTime() - start;
        long checksum = 0;
        for (Module m : modules) {
            checksum ^= m.v;
        }
        return new BenchResult("clocked", domain.activations(), checksum, nanos);
    }

    private static final class Module implements ClockedProcess {
        private final int k;
        private final int neighbour;
        private final RegisterArray published;
        private long v;

        Module(int k, int neighbour, RegisterArray published) {
            this.k = k;
            this.neighbour = neighbour;
            this.published = published;
            this.v = k;
        }

        @Override
        public void onEdge(long cycle) {
            v = v * 6364136223846793005L + published.get(neighbour) + 1442695040888963407L;
            published.set(k, v);
        }
    }
}

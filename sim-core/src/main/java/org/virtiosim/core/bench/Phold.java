package org.virtiosim.core.bench;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;

/**
 * The PHOLD workload of ../shared/bench/SPEC.md on the kernel's public API. One handler serves
 * every LP: the event's argument is the LP number, so an event is (time, LP) as the spec says and
 * nothing is allocated per event. One spec tick is {@link #TICK_PS} ps (1 ns, the SystemC peer's
 * time resolution).
 */
public final class Phold implements Handler {
    public static final long TICK_PS = 1000;

    private final int lps;
    private final int initialPerLp;
    private final long endTick;
    private final long[] rng;
    private final Kernel kernel;
    private long events;
    private long sum;

    /** Builds the model (excluded from the timed run, as in the spec). */
    public Phold(int lps, int initialPerLp, long endTick) {
        if (lps <= 0 || initialPerLp <= 0 || endTick <= 0) {
            throw new IllegalArgumentException("PHOLD sizes must be > 0");
        }
        this.lps = lps;
        this.initialPerLp = initialPerLp;
        this.endTick = endTick;
        this.rng = new long[lps];
        for (int i = 0; i < lps; i++) {
            rng[i] = 12345L + i;
        }
        this.kernel = new Kernel(Kernel.DEFAULT_BUCKET_SHIFT, Kernel.DEFAULT_WHEEL_BITS, lps * initialPerLp);
    }

    /** Schedules the initial events and runs until idle; both are timed, as in the SystemC peer. */
    public BenchResult run() {
        long start = System.nanoTime();
        for (int i = 0; i < lps; i++) {
            for (int j = 0; j < initialPerLp; j++) {
                long r = draw(i);
                kernel.schedule((1 + (r & 63)) * TICK_PS, this, i);
            }
        }
        kernel.runUntilIdle();
        long nanos = System.nanoTime() - start;
        return new BenchResult("phold", events, sum + events, nanos);
    }

    @Override
    public void handle(long lp) {
        int i = (int) lp;
        long t = kernel.now() / TICK_PS;
        events++;
        sum += t * 1000003L + i;
        long r1 = draw(i);
        long r2 = draw(i);
        int target = Long.remainderUnsigned(r1, 1000) >= 500 ? i : (int) ((r1 >>> 11) % lps);
        long next = t + 1 + (r2 & 63);
        if (next <= endTick) {
            kernel.schedule(next * TICK_PS, this, target);
        }
    }

    private long draw(int i) {
        long z = (rng[i] += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

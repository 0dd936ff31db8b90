package org.virtiosim.core.bench;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;

/**
 * MODEL-PATTERN: the event pattern the device model puts on the kernel, without the model
 * (bench/MODEL-PATTERN.md is the workload's text; bench/peers has its SystemC and SSJ versions).
 *
 * <p>Recorded from {@code compare --vfs 4096} (every scheme and notify route, seed 1): 173.5
 * million schedules, of which 8.3% are Completion Timeouts armed 50 ms ahead and cancelled about
 * a microsecond later, and the rest delays from 1 ps to 17 ms whose log2 histogram is
 * {@link #DELAY_WEIGHTS}; 99.3% of fired events are at a time no other event has; at most
 * about 8200 events pending. Here N chains (one per VF) each keep one event pending: firing
 * draws the chain's next delay from that histogram, and now and then arms a timeout that a later
 * step of the same chain cancels (or, for one request in 1024, never does, so it fires).
 *
 * <p>Chains never touch each other's state, every chain delay is even and every timeout odd, so
 * no two events of one chain share a time: the count and checksum do not depend on how
 * equal-time events of different chains are ordered, and any correct scheduler gives the same.
 */
public final class ModelPattern {
    /** Completion Timeout armed per request: 50 ms + 1 ps, odd so it never meets a chain step. */
    public static final long TIMEOUT_PS = 50_000_000_001L;
    /** Out of 65536 chain steps, how many arm a timeout when none is armed (8.3% of schedules). */
    public static final int ARM_PER_65536 = 5953;
    /**
     * Weight out of 65536 of a delay in [2^(b-1), 2^b) ps for b = 1..34 (index b; b = 1 is
     * exactly 1 ps): the recorded histogram scaled to 65536, the rounding put in b = 16.
     */
    static final int[] DELAY_WEIGHTS = {
        0, 1091, 0, 0, 0, 1, 1, 2, 5, 750, 32, 1313, 5857, 910, 1425, 5447, 30437, 526, 7479, 1644,
        4993, 2950, 16, 51, 541, 3, 22, 6, 0, 1, 18, 2, 4, 8, 1,
    };
    /** bin of each 16-bit draw: BIN[r & 0xFFFF] is b with probability DELAY_WEIGHTS[b] / 65536. */
    private static final byte[] BIN = new byte[65536];

    static {
        int k = 0;
        for (int b = 0; b < DELAY_WEIGHTS.length; b++) {
            for (int w = 0; w < DELAY_WEIGHTS[b]; w++) {
                BIN[k++] = (byte) b;
            }
        }
        if (k != BIN.length) {
            throw new AssertionError("delay weights sum to " + k + ", not 65536");
        }
    }

    private final int chains;
    private final long endPs;
    private final long[] rng;
    /** Chain steps left before the chain's armed timeout is cancelled; 0: none armed; -1: armed, never cancelled. */
    private final int[] left;
    private final long[] timeout;
    private final Kernel kernel;
    private final Handler step = this::step;
    private final Handler expire = this::expire;
    private long events;
    private long sum;

    public ModelPattern(int chains, long endPs) {
        this(chains, endPs, Kernel.DEFAULT_BUCKET_SHIFT, Kernel.DEFAULT_WHEEL_BITS);
    }

    /** With the kernel's queue tuned otherwise: the counts and checksum must not change. */
    ModelPattern(int chains, long endPs, int bucketShift, int wheelBits) {
        if (chains <= 0 || endPs <= 0) {
            throw new IllegalArgumentException("MODEL-PATTERN sizes must be > 0");
        }
        this.chains = chains;
        this.endPs = endPs;
        this.rng = new long[chains];
        this.left = new int[chains];
        this.timeout = new long[chains];
        for (int i = 0; i < chains; i++) {
            rng[i] = 777L + i;
        }
        this.kernel = new Kernel(bucketShift, wheelBits, 2 * chains);
    }

    /** Every chain's first step at time 0, then until idle; both timed, as in the peers. */
    public BenchResult run() {
        long start = System.nanoTime();
        for (int i = 0; i < chains; i++) {
            kernel.schedule(0, step, i);
        }
        kernel.runUntilIdle();
        long nanos = System.nanoTime() - start;
        return new BenchResult("model-pattern", events, sum + events, nanos);
    }

    private void step(long chain) {
        int i = (int) chain;
        long t = kernel.now();
        events++;
        sum += t * 1000003L + i;
        long r1 = draw(i);
        long r2 = draw(i);
        int l = left[i];
        if (l > 0) {
            if (l == 1) {
                kernel.cancel(timeout[i]); // the completion came
            }
            left[i] = l - 1;
        } else if (l == 0 && ((r1 >>> 16) & 0xFFFF) < ARM_PER_65536) {
            left[i] = ((r1 >>> 32) & 1023) == 0 ? -1 : 1 + (int) ((r1 >>> 42) & 15);
            timeout[i] = kernel.schedule(t + TIMEOUT_PS, expire, i);
        }
        int b = BIN[(int) (r1 & 0xFFFF)];
        long d = b == 1 ? 1 : (1L << (b - 1)) + (r2 & ((1L << (b - 1)) - 1)); // uniform in [2^(b-1), 2^b)
        long next = t + ((d + 1) & ~1L);
        if (next <= endPs) {
            kernel.schedule(next, step, i);
        }
    }

    private void expire(long chain) {
        int i = (int) chain;
        events++;
        sum += kernel.now() * 1000003L + i + 0x5BD1E995L;
        left[i] = 0;
    }

    private long draw(int i) {
        long z = (rng[i] += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

package bench.ssj;

import umontreal.ssj.simevents.Event;
import umontreal.ssj.simevents.Simulator;
import umontreal.ssj.simevents.eventlist.EventList;

/**
 * MODEL-PATTERN (../../MODEL-PATTERN.md) on SSJ's scheduler, in the style of
 * ../../../../shared/bench/java-ssj's PHOLD: each chain is one {@link Step} event rescheduled as
 * its own successor, and owns one {@link Timeout} event, scheduled when armed and cancelled
 * (removed from the event list) when the completion comes. Times are integer ps held in SSJ's
 * double clock: every time here is below 2^53, so exact. The event objects are built with the
 * model; scheduling the first steps and running are the timed part.
 */
final class ModelPattern {
    static final long TIMEOUT_PS = 50_000_000_001L;
    static final int ARM_PER_65536 = 5953;
    static final int[] DELAY_WEIGHTS = {
        0, 1091, 0, 0, 0, 1, 1, 2, 5, 750, 32, 1313, 5857, 910, 1425, 5447, 30437, 526, 7479, 1644,
        4993, 2950, 16, 51, 541, 3, 22, 6, 0, 1, 18, 2, 4, 8, 1,
    };
    private static final byte[] BIN = new byte[65536];

    static {
        int k = 0;
        for (int b = 0; b < DELAY_WEIGHTS.length; b++) {
            for (int w = 0; w < DELAY_WEIGHTS[b]; w++) {
                BIN[k++] = (byte) b;
            }
        }
        if (k != BIN.length) {
            throw new AssertionError("delay weights sum to " + k);
        }
    }

    private final long end;
    private final long[] rng;
    private final int[] left;
    private final Step[] steps;
    private final Timeout[] timeouts;
    private final Simulator sim;
    private long events;
    private long sum;

    ModelPattern(EventList list, int n, long end) {
        this.end = end;
        this.rng = new long[n];
        this.left = new int[n];
        this.sim = new Simulator(list);
        this.steps = new Step[n];
        this.timeouts = new Timeout[n];
        for (int i = 0; i < n; i++) {
            rng[i] = 777L + i;
            steps[i] = new Step(sim, i);
            timeouts[i] = new Timeout(sim, i);
        }
    }

    private long draw(int i) {
        long z = rng[i] += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private final class Step extends Event {
        private final int i;

        Step(Simulator sim, int i) {
            super(sim);
            this.i = i;
        }

        @Override
        public void actions() {
            long t = (long) sim.time();
            events++;
            sum += t * 1000003L + i;
            long r1 = draw(i);
            long r2 = draw(i);
            int l = left[i];
            if (l > 0) {
                if (l == 1) {
                    timeouts[i].cancel();
                }
                left[i] = l - 1;
            } else if (l == 0 && ((r1 >>> 16) & 0xFFFF) < ARM_PER_65536) {
                left[i] = ((r1 >>> 32) & 1023) == 0 ? -1 : 1 + (int) ((r1 >>> 42) & 15);
                timeouts[i].schedule(TIMEOUT_PS);
            }
            int b = BIN[(int) (r1 & 0xFFFF)];
            long d = b == 1 ? 1 : (1L << (b - 1)) + (r2 & ((1L << (b - 1)) - 1));
            long step = (d + 1) & ~1L;
            if (t + step <= end) {
                schedule(step);
            }
        }
    }

    private final class Timeout extends Event {
        private final int i;

        Timeout(Simulator sim, int i) {
            super(sim);
            this.i = i;
        }

        @Override
        public void actions() {
            events++;
            sum += (long) sim.time() * 1000003L + i + 0x5BD1E995L;
            left[i] = 0;
        }
    }

    long[] run() {
        long t0 = System.nanoTime();
        for (Step s : steps) {
            s.schedule(0);
        }
        sim.start();
        long nanos = System.nanoTime() - t0;
        return new long[] {events, sum + events, nanos};
    }
}

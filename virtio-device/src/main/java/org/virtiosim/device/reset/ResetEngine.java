package org.virtiosim.device.reset;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;

/**
 * Resets VFs: each takes a fixed time, at most {@code parallel} at once, the rest wait their turn
 * in request order. A VF reset in a storm of thousands therefore finishes long after its own
 * reset time, which is what the schemes must cope with.
 */
public final class ResetEngine {
    /** Told when a VF's reset has finished. */
    @FunctionalInterface
    public interface Listener {
        void resetDone(int vf);
    }

    private final Kernel kernel;
    private final long resetPs;
    private final long[] slotFreeAt;
    private final Handler done;
    private long resets;
    private long maxWaitPs;

    public ResetEngine(Kernel kernel, long resetPs, int parallel, Listener listener) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel resets must be >= 1, got " + parallel);
        }
        this.kernel = kernel;
        this.resetPs = resetPs;
        this.slotFreeAt = new long[parallel];
        this.done = vf -> listener.resetDone((int) vf);
    }

    /** Starts (or queues) the reset of a VF. */
    public void request(int vf) {
        resets++;
        int best = 0;
        for (int i = 1; i < slotFreeAt.length; i++) {
            if (slotFreeAt[i] < slotFreeAt[best]) {
                best = i;
            }
        }
        long now = kernel.now();
        long start = Math.max(now, slotFreeAt[best]);
        slotFreeAt[best] = start + resetPs;
        maxWaitPs = Math.max(maxWaitPs, start - now);
        kernel.schedule(start + resetPs, done, vf);
    }

    public long resets() {
        return resets;
    }

    /** Longest a reset waited for a free slot, ps. */
    public long maxWaitPs() {
        return maxWaitPs;
    }
}

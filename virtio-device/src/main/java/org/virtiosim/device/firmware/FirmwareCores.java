package org.virtiosim.device.firmware;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;

/**
 * N firmware cores taking jobs first come, first served: a job runs on the first core free and its
 * handler fires when it finishes. With fewer cores than concurrent work, jobs queue: this is where
 * firmware-backed schemes lose to hardware at scale.
 */
public final class FirmwareCores {
    private final Kernel kernel;
    private final long[] freeAt;
    private long busyPs;
    private long jobs;
    private long maxWaiting;

    public FirmwareCores(Kernel kernel, int cores) {
        this.kernel = kernel;
        this.freeAt = new long[cores];
        this.markBusy = core -> busy[(int) core].set(1);
        this.markIdle = core -> {
            if (freeAt[(int) core] <= kernel.now()) {
                busy[(int) core].set(0);
            }
        };
    }

    /** Runs a job of {@code durationPs} on the first free core; {@code done.handle(arg)} when it ends. */
    public void submit(long durationPs, Handler done, long arg) {
        jobs++;
        busyPs += durationPs;
        long now = kernel.now();
        int best = 0;
        for (int i = 1; i < freeAt.length; i++) {
            if (freeAt[i] < freeAt[best]) {
                best = i;
            }
        }
        // Cores are granted in submission order: the earliest-free core is the next one any job gets.
        long start = Math.max(now, freeAt[best]);
        freeAt[best] = start + durationPs;
        if (busy != null) {
            kernel.schedule(start, markBusy, best);
            kernel.schedule(start + durationPs, markIdle, best);
        }
        if (start > now) {
            maxWaiting = Math.max(maxWaiting, start - now);
        }
        kernel.schedule(start + durationPs, done, arg);
    }

    // Waveform signals, one per core; null unless trace() was called (then two events per job).
    private org.virtiosim.core.component.Probe[] busy;
    private final Handler markBusy;
    private final Handler markIdle;

    /** Creates a busy signal per core under {@code c}. */
    public void trace(org.virtiosim.core.component.Component c) {
        busy = new org.virtiosim.core.component.Probe[freeAt.length];
        for (int i = 0; i < freeAt.length; i++) {
            busy[i] = c.probe("core" + i + "_busy", 1);
        }
    }

    /**
     * Every core is busy until {@code untilPs} (a firmware stall: fault injection, a long interrupt
     * handler). A traced core shows busy for the stall, from now if it was idle, and idle again at
     * its end unless a job follows.
     */
    public void stallUntil(long untilPs) {
        long now = kernel.now();
        for (int i = 0; i < freeAt.length; i++) {
            if (untilPs > freeAt[i]) {
                if (busy != null && untilPs > now) {
                    if (freeAt[i] <= now) {
                        busy[i].set(1);
                    }
                    // The end of the work before the stall no longer idles the core: the stall's end does.
                    kernel.schedule(untilPs, markIdle, i);
                }
                freeAt[i] = untilPs;
            }
        }
    }

    public long jobs() {
        return jobs;
    }

    /** Core time spent, summed over cores, ps. */
    public long busyPs() {
        return busyPs;
    }

    /** Longest a job waited for a core, ps. */
    public long maxQueueWaitPs() {
        return maxWaiting;
    }
}

package org.virtiosim.device.firmware;

import org.virtiosim.core.component.Component;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.core.slot.LongColumn;
import org.virtiosim.core.slot.ObjectColumn;
import org.virtiosim.core.slot.SlotTable;

/**
 * N firmware cores taking jobs first come, first served: a job waits in one queue until a core is
 * free, runs there for its time, and the core then takes the next. With fewer cores than concurrent
 * work, jobs queue: this is where firmware-backed schemes lose to hardware at scale.
 *
 * <p>A job is either of a fixed duration ({@link #submit(long, Handler, long)}: its handler fires
 * when it ends) or a run of the firmware program, whose length its handler decides when the core
 * takes it up ({@link Worker}). The queue and the jobs are preallocated tables: nothing is
 * allocated per job in steady state.
 */
public final class FirmwareCores {
    /** What a core does with a program run: the {@link FirmwareRuntime}. */
    interface Worker {
        /** Core {@code core} takes up job {@code token} now: returns how long it is busy with it, ps. */
        long start(long token, int core);

        /** The job's time on core {@code core} is over. */
        void end(long token, int core);
    }

    private static final long NONE = -1;
    /** Tokens with this bit are fixed-duration jobs (an index into the fixed table); the others are the worker's. */
    private static final long FIXED = 1L << 62;

    private final Kernel kernel;
    private final long[] running;
    private final long[] endAt;
    /** A stall holds the core until then ({@link #stallUntil}). */
    private final long[] availableAt;
    private final boolean[] wakeScheduled;
    private final Handler ended;
    private final Handler woken;
    private Worker worker;

    // Jobs waiting for a core, oldest first: a ring that doubles when full (a few times in a run at most).
    private long[] waiting = new long[64];
    private long[] waitingSince = new long[64];
    private int waitHead;
    private int waitCount;

    private final SlotTable fixed = new SlotTable(64);
    private final LongColumn fixedPs = fixed.longColumn();
    private final LongColumn fixedArg = fixed.longColumn();
    private final ObjectColumn<Handler> fixedDone = fixed.objectColumn();

    private long busyPs;
    private long jobs;
    private long maxWaiting;

    // Waveform signals, one per core; null unless trace() was called.
    private Probe[] busy;

    public FirmwareCores(Kernel kernel, int cores) {
        if (cores < 1) {
            throw new IllegalArgumentException("firmware cores must be >= 1, got " + cores);
        }
        this.kernel = kernel;
        this.running = new long[cores];
        this.endAt = new long[cores];
        this.availableAt = new long[cores];
        this.wakeScheduled = new boolean[cores];
        java.util.Arrays.fill(running, NONE);
        this.ended = core -> ended((int) core);
        this.woken = core -> woken((int) core);
    }

    /** The cores in this set. */
    public int count() {
        return running.length;
    }

    void worker(Worker w) {
        this.worker = w;
    }

    /** Runs a job of {@code durationPs} on the first free core; {@code done.handle(arg)} when it ends. */
    public void submit(long durationPs, Handler done, long arg) {
        int id = fixed.allocate();
        fixedPs.set(id, durationPs);
        fixedArg.set(id, arg);
        fixedDone.set(id, done);
        submit(FIXED | id);
    }

    /** Queues a job of the worker's; it starts at once if a core is free. */
    void submit(long token) {
        jobs++;
        if (waitCount == waiting.length) {
            grow();
        }
        int tail = (waitHead + waitCount) % waiting.length;
        waiting[tail] = token;
        waitingSince[tail] = kernel.now();
        waitCount++;
        dispatch();
    }

    private void grow() {
        long[] w = new long[waiting.length * 2];
        long[] s = new long[w.length];
        for (int i = 0; i < waitCount; i++) {
            w[i] = waiting[(waitHead + i) % waiting.length];
            s[i] = waitingSince[(waitHead + i) % waiting.length];
        }
        waiting = w;
        waitingSince = s;
        waitHead = 0;
    }

    /** Gives waiting jobs, oldest first, to the free cores, lowest first; wakes stalled idle cores when jobs wait. */
    private void dispatch() {
        long now = kernel.now();
        while (waitCount > 0) {
            int core = -1;
            for (int i = 0; i < running.length; i++) {
                if (running[i] == NONE && availableAt[i] <= now) {
                    core = i;
                    break;
                }
            }
            if (core < 0) {
                break;
            }
            long token = waiting[waitHead];
            long since = waitingSince[waitHead];
            waitHead = (waitHead + 1) % waiting.length;
            waitCount--;
            start(core, token, now - since);
        }
        if (waitCount > 0) {
            for (int i = 0; i < running.length; i++) {
                if (running[i] == NONE && availableAt[i] > now) {
                    wakeAt(i);
                }
            }
        }
    }

    private void start(int core, long token, long waitedPs) {
        long now = kernel.now();
        running[core] = token;
        maxWaiting = Math.max(maxWaiting, waitedPs);
        if (busy != null) {
            busy[core].set(1);
        }
        long d = (token & FIXED) != 0 ? fixedPs.get((int) (token & ~FIXED)) : worker.start(token, core);
        busyPs += d;
        endAt[core] = now + d;
        kernel.schedule(now + d, ended, core);
    }

    private void ended(int core) {
        long token = running[core];
        // The core is free before the job's effects: work they submit may take it at once, in queue order.
        running[core] = NONE;
        long now = kernel.now();
        if (availableAt[core] > now && (busy != null || waitCount > 0)) {
            wakeAt(core);
        }
        if ((token & FIXED) != 0) {
            int id = (int) (token & ~FIXED);
            Handler done = fixedDone.get(id);
            long arg = fixedArg.get(id);
            fixedDone.set(id, null);
            fixed.free(id);
            done.handle(arg);
        } else {
            worker.end(token, core);
        }
        dispatch();
        idleIfFree(core);
    }

    private void wakeAt(int core) {
        if (!wakeScheduled[core]) {
            wakeScheduled[core] = true;
            kernel.schedule(availableAt[core], woken, core);
        }
    }

    private void woken(int core) {
        wakeScheduled[core] = false;
        if (availableAt[core] > kernel.now()) {
            if (busy != null || waitCount > 0) {
                wakeAt(core); // the stall was extended meanwhile
            }
            return;
        }
        dispatch();
        idleIfFree(core);
    }

    private void idleIfFree(int core) {
        if (busy != null && running[core] == NONE && availableAt[core] <= kernel.now()) {
            busy[core].set(0);
        }
    }

    /** Creates a busy signal per core under {@code c}. */
    public void trace(Component c) {
        busy = new Probe[running.length];
        for (int i = 0; i < running.length; i++) {
            busy[i] = c.probe("core" + i + "_busy", 1);
        }
    }

    /**
     * Every core is busy until {@code untilPs} (a firmware stall: fault injection, a long interrupt
     * handler): work running goes on, and no core takes new work before then. A traced core shows
     * busy for the stall, from now if it was idle, and idle again at its end unless a job follows.
     */
    public void stallUntil(long untilPs) {
        long now = kernel.now();
        if (untilPs <= now) {
            return;
        }
        for (int i = 0; i < running.length; i++) {
            long freeAt = Math.max(availableAt[i], running[i] == NONE ? now : endAt[i]);
            if (untilPs > freeAt) {
                if (busy != null && running[i] == NONE && availableAt[i] <= now) {
                    busy[i].set(1);
                }
                availableAt[i] = untilPs;
                if (busy != null || (waitCount > 0 && running[i] == NONE)) {
                    wakeAt(i);
                }
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

    /** Jobs waiting for a core now. */
    public int waiting() {
        return waitCount;
    }
}

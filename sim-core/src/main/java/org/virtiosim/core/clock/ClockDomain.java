package org.virtiosim.core.clock;

import java.util.Arrays;
import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;

/**
 * The processes that run on one {@link Clock}, and the registers they write.
 *
 * <p>While at least one process is awake the domain has exactly one kernel event pending, its
 * next edge; on that edge it calls every awake process in registration order, then commits the
 * registers written during the edge. Processes cost nothing per edge while asleep, and when all
 * sleep the clock stops being scheduled. So a 4096-VF device whose queue engines are mostly idle
 * pays only for the busy ones.
 *
 * <p>Sleeping and waking take effect from the next edge, which keeps the order of calls within an
 * edge independent of who put whom to sleep.
 */
public final class ClockDomain implements Handler {
    private final Kernel kernel;
    private final Clock clock;

    private ClockedProcess[] processes = new ClockedProcess[16];
    private boolean[] awake = new boolean[16];
    private boolean[] inRun = new boolean[16];
    private int processCount;

    /** Awake processes in registration order, and their ids. */
    private ClockedProcess[] run = new ClockedProcess[16];
    private int[] runIds = new int[16];
    private int runCount;
    private boolean sleepersInRun;

    private int[] woken = new int[16];
    private int wokenCount;
    private int[] mergeScratch = new int[16];

    private RegisterArray[] written = new RegisterArray[4];
    private int writtenCount;

    private boolean edgePending;
    private long lastCycle = -1;
    private long edges;
    private long activations;

    public ClockDomain(Kernel kernel, Clock clock) {
        this.kernel = kernel;
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    /** Registers a process, awake from the next edge. Returns its id for {@link #sleep}/{@link #wake}. */
    public int add(ClockedProcess process) {
        if (process == null) {
            throw new NullPointerException("process");
        }
        int id = processCount++;
        if (id == processes.length) {
            int cap = id * 2;
            processes = Arrays.copyOf(processes, cap);
            awake = Arrays.copyOf(awake, cap);
            inRun = Arrays.copyOf(inRun, cap);
        }
        processes[id] = process;
        wake(id);
        return id;
    }

    /** Registers a process that starts asleep. */
    public int addSleeping(ClockedProcess process) {
        int id = add(process);
        sleep(id);
        return id;
    }

    public RegisterArray registers(String name, int size) {
        return new RegisterArray(this, name, size);
    }

    /** The process stops being called from the next edge on. */
    public void sleep(int id) {
        checkId(id);
        if (awake[id]) {
            awake[id] = false;
            if (inRun[id]) {
                sleepersInRun = true;
            }
        }
    }

    /** The process is called again from the next edge at or after now that has not yet run. */
    public void wake(int id) {
        checkId(id);
        if (awake[id]) {
            return;
        }
        awake[id] = true;
        if (!inRun[id]) {
            if (wokenCount == woken.length) {
                woken = Arrays.copyOf(woken, wokenCount * 2);
            }
            woken[wokenCount++] = id;
        }
        if (!edgePending) {
            long cycle = Math.max(clock.cycleAtOrAfter(kernel.now()), lastCycle + 1);
            kernel.schedule(clock.timeOfCycle(cycle), this, cycle);
            edgePending = true;
        }
    }

    public boolean isAwake(int id) {
        checkId(id);
        return awake[id];
    }

    /** Edges this domain has run. */
    public long edges() {
        return edges;
    }

    /** Process calls made, summed over edges. */
    public long activations() {
        return activations;
    }

    /** The last cycle that ran, -1 before the first. */
    public long lastCycle() {
        return lastCycle;
    }

    /** The edge event. Public only because the kernel calls it; not for models. */
    @Override
    public void handle(long cycle) {
        edgePending = false;
        lastCycle = cycle;
        if (wokenCount != 0) {
            mergeWoken();
        }
        final ClockedProcess[] r = run;
        final int n = runCount;
        for (int i = 0; i < n; i++) {
            r[i].onEdge(cycle);
        }
        edges++;
        activations += n;
        for (int i = 0; i < writtenCount; i++) {
            written[i].commit();
            written[i] = null;
        }
        writtenCount = 0;
        if (sleepersInRun) {
            dropSleepers();
        }
        if ((runCount != 0 || wokenCount != 0) && !edgePending) {
            kernel.schedule(clock.timeOfCycle(cycle + 1), this, cycle + 1);
            edgePending = true;
        }
    }

    void registerWritten(RegisterArray regs) {
        if (writtenCount == written.length) {
            written = Arrays.copyOf(written, writtenCount * 2);
        }
        written[writtenCount++] = regs;
    }

    private void dropSleepers() {
        int w = 0;
        for (int i = 0; i < runCount; i++) {
            int id = runIds[i];
            if (awake[id]) {
                run[w] = run[i];
                runIds[w] = id;
                w++;
            } else {
                inRun[id] = false;
            }
        }
        Arrays.fill(run, w, runCount, null);
        runCount = w;
        sleepersInRun = false;
    }

    /** Merges the processes woken since the last edge into the run list, keeping registration order. */
    private void mergeWoken() {
        int[] wk = woken;
        int k = 0;
        for (int i = 0; i < wokenCount; i++) {
            int id = wk[i];
            if (awake[id] && !inRun[id]) {
                wk[k++] = id;
                inRun[id] = true;
            }
        }
        wokenCount = 0;
        if (k == 0) {
            return;
        }
        // Insertion sort: a handful of wake-ups per edge is the common case.
        for (int i = 1; i < k; i++) {
            int v = wk[i];
            int j = i - 1;
            while (j >= 0 && wk[j] > v) {
                wk[j + 1] = wk[j];
                j--;
            }
            wk[j + 1] = v;
        }
        int total = runCount + k;
        if (total > run.length) {
            int cap = Math.max(total, run.length * 2);
            run = Arrays.copyOf(run, cap);
            runIds = Arrays.copyOf(runIds, cap);
        }
        if (mergeScratch.length < total) {
            mergeScratch = new int[run.length];
        }
        int[] out = mergeScratch;
        int a = 0;
        int b = 0;
        int o = 0;
        while (a < runCount && b < k) {
            out[o++] = runIds[a] < wk[b] ? runIds[a++] : wk[b++];
        }
        while (a < runCount) {
            out[o++] = runIds[a++];
        }
        while (b < k) {
            out[o++] = wk[b++];
        }
        for (int i = 0; i < total; i++) {
            runIds[i] = out[i];
            run[i] = processes[out[i]];
        }
        runCount = total;
    }

    private void checkId(int id) {
        if (id < 0 || id >= processCount) {
            throw new IllegalArgumentException("no process " + id + " in domain " + clock.name());
        }
    }
}

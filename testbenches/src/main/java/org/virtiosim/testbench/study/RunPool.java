package org.virtiosim.testbench.study;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where a study's runs are carried out (the CLI's {@code --threads}): at most {@link #threads()}
 * simulations at once, and no more at once than fit in the JVM's heap, each reckoned at
 * {@link #heapBytes(int)} for its VFs. Results always come back in the order the tasks were
 * given, whatever order they finish in, so a study's output bytes do not depend on the number of
 * threads. With one thread every task runs on the caller's thread, one after another.
 *
 * <p>Two kinds of task. A <i>simulation</i> ({@link #simulations}) is one testbench run: it waits
 * for nothing else, and runs on one of the pool's {@link #threads()} fixed threads. A <i>part</i>
 * ({@link #parts}) is work that starts simulations of its own and waits for them (a claim, a
 * sensitivity parameter): it runs on a thread of its own, so a part waiting never holds a
 * simulation thread, and no nesting can deadlock. A simulation that asks for simulations runs
 * them itself, in order.
 *
 * <p>Tasks must share no mutable state: each run builds its own testbench and kernel.
 */
public final class RunPool implements AutoCloseable {
    /** Every task on the caller's thread, in order: the behaviour before {@code --threads}. */
    public static final RunPool SEQUENTIAL = new RunPool(1, Long.MAX_VALUE);

    /** The most threads {@code --threads} accepts. */
    public static final int MAX_THREADS = 256;

    /**
     * Heap one run is reckoned to hold per VF, bytes. Measured: the peak live heap of one run of
     * linux-net-probe (a full GC every 40 ms of the run, less the heap before it, so the trace the
     * runs share is not counted) grows from 2048 to 8192 VFs by 20.5 KB per VF for the vf-bar
     * notify run, the largest of all (mmio 6.8, aq 3.0); about 1.5 times that, for headroom.
     */
    public static final long BYTES_PER_VF = 32 << 10;

    /**
     * Heap one run is reckoned to hold whatever its VFs, bytes. Assumption: the kernel, topology and
     * statistics of a run, with room to spare (a whole run at 1024 VFs measured under 4 MiB).
     */
    public static final long BYTES_PER_RUN = 16 << 20;

    /** The share of the JVM's maximum heap concurrent runs may be reckoned to use; the rest is results, traces and reports. */
    public static final int HEAP_PERCENT = 75;

    private final int threads;
    private final long budget;
    private final Object lock = new Object();
    private long reserved;
    private final ExecutorService simulationThreads;
    private final ExecutorService partThreads;

    private RunPool(int threads, long budget) {
        this.threads = threads;
        this.budget = budget;
        if (threads == 1) {
            simulationThreads = null;
            partThreads = null;
        } else {
            simulationThreads = Executors.newFixedThreadPool(threads, new Named("virtio-sim-run", this));
            partThreads = Executors.newCachedThreadPool(new Named("virtio-sim-part", null));
        }
    }

    /** A pool of {@code threads} simulation threads, 1..{@link #MAX_THREADS}, whose runs fit in this JVM's heap. */
    public static RunPool of(int threads) {
        return of(threads, Runtime.getRuntime().maxMemory() / 100 * HEAP_PERCENT);
    }

    /** A pool of {@code threads} whose concurrent runs are reckoned to use at most {@code heapBudget} bytes (one always runs). */
    public static RunPool of(int threads, long heapBudget) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be 1.." + MAX_THREADS + ", got " + threads);
        }
        return threads == 1 ? SEQUENTIAL : new RunPool(threads, heapBudget);
    }

    /** The heap one run of {@code vfs} VFs is reckoned at: {@link #BYTES_PER_RUN} + {@link #BYTES_PER_VF} per VF. */
    public static long heapBytes(int vfs) {
        return BYTES_PER_RUN + BYTES_PER_VF * Math.max(0, vfs);
    }

    public int threads() {
        return threads;
    }

    /** How many runs of {@code vfs} VFs this pool carries out at once: its threads, fewer if their heap does not fit. */
    public int concurrentRuns(int vfs) {
        return (int) Math.max(1, Math.min(threads, budget / heapBytes(vfs)));
    }

    /**
     * Carries out simulations of {@code vfs} VFs each; their results in the order given. The first
     * to fail (in that order) is thrown as it was, the ones not yet started are cancelled.
     */
    public <T> List<T> simulations(int vfs, List<Supplier<T>> runs) {
        if (simulationThreads == null || Thread.currentThread() instanceof SimulationThread s && s.pool == this) {
            return inOrder(runs);
        }
        long bytes = heapBytes(vfs);
        List<Future<T>> futures = new ArrayList<>(runs.size());
        for (Supplier<T> r : runs) {
            futures.add(simulationThreads.submit(() -> {
                reserve(bytes);
                try {
                    return r.get();
                } finally {
                    release(bytes);
                }
            }));
        }
        return collect(futures);
    }

    /** Carries out parts (work that starts simulations and waits for them) at once; their results in the order given. */
    public <T> List<T> parts(List<Supplier<T>> work) {
        if (partThreads == null || work.size() < 2) {
            return inOrder(work);
        }
        List<Future<T>> futures = new ArrayList<>(work.size());
        for (Supplier<T> w : work) {
            futures.add(partThreads.submit(w::get));
        }
        return collect(futures);
    }

    private static <T> List<T> inOrder(List<Supplier<T>> tasks) {
        List<T> out = new ArrayList<>(tasks.size());
        for (Supplier<T> t : tasks) {
            out.add(t.get());
        }
        return out;
    }

    /** Waits while the runs going would not leave room for {@code bytes} (unless none is going: one always runs). */
    private void reserve(long bytes) throws InterruptedException {
        synchronized (lock) {
            while (reserved > 0 && reserved + bytes > budget) {
                lock.wait();
            }
            reserved += bytes;
        }
    }

    private void release(long bytes) {
        synchronized (lock) {
            reserved -= bytes;
            lock.notifyAll();
        }
    }

    private static <T> List<T> collect(List<Future<T>> futures) {
        List<T> out = new ArrayList<>(futures.size());
        for (int i = 0; i < futures.size(); i++) {
            try {
                out.add(futures.get(i).get());
            } catch (ExecutionException e) {
                cancelFrom(futures, i + 1);
                throw rethrown(e.getCause());
            } catch (InterruptedException e) {
                cancelFrom(futures, i);
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting for a run");
            }
        }
        return out;
    }

    private static void cancelFrom(List<? extends Future<?>> futures, int from) {
        for (int j = from; j < futures.size(); j++) {
            futures.get(j).cancel(false);
        }
    }

    /** A task's failure as the caller would have seen it had the task run on its thread. */
    static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(cause);
    }

    /** Stops the pool's threads (daemons: a JVM exiting does not wait for them either). */
    @Override
    public void close() {
        if (simulationThreads != null) {
            simulationThreads.shutdownNow();
            partThreads.shutdownNow();
        }
    }

    /** A simulation thread of one pool: a simulation asking this pool for simulations runs them itself. */
    private static final class SimulationThread extends Thread {
        private final RunPool pool;

        SimulationThread(Runnable r, String name, RunPool pool) {
            super(r, name);
            this.pool = pool;
            setDaemon(true);
        }
    }

    /** Daemon threads named {@code prefix-N}. */
    private static final class Named implements ThreadFactory {
        private final String prefix;
        private final RunPool pool;
        private final AtomicInteger next = new AtomicInteger();

        Named(String prefix, RunPool pool) {
            this.prefix = prefix;
            this.pool = pool;
        }

        @Override
        public Thread newThread(Runnable r) {
            String name = prefix + "-" + next.incrementAndGet();
            if (pool != null) {
                return new SimulationThread(r, name, pool);
            }
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }
    }
}

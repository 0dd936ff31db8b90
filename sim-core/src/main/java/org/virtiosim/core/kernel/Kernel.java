package org.virtiosim.core.kernel;

/**
 * The discrete-event kernel: simulated time in picoseconds and the loop that fires events in
 * (time, order of scheduling) order.
 *
 * <p>Everything else in a simulation, clocked processes included, runs from here; there is no
 * other source of time. Single-threaded by design: determinism comes from there being exactly
 * one order in which events can fire.
 */
public final class Kernel {
    /**
     * Default level-0 bucket width: 2^8 ps. Measured on {@code bench model-pattern} (the pattern of
     * a 4096-VF compare: about 2.5 events per ns at random ps times): 2^8 to 2^7 ps buckets hold
     * under one event on average and cost 15 to 25% less CPU per event than 2^10 (the earlier
     * default, one device cycle), where most buckets held several times that had to be sorted;
     * PHOLD (1 ns ticks) gains as well, as no bucket holds two ticks.
     */
    public static final int DEFAULT_BUCKET_SHIFT = 8;
    /**
     * Default level-0 page: 2^14 buckets, 4.2 us at 2^8 ps; the pages of level 1 are this wide,
     * so level 1 reaches 2^14 pages, 69 ms: past the 50 ms Completion Timeout a requester's tag
     * table arms, so timeouts never wait in the heap.
     */
    public static final int DEFAULT_WHEEL_BITS = 14;

    private final EventQueue queue;
    private long now;
    private long fired;
    private boolean stopRequested;
    private boolean running;

    public Kernel() {
        this(DEFAULT_BUCKET_SHIFT, DEFAULT_WHEEL_BITS, 1024);
    }

    /** See {@link EventQueue#EventQueue(int, int, int)} for the tuning parameters. */
    public Kernel(int bucketShift, int wheelBits, int initialCapacity) {
        this.queue = new EventQueue(bucketShift, wheelBits, initialCapacity);
    }

    /** Current simulated time, ps. */
    public long now() {
        return now;
    }

    /** Events fired since construction. */
    public long eventsFired() {
        return fired;
    }

    /** Events scheduled and not yet fired or cancelled. */
    public int pending() {
        return queue.size();
    }

    /** Event slots the queue has allocated (its peak number of pending events, rounded up). */
    public int eventCapacity() {
        return queue.capacity();
    }

    /** Time of the next pending event, or {@link Long#MAX_VALUE} when idle. */
    public long nextEventTime() {
        return queue.firstTime();
    }

    /**
     * Schedules {@code handler.handle(arg)} at absolute time {@code timePs}, after every event
     * already scheduled for that time.
     *
     * @return a handle for {@link #cancel}
     */
    public long schedule(long timePs, Handler handler, long arg) {
        if (timePs < 0 && now >= 0) {
            throw new SimulatedTimeRangeException(now); // now + a delay wrapped past 2^63
        }
        if (timePs < now) {
            throw new IllegalArgumentException("cannot schedule in the past: " + timePs + " ps < now " + now + " ps");
        }
        if (handler == null) {
            throw new NullPointerException("handler");
        }
        return queue.schedule(timePs, handler, arg);
    }

    public long schedule(long timePs, Handler handler) {
        return schedule(timePs, handler, 0L);
    }

    /** Schedules {@code delayPs} after now. */
    public long scheduleIn(long delayPs, Handler handler, long arg) {
        if (delayPs < 0) {
            throw new IllegalArgumentException("negative delay: " + delayPs + " ps");
        }
        if (delayPs > Long.MAX_VALUE - now) {
            throw new SimulatedTimeRangeException(now);
        }
        return schedule(now + delayPs, handler, arg);
    }

    public long scheduleIn(long delayPs, Handler handler) {
        return scheduleIn(delayPs, handler, 0L);
    }

    /** Cancels a pending event; false if it has already fired or been cancelled. */
    public boolean cancel(long handle) {
        return queue.cancel(handle);
    }

    public boolean isPending(long handle) {
        return queue.isPending(handle);
    }

    /** Makes the running {@link #run} return after the current event. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Fires every event with time &lt;= {@code untilPs}, in order, then leaves time at
     * {@code untilPs} (events at exactly {@code untilPs} do fire). Returns early, with time at the
     * last fired event, if {@link #stop()} is called from inside an event.
     *
     * @return true if the run reached {@code untilPs}, false if it was stopped
     */
    public boolean run(long untilPs) {
        if (untilPs < now) {
            throw new IllegalArgumentException("run until " + untilPs + " ps is before now " + now + " ps");
        }
        if (running) {
            throw new IllegalStateException("run() called from inside an event");
        }
        running = true;
        stopRequested = false;
        final EventQueue q = queue;
        try {
            while (true) {
                int n = q.first();
                if (n == EventQueue.NONE) {
                    break;
                }
                long t = q.time(n);
                if (t > untilPs) {
                    break;
                }
                Handler h = q.handler(n);
                long a = q.arg(n);
                q.removeFirst(n);
                now = t;
                fired++;
                h.handle(a);
                if (stopRequested) {
                    return false;
                }
            }
            if (untilPs != Long.MAX_VALUE) {
                now = untilPs;
            }
            return true;
        } finally {
            running = false;
        }
    }

    /**
     * Fires events until none is pending (time stays at the last one) or {@link #stop()} is called.
     *
     * @return true if the queue drained, false if stopped
     */
    public boolean runUntilIdle() {
        return run(Long.MAX_VALUE);
    }
}

package org.virtiosim.device.doorbell;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;

/**
 * Doorbell steering: a notify write's address becomes (function, queue) and reaches that queue's
 * engine after the steering logic's latency. Every notify path ends here; they differ in how the
 * write gets to the device.
 */
public final class DoorbellSteering {
    /** Told when a queue engine has been kicked. */
    @FunctionalInterface
    public interface Listener {
        void kicked(int vf, int queue, long timePs);
    }

    private final Kernel kernel;
    private final long steeringPs;
    private Listener listener = (vf, q, t) -> { };
    private long kicks;
    private final Handler kick;

    public DoorbellSteering(Kernel kernel, long steeringPs) {
        this(kernel, steeringPs, 0);
    }

    /** As the other constructor, counting kicks per VF for VFs 1..{@code numVfs} ({@link #kicks(int)}). */
    public DoorbellSteering(Kernel kernel, long steeringPs, int numVfs) {
        this.kicksOf = new long[numVfs + 1];
        this.kernel = kernel;
        this.steeringPs = steeringPs;
        this.kick = packed -> {
            kicks++;
            int vf = (int) (packed >>> 16);
            if (vf < kicksOf.length) {
                kicksOf[vf]++;
            }
            if (kickProbes != null) {
                kickProbes[vf].set((kickProbes[vf].value() + 1) & 0xFFFF);
            }
            listener.kicked(vf, (int) (packed & 0xFFFF), kernel.now());
        };
    }

    private org.virtiosim.core.component.Probe[] kickProbes;

    /** Per-VF kick counters (16-bit, wrapping) as waveform signals; index = VF. */
    public void trace(org.virtiosim.core.component.Probe[] perVf) {
        this.kickProbes = perVf;
    }

    public void setListener(Listener l) {
        this.listener = l;
    }

    /** Where a design routes doorbells before steering (its firmware); it calls {@link #kick} for each. */
    @FunctionalInterface
    public interface Router {
        void notified(int vf, int queue);
    }

    private Router router;

    /** Sends every decoded notify to {@code r} first. */
    public void routeThrough(Router r) {
        this.router = r;
    }

    /** A notify for queue {@code queue} of VF {@code vf} was decoded. */
    public void notify(int vf, int queue) {
        if (router != null) {
            router.notified(vf, queue);
        } else {
            kick(vf, queue);
        }
    }

    /** Steers a notify to its queue engine, which is kicked after the steering latency. */
    public void kick(int vf, int queue) {
        kernel.scheduleIn(steeringPs, kick, (long) vf << 16 | (queue & 0xFFFF));
    }

    public long kicks() {
        return kicks;
    }

    /** Queue-engine kicks of VF {@code vf} so far (0 beyond the VFs counted). */
    public long kicks(int vf) {
        return vf >= 0 && vf < kicksOf.length ? kicksOf[vf] : 0;
    }

    private final long[] kicksOf;
}

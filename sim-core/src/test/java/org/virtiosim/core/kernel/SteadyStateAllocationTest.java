package org.virtiosim.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.clock.Clock;
import org.virtiosim.core.clock.ClockDomain;
import org.virtiosim.core.clock.RegisterArray;

/**
 * Schedule + dispatch allocates nothing once the event arrays have grown: measured with the
 * JVM's per-thread allocation counter (the JMH -prof gc figure is in the README). Counts bytes,
 * not time, so it is exact whatever the machine's load. Reading the counter itself costs a few
 * hundred bytes, so the test compares a window with ten times as many events as another: any
 * allocation per event would show as megabytes of difference.
 */
class SteadyStateAllocationTest {

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Bytes allocated while running the kernel for spanPs more. */
    private static long bytesWhileRunning(Kernel k, long spanPs) {
        long before = allocatedBytes();
        k.run(k.now() + spanPs);
        return allocatedBytes() - before;
    }

    /** Each firing schedules one successor; near and far (overflow heap) delays, and a cancelled decoy. */
    private static final class Chain implements Handler {
        final Kernel k;
        final Handler decoy = arg -> { };
        long x = 1;
        long decoyHandle;

        Chain(Kernel k) {
            this.k = k;
        }

        @Override
        public void handle(long arg) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            long delay = (x >>> 60) == 0 ? 10_000_000L + (x >>> 40) : 1 + ((x >>> 33) & 0xFFFF);
            if ((x & 0xF) == 0) {
                k.cancel(decoyHandle);
                decoyHandle = k.scheduleIn(delay + 7, decoy, 0);
            }
            k.scheduleIn(delay, this, arg + 1);
        }
    }

    @Test
    void scheduleAndDispatchAllocateNothingInSteadyState() {
        Kernel k = new Kernel();
        Chain chain = new Chain(k);
        for (int i = 0; i < 1024; i++) {
            k.schedule(i, chain, i);
        }
        k.run(k.now() + 1_000_000_000L); // warm up: arrays reach their peak size, code gets compiled
        long firedBefore = k.eventsFired();
        long shortWindow = bytesWhileRunning(k, 200_000_000L);
        long longWindow = bytesWhileRunning(k, 2_000_000_000L);
        long fired = k.eventsFired() - firedBefore;
        assertThat(fired).isGreaterThan(1_000_000);
        assertThat(longWindow).as("bytes over %d events vs a tenth of them (%d)", fired, shortWindow)
                .isLessThanOrEqualTo(shortWindow + 256);
    }

    @Test
    void clockedProcessesAllocateNothingPerEdge() {
        Kernel k = new Kernel();
        ClockDomain d = new ClockDomain(k, new Clock("clk", 1000));
        RegisterArray regs = d.registers("r", 64);
        int[] ids = new int[64];
        for (int i = 0; i < 64; i++) {
            int me = i;
            ids[i] = d.add(cycle -> {
                regs.set(me, regs.get((me + 1) & 63) + cycle);
                if (((cycle + me) & 7) == 0) {
                    d.sleep(ids[me]);
                    d.wake(ids[(me + 3) & 63]);
                }
            });
        }
        k.run(100_000_000L);
        long shortWindow = bytesWhileRunning(k, 100_000_000L);
        long longWindow = bytesWhileRunning(k, 1_000_000_000L);
        assertThat(d.edges()).isGreaterThan(1_000_000);
        assertThat(longWindow).as("bytes over 1M edges vs 100k edges (%d)", shortWindow)
                .isLessThanOrEqualTo(shortWindow + 256);
    }
}

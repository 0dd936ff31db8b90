package org.virtiosim.device.doorbell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.component.Component;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.kernel.Kernel;

/** A decoded notify reaches (VF, queue)'s engine after exactly the steering latency, nothing lost or reordered. */
class DoorbellSteeringTest {
    private static final long STEERING_PS = 10_000; // 10 cycles at 1 GHz, the default

    private final Kernel kernel = new Kernel();
    private final List<long[]> kicks = new ArrayList<>();
    private final DoorbellSteering steering = new DoorbellSteering(kernel, STEERING_PS);

    {
        steering.setListener((vf, queue, t) -> kicks.add(new long[] {vf, queue, t}));
    }

    @Test
    void aKickReachesTheQueueEngineAfterTheSteeringLatency() {
        kernel.run(3_000);
        steering.notify(5, 1);
        assertThat(kicks).as("steering takes time: nothing synchronous").isEmpty();
        assertThat(steering.kicks()).isZero();
        kernel.run(3_000 + STEERING_PS - 1);
        assertThat(kicks).isEmpty();
        kernel.run(3_000 + STEERING_PS);
        assertThat(kicks).containsExactly(new long[] {5, 1, 3_000 + STEERING_PS});
        assertThat(steering.kicks()).isEqualTo(1);
    }

    @Test
    void kicksKeepTheirOrderAndEachIsCounted() {
        steering.notify(1, 0);
        steering.notify(2, 1);
        steering.notify(1, 2);
        kernel.run(500);
        steering.notify(3, 0);
        kernel.runUntilIdle();
        assertThat(kicks).containsExactly(new long[] {1, 0, STEERING_PS}, new long[] {2, 1, STEERING_PS},
                new long[] {1, 2, STEERING_PS}, new long[] {3, 0, 500 + STEERING_PS});
        assertThat(steering.kicks()).isEqualTo(4);
    }

    /** Legacy queue notify is a 16-bit queue index; SR-IOV allows up to 65535 VFs, more for a big bus range. */
    @Test
    void extremeVfAndQueueNumbersArriveIntact() {
        steering.notify(65535, 0xFFFF);
        steering.notify(0x12345, 0x8001);
        steering.notify(0, 0);
        kernel.runUntilIdle();
        assertThat(kicks).containsExactly(new long[] {65535, 0xFFFF, STEERING_PS}, new long[] {0x12345, 0x8001, STEERING_PS},
                new long[] {0, 0, STEERING_PS});
    }

    @Test
    void zeroLatencySteeringStillGoesThroughTheKernel() {
        DoorbellSteering instant = new DoorbellSteering(kernel, 0);
        instant.setListener((vf, queue, t) -> kicks.add(new long[] {vf, queue, t}));
        kernel.run(42);
        instant.notify(7, 2);
        assertThat(kicks).isEmpty();
        kernel.run(42);
        assertThat(kicks).containsExactly(new long[] {7, 2, 42});
    }

    @Test
    void tracedKickCountersCountPerVfAndWrapAt16Bits() {
        Component root = Component.root(kernel, "tb", 1);
        Probe[] perVf = new Probe[4];
        for (int vf = 0; vf < perVf.length; vf++) {
            perVf[vf] = root.probe("vf" + vf + "_kicks", 16);
        }
        steering.trace(perVf);
        steering.notify(1, 0);
        steering.notify(3, 1);
        steering.notify(3, 2);
        kernel.runUntilIdle();
        assertThat(perVf[0].value()).isZero();
        assertThat(perVf[1].value()).isEqualTo(1);
        assertThat(perVf[2].value()).isZero();
        assertThat(perVf[3].value()).isEqualTo(2);

        perVf[2].set(0xFFFE);
        steering.notify(2, 0);
        steering.notify(2, 0);
        kernel.run(kernel.now() + STEERING_PS);
        assertThat(perVf[2].value()).as("16-bit counter wraps").isZero();
        assertThat(kicks).hasSize(5);
    }
}

package org.virtiosim.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.txn.OutstandingRequests;

/** The narrow view of the device its installed halves get. */
class DeviceContextTest {
    private final DeviceFixture f = new DeviceFixture(2);
    private final DeviceContext ctx = f.device.context();

    private static final OutstandingRequests.Listener NOBODY = new OutstandingRequests.Listener() {
        @Override
        public void completion(int tag, long context, Tlp completion, boolean last) {
        }

        @Override
        public void timedOut(int tag, long context) {
        }
    };

    @Test
    void itShowsTheDevicesOwnServices() {
        assertThat(f.device.context()).isSameAs(ctx);
        assertThat(ctx.kernel()).isSameAs(f.kernel);
        assertThat(ctx.timing()).isSameAs(f.device.timing());
        assertThat(ctx.layout()).isSameAs(f.device.layout());
        assertThat(ctx.numVfs()).isEqualTo(2);
        assertThat(ctx.vf(1)).isSameAs(f.device.vf(1));
        assertThat(ctx.vf(2)).isSameAs(f.device.vf(2));
        assertThat(ctx.cores()).isSameAs(f.device.cores());
        assertThat(ctx.doorbells()).isSameAs(f.device.doorbells());
        assertThat(ctx.firmware()).isSameAs(f.device.firmware());
        assertThat(ctx.firmware().cores()).isSameAs(f.device.cores());
        assertThat(((org.virtiosim.device.firmware.DefaultFirmware) ctx.firmware().program()).costs()
                .legacyAccessCycles(1, false, 0, 4)).isEqualTo(DeviceTiming.DEFAULT.firmwareAccessCycles());
        assertThat(ctx.upstream()).isSameAs(f.link.upstream());
    }

    @Test
    void sharedMakesOneInstancePerType() {
        AtomicInteger made = new AtomicInteger();
        StringBuilder a = ctx.shared(StringBuilder.class, () -> {
            made.incrementAndGet();
            return new StringBuilder("first");
        });
        StringBuilder b = ctx.shared(StringBuilder.class, () -> {
            made.incrementAndGet();
            return new StringBuilder("second");
        });
        assertThat(b).isSameAs(a);
        assertThat(b.toString()).isEqualTo("first");
        assertThat(made).hasValue(1);
        Object other = ctx.shared(Object.class, Object::new);
        assertThat(other).isNotSameAs(a);
        assertThat(ctx.shared(Object.class, Object::new)).isSameAs(other);
    }

    @Test
    void sharedIsPerDevice() {
        DeviceFixture g = new DeviceFixture(1);
        Object mine = ctx.shared(Object.class, Object::new);
        assertThat(g.device.context().shared(Object.class, Object::new)).isNotSameAs(mine);
    }

    @Test
    void theDeviceHasOneDmaRequester() {
        OutstandingRequests dma = ctx.enableDma(16, NOBODY);
        assertThat(dma.capacity()).isEqualTo(16);
        assertThat(dma.inUse()).isZero();
        assertThatThrownBy(() -> ctx.enableDma(16, NOBODY)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already");
    }

    @Test
    void theDmaRequesterTimesOutAfterTheDevicesCompletionTimeout() {
        DeviceFixture g = new DeviceFixture(1, DeviceTiming.DEFAULT,
                new org.virtiosim.device.firmware.FixedCostFirmware(1, 1), 1_000, org.virtiosim.device.host.HostTiming.DEFAULT);
        long[] when = {-1};
        OutstandingRequests dma = g.device.context().enableDma(1, new OutstandingRequests.Listener() {
            @Override
            public void completion(int tag, long context, Tlp completion, boolean last) {
            }

            @Override
            public void timedOut(int tag, long context) {
                when[0] = g.kernel.now();
            }
        });
        dma.allocate(0, 4);
        g.run();
        assertThat(when[0]).isEqualTo(1_000);
    }
}

package org.virtiosim.device.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceFixture;
import org.virtiosim.device.DeviceFixture.Done;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.Region;
import org.virtiosim.device.firmware.FixedCostFirmware;
import org.virtiosim.device.legacy.LegacyRegister;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.legacy.VirtioFeatures;
import org.virtiosim.device.scheme.mmio.MmioScheme;
import org.virtiosim.pcie.tlp.TlpType;

/** The window schemes' host half: a trapped load becomes one MRd, a trapped store one posted MWr. */
class WindowAccessPathTest {
    private final DeviceFixture f = new DeviceFixture(3);
    private final WindowAccessPath path;

    WindowAccessPathTest() {
        f.install(new MmioScheme());
        path = new WindowAccessPath(f, vf -> f.device.layout().vfBarAddress(vf) + MmioScheme.WINDOW);
    }

    @Test
    void aStoreRetiresAfterItsIssueWithNoCompletion() {
        Done d = f.done();
        path.access(2, true, LegacyRegister.DEVICE_STATUS.offset(), 1, 0x0F, 77, d);
        assertThat(d.done()).isFalse();
        f.run();
        assertThat(d.token()).isEqualTo(77);
        assertThat(d.failed()).isFalse();
        assertThat(d.value()).isZero();
        assertThat(d.timePs()).isEqualTo(f.hostTiming.storeRetirePs());
        assertThat(path.hostBusyPs()).isEqualTo(f.hostTiming.storeRetirePs());
        assertThat(f.toDevice).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(TlpType.MWr64);
            assertThat(s.tlp().firstByteAddress()).isEqualTo(f.device.layout().vfBarAddress(2) + 0x12);
            assertThat(s.tlp().requestBytes()).isEqualTo(1);
        });
        assertThat(f.toHost).as("a posted write needs no completion").isEmpty();
        assertThat(f.device.vf(2).status()).isEqualTo(0x0F);
    }

    @Test
    void aLoadWaitsForItsOneCompletion() {
        Done d = f.done();
        path.access(1, false, LegacyRegister.QUEUE_SIZE.offset(), 2, 0, 5, d);
        f.run();
        assertThat(d.value()).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE);
        assertThat(d.failed()).isFalse();
        assertThat(d.token()).isEqualTo(5);
        assertThat(f.toDevice).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(TlpType.MRd64);
            assertThat(s.tlp().firstByteAddress()).isEqualTo(f.device.layout().vfBarAddress(1) + 0x0C);
        });
        assertThat(f.toHost).singleElement().satisfies(s -> assertThat(s.type()).isEqualTo(TlpType.CplD));
        assertThat(d.timePs()).isGreaterThan(f.toHost.get(0).timePs());
        assertThat(path.hostBusyPs()).as("the CPU stalls for the whole round trip").isEqualTo(d.timePs());
        assertThat(path.completionTimeouts()).isZero();
    }

    @Test
    void busyTimeAddsUpOverAccesses() {
        Done a = f.done();
        path.access(1, false, LegacyRegister.HOST_FEATURES.offset(), 4, 0, 1, a);
        f.run();
        long first = path.hostBusyPs();
        long t = f.kernel.now();
        Done b = f.done();
        path.access(1, true, LegacyRegister.QUEUE_SELECT.offset(), 2, 1, 2, b);
        f.run();
        assertThat(path.hostBusyPs()).isEqualTo(first + f.hostTiming.storeRetirePs());
        assertThat(b.timePs() - t).isEqualTo(f.hostTiming.storeRetirePs());
    }

    @Test
    void aLoadNobodyClaimsFails() {
        WindowAccessPath nowhere = new WindowAccessPath(f, vf -> f.device.layout().vfBarAddress(vf) + 0x800);
        Done d = f.done();
        nowhere.access(1, false, 0, 4, 0, 9, d);
        f.run();
        assertThat(d.failed()).isTrue();
        assertThat(nowhere.completionTimeouts()).isZero();
    }

    @Test
    void aLoadWithNoCompletionTimesOutAndReadsAllOnes() {
        long timeout = 10_000_000; // 10 µs
        DeviceFixture g = new DeviceFixture(1, DeviceTiming.DEFAULT, new FixedCostFirmware(1, 1), timeout, HostTiming.DEFAULT);
        g.context().map(Bar.VF_BAR2, 0x800, 4, new Region() {
            @Override
            public void read(int function, int offset, int size, int slot) {
                // never answered
            }

            @Override
            public void write(int function, int offset, int size, long value) {
            }
        });
        WindowAccessPath p = new WindowAccessPath(g, vf -> g.device.layout().vfBarAddress(vf) + 0x800);
        Done d = g.done();
        p.access(1, false, 0, 4, 0, 3, d);
        g.run();
        assertThat(d.failed()).isTrue();
        assertThat(d.value()).isEqualTo(0xFFFF_FFFFL);
        assertThat(p.completionTimeouts()).isEqualTo(1);
        assertThat(p.hostBusyPs()).isGreaterThanOrEqualTo(timeout);
    }

    @Test
    void manyAccessesInFlightEachGetTheirOwnAnswer() {
        int n = 150;
        List<Done> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Done d = f.done();
            done.add(d);
            int vf = 1 + i % 3;
            if (i % 2 == 0) {
                path.access(vf, false, LegacyRegister.HOST_FEATURES.offset(), 4, 0, i, d);
            } else {
                path.access(vf, false, LegacyRegister.QUEUE_SIZE.offset(), 2, 0, i, d);
            }
        }
        f.run();
        for (int i = 0; i < n; i++) {
            Done d = done.get(i);
            assertThat(d.token()).isEqualTo(i);
            assertThat(d.value()).as("access " + i)
                    .isEqualTo(i % 2 == 0 ? VirtioFeatures.VF_NET_HOST_FEATURES & 0xFFFF_FFFFL : LegacyRegisterFile.NET_QUEUE_SIZE);
        }
    }

    @Test
    void theDefaultOpenAndMsixChangeDoNothingButAnswer() {
        Done d = f.done();
        path.open(1, 4, d);
        assertThat(d.token()).isEqualTo(4);
        assertThat(d.failed()).isFalse();
        path.msixChanged(1, true);
        assertThat(f.toDevice).isEmpty();
    }
}

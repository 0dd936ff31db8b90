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
import org.virtiosim.device.legacy.LegacyLayout;
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

    /** The MAC as six bytes 52 54 00 12 34 56, little-endian in a long. */
    private static final long MAC = 0x5634_1200_5452L;

    private static void assertMac(LegacyRegisterFile f) {
        assertThat(f.config().readByte(0)).isEqualTo(0x52);
        assertThat(f.config().readByte(1)).isEqualTo(0x54);
        assertThat(f.config().readByte(2)).isEqualTo(0x00);
        assertThat(f.config().readByte(3)).isEqualTo(0x12);
        assertThat(f.config().readByte(4)).isEqualTo(0x34);
        assertThat(f.config().readByte(5)).isEqualTo(0x56);
    }

    /** The coalesced MAC write is one MWr of 2 DW, byte enables 1111b and 0011b, at either MAC offset. */
    @Test
    void aSixByteMacWriteIsOneMwrOfTwoDwords() {
        for (boolean msix : new boolean[] {false, true}) {
            DeviceFixture g = new DeviceFixture(2);
            g.install(new MmioScheme());
            WindowAccessPath p = new WindowAccessPath(g, vf -> g.device.layout().vfBarAddress(vf) + MmioScheme.WINDOW);
            g.device.vf(2).setMsixEnabled(msix);
            int mac = LegacyLayout.macOffset(msix);
            Done d = g.done();
            p.access(2, true, mac, LegacyLayout.MAC_WRITE_BYTES, MAC, 4, d);
            g.run();
            assertThat(g.toDevice).as("MSI-X %s", msix).singleElement().satisfies(s -> {
                assertThat(s.type()).isEqualTo(TlpType.MWr64);
                assertThat(s.tlp().firstByteAddress()).isEqualTo(g.device.layout().vfBarAddress(2) + mac);
                assertThat(s.tlp().lengthDw()).isEqualTo(2);
                assertThat(s.tlp().firstDwBe()).isEqualTo(0b1111);
                assertThat(s.tlp().lastDwBe()).isEqualTo(0b0011);
                assertThat(s.tlp().requestBytes()).isEqualTo(6);
            });
            assertThat(g.toHost).as("posted").isEmpty();
            assertThat(d.timePs()).as("one store's issue").isEqualTo(g.hostTiming.storeRetirePs());
            assertMac(g.device.vf(2));
            assertThat(g.device.vf(1).config().readByte(0)).as("VF 1 untouched").isNotEqualTo(0x52);
        }
    }

    /** Six bytes over three DWs are two stores, split at the first DW boundary: 1 byte, then 5 in 2 DW. */
    @Test
    void sixBytesSpanningThreeDwordsAreTwoStores() {
        List<long[]> writes = new ArrayList<>();
        DeviceFixture g = new DeviceFixture(1);
        g.context().map(Bar.VF_BAR2, 0x800, 0x10, new Region() {
            @Override
            public void read(int function, int offset, int size, int slot) {
            }

            @Override
            public void write(int function, int offset, int size, long value) {
                writes.add(new long[] {offset, size, value});
            }
        });
        WindowAccessPath p = new WindowAccessPath(g, vf -> g.device.layout().vfBarAddress(vf) + 0x800);
        Done d = g.done();
        p.access(1, true, 3, 6, 0x6655_4433_2211L, 1, d);
        g.run();
        assertThat(g.toDevice).hasSize(2);
        assertThat(g.toDevice.get(1).tlp().lengthDw()).isEqualTo(2);
        assertThat(writes).extracting(w -> w[0] + "/" + w[1] + "/" + Long.toHexString(w[2]))
                .containsExactly("3/1/11", "4/5/6655443322");
        assertThat(d.timePs()).isEqualTo(2 * g.hostTiming.storeRetirePs());
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

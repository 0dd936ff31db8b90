package org.virtiosim.device.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceFixture;
import org.virtiosim.device.DeviceFixture.Done;
import org.virtiosim.device.DeviceFixture.Load;
import org.virtiosim.device.DeviceFixture.Seen;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.scheme.DeviceHalf;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.TlpType;

/**
 * Where each notify route's store lands, which (VF, queue) doorbell steering sees, and what the
 * CPU waits for: a posted store retires with no completion; an IOWr waits for exactly one.
 */
class NotifyRoutesTest {
    private static final int VFS = 4;
    private final DeviceFixture f = new DeviceFixture(VFS);
    private final List<long[]> kicks = new ArrayList<>();

    NotifyRoutesTest() {
        f.device.doorbells().setListener((vf, q, t) -> kicks.add(new long[] {vf, q, t}));
    }

    private NotifyPath install(NotifyRoute r) {
        DeviceHalf half = r.install(f.context(), ParamValues.defaults());
        assertThat(half).isSameAs(DeviceHalf.NONE);
        return r.host(f, ParamValues.defaults());
    }

    private Seen onlyRequest() {
        assertThat(f.toDevice).hasSize(1);
        return f.toDevice.get(0);
    }

    private long steeringPs() {
        return DeviceTiming.DEFAULT.ps(DeviceTiming.DEFAULT.doorbellCycles());
    }

    // ---- vf-bar ----

    @Test
    void vfBarNotifyIsAPostedStoreToTheVfsOwnNotifyRegister() {
        NotifyPath p = install(new VfBarRoute());
        Done d = f.done();
        p.notify(3, 2, 41, d);
        f.run();
        Seen s = onlyRequest();
        assertThat(s.type()).isEqualTo(TlpType.MWr64);
        assertThat(s.tlp().firstByteAddress()).isEqualTo(f.device.layout().vfBarAddress(3) + VfBarRoute.OFFSET);
        assertThat(s.tlp().requestBytes()).as("a 16-bit store of the queue index").isEqualTo(2);
        assertThat(kicks).containsExactly(new long[] {3, 2, s.timePs() + steeringPs()});
        assertThat(f.toHost).as("posted: no completion").isEmpty();
        assertThat(d.token()).isEqualTo(41);
        assertThat(d.failed()).isFalse();
        assertThat(d.timePs()).isEqualTo(f.hostTiming.storeRetirePs());
        assertThat(p.hostBusyPs()).isEqualTo(f.hostTiming.storeRetirePs());
    }

    @Test
    void vfBarNotifiesOfEveryVfAreToldApart() {
        NotifyPath p = install(new VfBarRoute());
        for (int vf = 1; vf <= VFS; vf++) {
            p.notify(vf, vf - 1, vf, f.done());
        }
        f.run();
        assertThat(kicks).extracting(k -> k[0] + "/" + k[1]).containsExactly("1/0", "2/1", "3/2", "4/3");
        assertThat(p.hostBusyPs()).isEqualTo(VFS * f.hostTiming.storeRetirePs());
    }

    @Test
    void vfBarIdAndDescription() {
        VfBarRoute r = new VfBarRoute();
        assertThat(r.id()).isEqualTo("vf-bar").isEqualTo(VfBarRoute.ID);
        assertThat(r.description()).contains("VF's BAR2");
        assertThat(r.knobs()).isEmpty();
    }

    // ---- pf-bar ----

    @Test
    void pfBarNotifyGoesToTheVfsSlotInThePfArea() {
        NotifyPath p = install(new PfBarRoute());
        p.notify(4, 1, 1, f.done());
        f.run();
        Seen s = onlyRequest();
        assertThat(s.type()).as("PF BAR4 is below 4 GB").isEqualTo(TlpType.MWr32);
        assertThat(s.tlp().firstByteAddress()).isEqualTo(Bar.PF_BAR4.base() + PfBarRoute.AREA + 3L * PfBarRoute.SLOT);
        assertThat(s.tlp().requestBytes()).isEqualTo(2);
        assertThat(kicks).containsExactly(new long[] {4, 1, s.timePs() + steeringPs()});
        assertThat(f.toHost).isEmpty();
    }

    @Test
    void pfBarSlotsArePerVfFromTheAreaStart() {
        assertThat(PfBarRoute.slot(1)).isEqualTo(PfBarRoute.AREA);
        assertThat(PfBarRoute.slot(2)).isEqualTo(PfBarRoute.AREA + PfBarRoute.SLOT);
        assertThat(PfBarRoute.slot(65535)).isEqualTo(PfBarRoute.AREA + 65534L * PfBarRoute.SLOT);
        assertThat(PfBarRoute.slot(65535) + PfBarRoute.SLOT).as("every VF's slot fits in PF BAR4")
                .isLessThanOrEqualTo(PfBarRoute.BAR.size());
    }

    @Test
    void pfBarTellsTheVfFromTheSlotWhatEverTheBytesInIt() {
        NotifyPath p = install(new PfBarRoute());
        p.notify(1, 0, 1, f.done());
        p.notify(2, 2, 2, f.done());
        f.rc.cpuWrite(PfBarRoute.BAR.base() + PfBarRoute.slot(3) + 2, 2, 1); // the upper half of VF 3's slot
        f.run();
        assertThat(kicks).extracting(k -> k[0] + "/" + k[1]).containsExactly("1/0", "2/2", "3/1");
    }

    @Test
    void aPfBarStoreBeyondTheLastVfsSlotIsDropped() {
        install(new PfBarRoute());
        f.rc.cpuWrite(PfBarRoute.BAR.base() + PfBarRoute.slot(VFS + 1), 2, 0);
        f.rc.cpuWrite(PfBarRoute.BAR.base() + PfBarRoute.BAR.size() - 4, 2, 0);
        f.run();
        assertThat(kicks).isEmpty();
        assertThat(f.toHost).isEmpty();
        assertThat(f.device.doorbells().kicks()).isZero();
    }

    @Test
    void pfBarIdAndDescription() {
        PfBarRoute r = new PfBarRoute();
        assertThat(r.id()).isEqualTo("pf-bar").isEqualTo(PfBarRoute.ID);
        assertThat(r.description()).contains("PF's BAR4");
    }

    // ---- io-bar ----

    @Test
    void ioBarNotifyIsANonPostedIoWriteThatWaitsForItsCompletion() {
        NotifyPath p = install(new IoBarRoute());
        Done d = f.done();
        p.notify(2, 3, 17, d);
        f.run();
        Seen s = onlyRequest();
        assertThat(s.type()).isEqualTo(TlpType.IOWr);
        assertThat(s.tlp().firstByteAddress()).isEqualTo(Bar.PF_IO.base() + IoBarRoute.PORT);
        assertThat(s.tlp().requestBytes()).isEqualTo(4);
        assertThat(DeviceFixture.payload(s.tlp())).as("VF << 16 | queue").isEqualTo(2L << 16 | 3);
        assertThat(kicks).containsExactly(new long[] {2, 3, s.timePs() + steeringPs()});
        assertThat(f.toHost).as("exactly one completion").singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(TlpType.Cpl);
            assertThat(c.tlp().status()).isEqualTo(CompletionStatus.SC);
            assertThat(c.tlp().tag()).isEqualTo(s.tlp().tag());
        });
        assertThat(d.token()).isEqualTo(17);
        assertThat(d.failed()).isFalse();
        assertThat(d.timePs()).as("the out retires after the completion").isGreaterThan(f.toHost.get(0).timePs());
        assertThat(p.hostBusyPs()).isEqualTo(d.timePs());
    }

    @Test
    void ioBarNamesAnyVfAndDropsOnesThatDoNotExist() {
        NotifyPath p = install(new IoBarRoute());
        Done[] d = new Done[3];
        for (int i = 0; i < 3; i++) {
            d[i] = f.done();
        }
        p.notify(VFS, 0xFFFF, 1, d[0]);
        p.notify(VFS + 1, 0, 2, d[1]); // no such VF: the device drops it but still completes the IOWr
        p.notify(0, 0, 3, d[2]);
        f.run();
        assertThat(kicks).extracting(k -> k[0] + "/" + k[1]).containsExactly(VFS + "/65535");
        for (Done x : d) {
            assertThat(x.failed()).isFalse();
        }
        assertThat(f.toHost).hasSize(3);
    }

    @Test
    void anIoWriteNobodyClaimsFailsTheOut() {
        NotifyPath p = new IoBarRoute().host(f, ParamValues.defaults()); // device half not installed
        Done d = f.done();
        p.notify(1, 0, 1, d);
        f.run();
        assertThat(d.failed()).isTrue();
        assertThat(kicks).isEmpty();
    }

    @Test
    void anIoWriteWithNoCompletionTimesOut() {
        long timeout = 5_000_000;
        DeviceFixture g = new DeviceFixture(1, DeviceTiming.DEFAULT, new org.virtiosim.device.firmware.FixedCostFirmware(1, 1),
                timeout, org.virtiosim.device.host.HostTiming.DEFAULT);
        NotifyPath p = new IoBarRoute().host(g, ParamValues.defaults());
        // The link loses the completion: nothing ever answers the root port.
        g.link.upstream().setFaultHook(t -> !t.type().isCompletion());
        Done d = g.done();
        p.notify(1, 0, 8, d);
        g.run();
        assertThat(d.failed()).isTrue();
        assertThat(d.token()).isEqualTo(8);
        assertThat(p.hostBusyPs()).isGreaterThanOrEqualTo(timeout);
    }

    @Test
    void ioBarIdAndDescription() {
        IoBarRoute r = new IoBarRoute();
        assertThat(r.id()).isEqualTo("io-bar").isEqualTo(IoBarRoute.ID);
        assertThat(r.description()).contains("IOWr");
    }

    // ---- the doorbell region itself ----

    @Test
    void aNotifyLocationReadsZero() {
        install(new VfBarRoute());
        install(new PfBarRoute());
        Load a = f.load(f.device.layout().vfBarAddress(1) + VfBarRoute.OFFSET, 2);
        Load b = f.load(PfBarRoute.BAR.base() + PfBarRoute.slot(2), 2);
        f.run();
        assertThat(a.status).isEqualTo(CompletionStatus.SC);
        assertThat(a.value).isZero();
        assertThat(b.value).isZero();
        assertThat(kicks).as("a read kicks nothing").isEmpty();
    }

    @Test
    void aDoorbellRegionSteersOnlyVfsThatExist() {
        List<int[]> decoded = new ArrayList<>();
        DoorbellRegion r = new DoorbellRegion(f.context(), (function, offset, value) -> {
            decoded.add(new int[] {function, offset});
            return (int) (value >>> 32);
        });
        r.write(0, 6, 2, 0L << 32 | 5);
        r.write(0, 6, 2, 1L << 32 | 0x1_0005); // the queue is the value's low 16 bits
        r.write(0, 6, 2, (long) VFS << 32 | 7);
        r.write(0, 6, 2, (long) (VFS + 1) << 32 | 7);
        r.write(0, 6, 2, -1L << 32 | 7);
        f.run();
        assertThat(kicks).extracting(k -> k[0] + "/" + k[1]).containsExactly("1/5", VFS + "/7");
        assertThat(decoded).hasSize(5).allSatisfy(x -> assertThat(x).containsExactly(0, 6));
    }

    @Test
    void anOutCostsTheCpuItsWholeRoundTrip() {
        NotifyPath p = install(new IoBarRoute());
        Done a = f.done();
        p.notify(1, 0, 1, a);
        f.run();
        long t1 = f.kernel.now() + 1_000_000;
        f.kernel.run(t1);
        Done b = f.done();
        p.notify(2, 0, 2, b);
        f.run();
        assertThat(p.hostBusyPs()).isEqualTo(a.timePs() + (b.timePs() - t1));
    }
}

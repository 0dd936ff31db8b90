package org.virtiosim.device.scheme.indirect;

import org.virtiosim.device.Backing;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.component.Component;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceFixture;
import org.virtiosim.device.DeviceFixture.Done;
import org.virtiosim.device.DeviceFixture.Seen;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.Region;
import org.virtiosim.device.firmware.FixedCostFirmware;
import org.virtiosim.device.firmware.Firmware;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.device.legacy.LegacyLayout;
import org.virtiosim.device.legacy.LegacyRegister;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.legacy.VirtioFeatures;
import org.virtiosim.device.legacy.VirtioNetConfig;
import org.virtiosim.device.scheme.DeviceCost;
import org.virtiosim.pcie.tlp.TlpType;

/**
 * {@code indirect} end to end: the host writes legacy_register_addr (and _data first for a write),
 * polls addr until its completion bit is set, and for a read then loads data.
 */
class IndirectSchemeTest {
    private static final DeviceTiming T = DeviceTiming.DEFAULT;
    private final IndirectScheme scheme = new IndirectScheme();

    private static final class Setup {
        final DeviceFixture f;
        final IndirectPair pair;
        final IndirectAccessPath host;

        Setup(DeviceFixture f, ParamValues p) {
            this.f = f;
            this.pair = (IndirectPair) new IndirectScheme().install(f.context(), p);
            this.host = (IndirectAccessPath) new IndirectScheme().host(f, p);
        }

        Setup(int vfs) {
            this(new DeviceFixture(vfs), ParamValues.defaults());
        }

        long addr(int vf) {
            return f.device.layout().vfBarAddress(vf) + IndirectRegisters.PAIR + IndirectRegisters.ADDR;
        }

        long data(int vf) {
            return f.device.layout().vfBarAddress(vf) + IndirectRegisters.PAIR + IndirectRegisters.DATA;
        }

        Done access(int vf, boolean write, LegacyRegister r, long value) {
            Done d = f.done();
            host.access(vf, write, r.offset(), r.width(), value, vf, d);
            return d;
        }
    }

    @Test
    void itNamesItselfItsKnobAndItsCost() {
        assertThat(scheme.id()).isEqualTo("indirect").isEqualTo(IndirectScheme.ID);
        assertThat(scheme.description()).contains("legacy_register_addr");
        assertThat(scheme.knobs()).isEmpty();
        DeviceCost fw = scheme.cost(ParamValues.defaults().with(Backing.PARAM, Backing.FIRMWARE), 16, 48);
        assertThat(fw.fastPathBitsPerVf()).as("the two 32-bit registers answer TLPs whatever the backing").isEqualTo(64);
        assertThat(fw.firmwareBytesPerVf()).isEqualTo(48);
        assertThat(fw.barApertureBytesPerVf()).isEqualTo(8);
        assertThat(fw.note()).contains("firmware");
        DeviceCost hw = scheme.cost(ParamValues.defaults().with(Backing.PARAM, Backing.HARDWARE), 1, 48);
        assertThat(hw.fastPathBitsPerVf()).isEqualTo(64 + 8 * 48);
        assertThat(hw.firmwareBytesPerVf()).isZero();
        assertThat(hw.note()).contains("hardware");
    }

    @Test
    void aWriteStoresDataThenAddrThenPollsUntilComplete() {
        Setup s = new Setup(2);
        Done d = s.access(2, true, LegacyRegister.DEVICE_STATUS, 0x07);
        s.f.run();
        assertThat(d.failed()).isFalse();
        assertThat(d.value()).isZero();
        assertThat(s.f.device.vf(2).status()).isEqualTo(0x07);
        assertThat(s.f.device.vf(1).status()).isZero();
        List<Seen> writes = s.f.toDevice(x -> x.type() == TlpType.MWr64);
        assertThat(writes).hasSize(2);
        assertThat(writes.get(0).tlp().firstByteAddress()).as("data first").isEqualTo(s.data(2));
        assertThat(DeviceFixture.payload(writes.get(0).tlp())).isEqualTo(0x07);
        assertThat(writes.get(1).tlp().firstByteAddress()).isEqualTo(s.addr(2));
        assertThat(DeviceFixture.payload(writes.get(1).tlp()))
                .isEqualTo(IndirectRegisters.encode(LegacyRegister.DEVICE_STATUS.offset(), 1, true) & 0xFFFF_FFFFL);
        List<Seen> reads = s.f.toDevice(x -> x.type() == TlpType.MRd64);
        assertThat(reads).isNotEmpty().allSatisfy(r -> assertThat(r.tlp().firstByteAddress()).isEqualTo(s.addr(2)));
        assertThat(s.host.polls()).isEqualTo(reads.size());
        assertThat(s.f.toHost).as("one completion per poll, none for the stores").hasSize(reads.size());
        assertThat(s.pair.operations()).isEqualTo(1);
        assertThat(s.host.hostBusyPs()).as("busy the whole time").isEqualTo(d.timePs());
    }

    /**
     * The 6-byte MAC write is two operations, 4 bytes then 2: legacy_register_data holds 32 bits.
     * Each is a data store and an addr store, the second started only once the first completed.
     */
    @Test
    void aSixByteMacWriteIsTwoOperations() {
        Setup s = new Setup(2);
        s.f.device.vf(1).setMsixEnabled(true);
        int mac = LegacyLayout.macOffset(true);
        Done d = s.f.done();
        s.host.access(1, true, mac, LegacyLayout.MAC_WRITE_BYTES, 0x5634_1200_5452L, 1, d);
        s.f.run();
        assertThat(d.failed()).isFalse();
        byte[] want = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
        for (int i = 0; i < want.length; i++) {
            assertThat(s.f.device.vf(1).config().readByte(i)).as("mac[%d]", i).isEqualTo(want[i] & 0xFF);
        }
        assertThat(s.pair.operations()).isEqualTo(2);
        List<Seen> writes = s.f.toDevice(x -> x.type() == TlpType.MWr64);
        assertThat(writes).hasSize(4);
        assertThat(DeviceFixture.payload(writes.get(0).tlp())).isEqualTo(0x1200_5452L);
        assertThat(DeviceFixture.payload(writes.get(1).tlp())).isEqualTo(IndirectRegisters.encode(mac, 4, true) & 0xFFFF_FFFFL);
        assertThat(DeviceFixture.payload(writes.get(2).tlp())).isEqualTo(0x5634L);
        assertThat(DeviceFixture.payload(writes.get(3).tlp())).isEqualTo(IndirectRegisters.encode(mac + 4, 2, true) & 0xFFFF_FFFFL);
        long firstPollDone = s.f.toHost.get(0).timePs();
        assertThat(writes.get(2).timePs()).as("the second operation after the first one's poll").isGreaterThan(firstPollDone);
        assertThat(s.f.toHost).as("one completion per poll").hasSize((int) s.host.polls());
    }

    @Test
    void aReadPollsThenLoadsTheData() {
        Setup s = new Setup(2);
        Done features = s.access(1, false, LegacyRegister.HOST_FEATURES, 0);
        Done qsize = s.access(2, false, LegacyRegister.QUEUE_SIZE, 0);
        s.f.run();
        assertThat(features.value()).isEqualTo(VirtioFeatures.VF_NET_HOST_FEATURES & 0xFFFF_FFFFL);
        assertThat(qsize.value()).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE);
        assertThat(features.failed()).isFalse();
        assertThat(s.f.toDevice(x -> x.type() == TlpType.MWr64)).as("a read stores only addr").hasSize(2);
        assertThat(s.f.toDevice(x -> x.type() == TlpType.MRd64 && x.tlp().firstByteAddress() == s.data(1))).hasSize(1);
        assertThat(s.f.toDevice(x -> x.type() == TlpType.MRd64 && x.tlp().firstByteAddress() == s.data(2))).hasSize(1);
    }

    @Test
    void aReadReturnsOnlyItsSizesBytes() {
        Setup s = new Setup(1);
        Done mac = f(s, 1, 0x14 + 1, 1);
        Done mac2 = f(s, 1, 0x14 + 2, 2);
        s.f.run();
        byte[] m = VirtioNetConfig.vfMac(1);
        assertThat(mac.value()).isEqualTo(m[1] & 0xFF);
        assertThat(mac2.value()).isEqualTo((m[2] & 0xFF) | (m[3] & 0xFF) << 8);
    }

    private static Done f(Setup s, int vf, int offset, int size) {
        Done d = s.f.done();
        s.host.access(vf, false, offset, size, 0, 0, d);
        s.f.run();
        return d;
    }

    @Test
    void aReadDuringAResetIsCompletedOnlyWhenTheResetHas() {
        Setup s = new Setup(1);
        s.access(1, true, LegacyRegister.DEVICE_STATUS, 0x07);
        s.f.run();
        long polls = s.host.polls();
        long t0 = s.f.kernel.now();
        // The driver's read-back follows its write of 0 at once, as the guest's next instruction.
        Done r = s.f.done();
        boolean[] wrote = {false};
        s.host.access(1, true, LegacyRegister.DEVICE_STATUS.offset(), 1, 0, 0, (token, value, failed) -> {
            wrote[0] = !failed;
            s.host.access(1, false, LegacyRegister.DEVICE_STATUS.offset(), 1, 0, 1, r);
        });
        s.f.run();
        assertThat(wrote[0]).isTrue();
        assertThat(r.value()).as("read back as 0 once the reset is done").isZero();
        assertThat(r.timePs() - t0).isGreaterThan(T.ps(T.resetCycles()));
        assertThat(s.host.polls() - polls).as("the host polled through the reset").isGreaterThan(2);
        assertThat(s.pair.waitedForReset()).isEqualTo(1);
        assertThat(s.host.completionTimeouts()).isZero();
    }

    @Test
    void anAccessOutsideTheLegacyLayoutFails() {
        Setup s = new Setup(1);
        Done d = f(s, 1, 0xF0, 4);
        Done w = s.f.done();
        s.host.access(1, true, 0x01, 1, 0, 0, w); // inside host features
        s.f.run();
        assertThat(d.failed()).isTrue();
        assertThat(d.value()).isEqualTo(0xFFFF_FFFFL);
        assertThat(w.failed()).isTrue();
        assertThat(s.host.polls()).as("the error comes with the completion bit: found on the first polls").isLessThan(10);
        assertThat(s.f.device.vf(1).hostFeatures()).isEqualTo(VirtioFeatures.VF_NET_HOST_FEATURES);
    }

    @Test
    void withoutThePairTheLoadsAreUnsupportedAndTheAccessFails() {
        DeviceFixture f = new DeviceFixture(1);
        LegacyAccessPath host = scheme.host(f, ParamValues.defaults());
        Done d = f.done();
        host.access(1, false, 0, 4, 0, 0, d);
        f.run();
        assertThat(d.failed()).isTrue();
        assertThat(d.value()).isEqualTo(0xFFFF_FFFFL);
    }

    /** A pair that answers every load with {@code answer}, or never. */
    private static Region fakePair(DeviceFixture f, long answer, boolean never) {
        Region r = new Region() {
            @Override
            public void read(int function, int offset, int size, int slot) {
                if (!never) {
                    f.context().complete(slot, answer);
                }
            }

            @Override
            public void write(int function, int offset, int size, long value) {
            }
        };
        f.context().map(Bar.VF_BAR2, IndirectRegisters.PAIR, 8, r);
        return r;
    }

    @Test
    void aPollWithNoCompletionTimesOut() {
        long timeout = 10_000_000;
        DeviceFixture f = new DeviceFixture(1, T, new FixedCostFirmware(1, 1), timeout, HostTiming.DEFAULT);
        fakePair(f, 0, true);
        IndirectAccessPath host = new IndirectAccessPath(f);
        Done d = f.done();
        host.access(1, false, 0, 4, 0, 0, d);
        f.run();
        assertThat(d.failed()).isTrue();
        assertThat(d.value()).isEqualTo(0xFFFF_FFFFL);
        assertThat(host.completionTimeouts()).isEqualTo(1);
        assertThat(host.polls()).isZero();
    }

    @Test
    void aDeviceThatNeverSetsCompleteIsGivenUpOnAfterMaxPolls() {
        DeviceFixture f = new DeviceFixture(1);
        fakePair(f, 0, false);
        IndirectAccessPath host = new IndirectAccessPath(f);
        Done d = f.done();
        host.access(1, false, 0, 4, 0, 0, d);
        f.run();
        assertThat(d.failed()).isTrue();
        assertThat(host.polls()).isEqualTo(IndirectAccessPath.MAX_POLLS);
    }

    @Test
    void aCompletedWriteNeedsNoDataLoad() {
        DeviceFixture f = new DeviceFixture(1);
        fakePair(f, IndirectRegisters.COMPLETE | IndirectRegisters.OP_WRITE, false);
        IndirectAccessPath host = new IndirectAccessPath(f);
        Done d = f.done();
        host.access(1, false, 0, 4, 0, 0, d); // the device says the operation was a write
        f.run();
        assertThat(d.failed()).isFalse();
        assertThat(d.value()).isZero();
        assertThat(f.toDevice(x -> x.type() == TlpType.MRd64)).hasSize(1);
    }

    @Test
    void theDataLoadIsMaskedToTheAccessSize() {
        DeviceFixture f = new DeviceFixture(1);
        fakePair(f, 0x8000_0A78L, false); // COMPLETE, no error, a read; the same bits as the data
        IndirectAccessPath host = new IndirectAccessPath(f);
        Done one = f.done();
        host.access(1, false, 0x12, 1, 0, 0, one);
        f.run();
        assertThat(one.value()).isEqualTo(0x78);
        Done two = f.done();
        host.access(1, false, 0x0C, 2, 0, 0, two);
        f.run();
        assertThat(two.value()).isEqualTo(0x0A78);
    }

    @Test
    void manyVfsAccessAtOnceEachThroughItsOwnPair() {
        int n = 100;
        Setup s = new Setup(n);
        List<Done> done = new ArrayList<>();
        for (int vf = 1; vf <= n; vf++) {
            done.add(s.access(vf, vf % 2 == 0, LegacyRegister.QUEUE_SELECT, vf % 3));
        }
        s.f.run();
        for (int vf = 1; vf <= n; vf++) {
            assertThat(done.get(vf - 1).failed()).isFalse();
            assertThat(s.f.device.vf(vf).queueSelect()).isEqualTo(vf % 2 == 0 ? vf % 3 : 0);
            if (vf % 2 == 1) {
                assertThat(done.get(vf - 1).value()).isZero();
            }
        }
        assertThat(s.pair.operations()).isEqualTo(n);
    }

    @Test
    void withFirmwareBackingTheOperationTakesAFirmwareJob() {
        List<String> asked = new ArrayList<>();
        Firmware fw = new Firmware() {
            @Override
            public long legacyAccessCycles(int vf, boolean write, int offset, int size) {
                asked.add(vf + (write ? " W " : " R ") + offset + "/" + size);
                return 5_000;
            }

            @Override
            public long adminCommandCycles(int opcode, int vf, int dataBytes) {
                return 0;
            }
        };
        ParamValues p = ParamValues.defaults().with(Backing.PARAM, Backing.FIRMWARE);
        Setup s = new Setup(new DeviceFixture(2, T, fw, DeviceFixture.COMPLETION_TIMEOUT_PS, HostTiming.DEFAULT), p);
        Done w = s.access(2, true, LegacyRegister.QUEUE_SELECT, 1);
        s.f.run();
        Done r = s.access(1, false, LegacyRegister.QUEUE_SIZE, 0);
        s.f.run();
        assertThat(asked).containsExactly("2 W 14/2", "1 R 12/2");
        assertThat(s.f.device.cores().jobs()).isEqualTo(2);
        assertThat(s.f.device.vf(2).queueSelect()).isEqualTo(1);
        assertThat(r.value()).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE);
        assertThat(w.timePs()).as("the firmware's 5000 cycles are in it").isGreaterThan(T.ps(5_000));
    }

    @Test
    void thePairStartsCompleteAndAnswersInRegisterTime() {
        DeviceFixture f = new DeviceFixture(1);
        new IndirectScheme().install(f.context(), ParamValues.defaults());
        DeviceFixture.Load a = f.load(f.device.layout().vfBarAddress(1) + IndirectRegisters.PAIR, 4);
        DeviceFixture.Load d = f.load(f.device.layout().vfBarAddress(1) + IndirectRegisters.PAIR + IndirectRegisters.DATA, 4);
        f.run();
        assertThat(a.value & IndirectRegisters.COMPLETE & 0xFFFF_FFFFL).as("no operation pending").isNotZero();
        assertThat(d.value).isZero();
    }

    @Test
    void tracedSignalsShowBothRegistersPerVf() {
        DeviceFixture f = new DeviceFixture(2);
        IndirectPair pair = (IndirectPair) scheme.install(f.context(), ParamValues.defaults());
        Component tb = Component.root(f.kernel, "tb", 1);
        pair.trace(tb);
        assertThat(tb.tracing().probes()).extracting(p -> p.path() + "/" + p.width())
                .containsExactly("tb.indirect.vf1.addr/32", "tb.indirect.vf1.data/32", "tb.indirect.vf2.addr/32", "tb.indirect.vf2.data/32");
        assertThat(probe(tb, "tb.indirect.vf1.addr")).isEqualTo(IndirectRegisters.COMPLETE & 0xFFFF_FFFFL);
        LegacyAccessPath host = scheme.host(f, ParamValues.defaults());
        host.access(2, true, LegacyRegister.QUEUE_SELECT.offset(), 2, 2, 0, f.done());
        f.run();
        assertThat(probe(tb, "tb.indirect.vf2.data")).isEqualTo(2);
        assertThat(probe(tb, "tb.indirect.vf2.addr"))
                .isEqualTo((IndirectRegisters.encode(LegacyRegister.QUEUE_SELECT.offset(), 2, true) | IndirectRegisters.COMPLETE) & 0xFFFF_FFFFL);
        host.access(1, false, LegacyRegister.QUEUE_SIZE.offset(), 2, 0, 0, f.done());
        f.run();
        assertThat(probe(tb, "tb.indirect.vf1.data")).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE);
    }

    private static long probe(Component root, String path) {
        return root.tracing().probes().stream().filter(p -> p.path().equals(path)).findFirst().orElseThrow().value();
    }

    @Test
    void thePairsSignalsChangeAsEachRegisterIsWritten() {
        DeviceFixture f = new DeviceFixture(1);
        IndirectPair pair = (IndirectPair) scheme.install(f.context(), ParamValues.defaults());
        Component tb = Component.root(f.kernel, "tb", 1);
        pair.trace(tb);
        long bar = f.device.layout().vfBarAddress(1) + IndirectRegisters.PAIR;
        f.rc.cpuWrite(bar + IndirectRegisters.DATA, 4, 0x55);
        f.kernel.run(2_000_000);
        assertThat(probe(tb, "tb.indirect.vf1.data")).isEqualTo(0x55);
        int op = IndirectRegisters.encode(LegacyRegister.DEVICE_STATUS.offset(), 1, true);
        f.rc.cpuWrite(bar + IndirectRegisters.ADDR, 4, op);
        // Just after the addr write lands and before the register time has passed: the operation, not yet complete.
        while (f.toDevice.size() < 2) {
            f.kernel.run(f.kernel.now() + 1_000);
        }
        assertThat(probe(tb, "tb.indirect.vf1.addr")).isEqualTo(op & 0xFFFF_FFFFL);
        f.run();
        assertThat(probe(tb, "tb.indirect.vf1.addr")).isEqualTo((op | IndirectRegisters.COMPLETE) & 0xFFFF_FFFFL);
        int bad = IndirectRegisters.encode(0xF0, 4, false);
        f.rc.cpuWrite(bar + IndirectRegisters.ADDR, 4, bad);
        f.run();
        assertThat(probe(tb, "tb.indirect.vf1.addr"))
                .isEqualTo((bad | IndirectRegisters.ERROR | IndirectRegisters.COMPLETE) & 0xFFFF_FFFFL);
        assertThat(f.device.vf(1).status()).isEqualTo(0x55);
    }

    @Test
    void theFirstPollFollowsTheStoresOnceTheyHaveRetired() {
        // Two posted stores for a write, one for a read, each retiring in storeRetirePs, then the load.
        long retire = HostTiming.DEFAULT.storeRetirePs();
        for (boolean write : new boolean[] {true, false}) {
            Setup s = new Setup(1);
            s.access(1, write, LegacyRegister.QUEUE_SELECT, 1);
            s.f.run();
            long firstStore = s.f.toDevice(x -> x.type() == TlpType.MWr64).get(0).timePs();
            long firstPoll = s.f.toDevice(x -> x.type() == TlpType.MRd64).get(0).timePs();
            assertThat(firstPoll - firstStore).as(write ? "write" : "read")
                    .isBetween((write ? 2 : 1) * retire - 5_000, (write ? 2 : 1) * retire + 5_000);
        }
    }

    @Test
    void busyTimeIsTheSumOfEachAccessesDuration() {
        Setup s = new Setup(1);
        Done a = s.access(1, false, LegacyRegister.QUEUE_SIZE, 0);
        s.f.run();
        long t1 = s.f.kernel.now() + 1_000_000;
        s.f.kernel.run(t1);
        Done b = s.access(1, true, LegacyRegister.QUEUE_SELECT, 1);
        s.f.run();
        assertThat(s.host.hostBusyPs()).isEqualTo(a.timePs() + (b.timePs() - t1));
    }
}

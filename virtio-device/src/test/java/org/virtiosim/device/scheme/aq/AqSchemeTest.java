package org.virtiosim.device.scheme.aq;

import org.virtiosim.device.Backing;
import org.virtiosim.device.scheme.aq.command.AqLayout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.AddressMap;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceFixture;
import org.virtiosim.device.DeviceFixture.Done;
import org.virtiosim.device.DeviceFixture.Seen;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.device.legacy.LegacyRegister;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.legacy.VirtioNetConfig;
import org.virtiosim.device.notify.NotifyPath;
import org.virtiosim.device.notify.VfBarRoute;
import org.virtiosim.device.scheme.DeviceCost;
import org.virtiosim.device.scheme.DeviceHalf;
import org.virtiosim.pcie.tlp.TlpType;

/**
 * {@code aq} end to end: the host half (AqHost over AqAccessPath, as vfio-virtio drives the PF's
 * admin queue) and the device half (AdminQueues), with the aq notify route sharing both.
 */
class AqSchemeTest {
    private static final AqScheme SCHEME = new AqScheme();
    private static final ParamValues POLL = ParamValues.defaults().with(AqScheme.MODE, AqAccessPath.Mode.POLL_SERIAL);

    /** A device with the aq scheme (and the vf-bar notify register, which LEGACY_NOTIFY_INFO names) and its host half. */
    private static final class Setup {
        final DeviceFixture f;
        final AdminQueues queues;
        final AqHost host;
        final List<long[]> kicks = new ArrayList<>();

        Setup(int vfs, ParamValues p) {
            this.f = new DeviceFixture(vfs);
            this.queues = (AdminQueues) SCHEME.install(f.context(), p);
            new VfBarRoute().install(f.context(), p);
            this.host = (AqHost) SCHEME.host(f, p);
            f.device.doorbells().setListener((vf, q, t) -> kicks.add(new long[] {vf, q, t}));
            // The PF driver's probe: virtio_pci_admin_cmd_list_init, LIST_QUERY then LIST_USE on queue 0.
            host.path(0).startListInit();
            f.run();
            this.initCommands = queues.queue(0).commands();
            this.busy0 = host.hostBusyPs();
            this.t0 = f.kernel.now();
            f.toDevice.clear();
            f.toHost.clear();
        }

        final long initCommands;
        final long busy0;
        final long t0;

        /** Commands on queue q since the probe. */
        long queueCommands(int q) {
            return queues.queue(q).commands() - (q == 0 ? initCommands : 0);
        }

        long busy() {
            return host.hostBusyPs() - busy0;
        }

        Done access(int vf, boolean write, int offset, int size, long value) {
            Done d = f.done();
            host.access(vf, write, offset, size, value, vf, d);
            return d;
        }

        Done access(int vf, boolean write, LegacyRegister r, long value) {
            return access(vf, write, r.offset(), r.width(), value);
        }

        long commands() {
            long n = 0;
            for (int q = 0; q < queues.count(); q++) {
                n += queueCommands(q);
            }
            return n;
        }
    }

    @Test
    void itNamesItselfItsKnobsAndItsCost() {
        assertThat(SCHEME.id()).isEqualTo("aq").isEqualTo(AqScheme.ID);
        assertThat(SCHEME.description()).contains("admin");
        assertThat(SCHEME.knobs()).containsExactly(AqScheme.MODE, AqScheme.QUEUES, NotifyInfoSource.PARAM,
                org.virtiosim.device.host.Ecam.ACCESS_NS, AqEngine.KIND, AqEngine.PREFETCH,
                AqEngine.COMMANDS_IN_FLIGHT, AqEngine.RESET_READ, AqEngine.LOGIC_COMMAND_CYCLES, AqDriver.INDIRECT, AqDriver.WAKEUP_NS, AqDriver.RETRY_NS);
        assertThat(AqScheme.MODE.defaultValue()).isEqualTo(AqAccessPath.Mode.IRQ_PARALLEL);
        assertThat(AqScheme.PREFETCH.defaultValue()).isTrue();
        assertThat(AqScheme.QUEUES.defaultValue()).isEqualTo(1L);
        DeviceCost c = SCHEME.cost(ParamValues.defaults().with(Backing.PARAM, Backing.FIRMWARE), 1000, 48);
        assertThat(c.fastPathBitsPerVf()).as("nothing per VF in logic").isZero();
        assertThat(c.firmwareBytesPerVf()).as("the legacy state").isEqualTo(48);
        assertThat(c.barApertureBytesPerVf()).isZero();
        assertThat(c.deviceFixedBytes()).as("one engine").isEqualTo(AdminQueueDevice.engineBytes((int) (long) AqEngine.COMMANDS_IN_FLIGHT.defaultValue()));
        assertThat(SCHEME.cost(ParamValues.defaults().with(AqScheme.QUEUES, 4L), 1000, 48).deviceFixedBytes())
                .isEqualTo(4L * AdminQueueDevice.engineBytes((int) (long) AqEngine.COMMANDS_IN_FLIGHT.defaultValue()));
        assertThat(c.note()).isNotBlank();
    }

    @Test
    void aWriteThenAReadBackThroughTheAdminQueue() {
        Setup s = new Setup(2, ParamValues.defaults());
        Done w = s.access(2, true, LegacyRegister.DEVICE_STATUS, 0x07);
        s.f.run();
        Done r = s.access(2, false, LegacyRegister.DEVICE_STATUS, 0);
        Done other = s.access(1, false, LegacyRegister.DEVICE_STATUS, 0);
        s.f.run();
        assertThat(w.failed()).isFalse();
        assertThat(w.token()).isEqualTo(2);
        assertThat(s.f.device.vf(2).status()).isEqualTo(0x07);
        assertThat(r.value()).isEqualTo(0x07);
        assertThat(r.failed()).isFalse();
        assertThat(other.value()).isZero();
        assertThat(s.commands()).isEqualTo(3);
        assertThat(s.f.toDevice(x -> x.type() == TlpType.MWr32 && x.tlp().address() == Bar.PF_BAR0.base() + AdminQueues.DOORBELLS))
                .as("a doorbell per command").hasSize(3);
    }

    @Test
    void readsOfEverySizeReturnTheirBytes() {
        Setup s = new Setup(1, ParamValues.defaults());
        Done features = s.access(1, false, LegacyRegister.HOST_FEATURES, 0);
        Done qsize = s.access(1, false, LegacyRegister.QUEUE_SIZE, 0);
        Done mac = s.access(1, false, 0x14 + 2, 2, 0);
        s.f.run();
        byte[] m = VirtioNetConfig.vfMac(1);
        assertThat(features.value()).isEqualTo(s.f.device.vf(1).hostFeatures() & 0xFFFF_FFFFL);
        assertThat(qsize.value()).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE);
        assertThat(mac.value()).as("device config through LEGACY_DEV_CFG_READ").isEqualTo((m[2] & 0xFF) | (m[3] & 0xFF) << 8);
    }

    @Test
    void aFourByteWriteCarriesEveryByte() {
        Setup s = new Setup(1, ParamValues.defaults());
        s.access(1, true, LegacyRegister.QUEUE_PFN, 0x0102_0304L);
        s.f.run();
        assertThat(s.f.device.vf(1).queuePfn(0)).isEqualTo(0x0102_0304);
    }

    @Test
    void theDeviceConfigMovesWithMsixAndTheHostFollowsIt() {
        Setup s = new Setup(1, ParamValues.defaults());
        byte[] m = VirtioNetConfig.vfMac(1);
        s.f.device.vf(1).setMsixEnabled(true);
        s.host.msixChanged(1, true);
        Done mac0 = s.access(1, false, 0x18, 1, 0);
        Done cfgVector = s.access(1, false, LegacyRegister.CONFIG_VECTOR, 0);
        Done macWrite = s.access(1, true, 0x18 + 5, 1, 0x42);
        s.f.run();
        assertThat(mac0.value()).isEqualTo(m[0] & 0xFF);
        assertThat(cfgVector.value()).as("0x14 is the config vector with MSI-X on").isEqualTo(LegacyRegisterFile.NO_VECTOR);
        assertThat(s.f.device.vf(1).config().readByte(5)).isEqualTo(0x42);
        s.f.device.vf(1).setMsixEnabled(false);
        s.host.msixChanged(1, false);
        Done macOff = s.access(1, false, 0x14, 1, 0);
        s.f.run();
        assertThat(macOff.value()).isEqualTo(m[0] & 0xFF);
    }

    @Test
    void aCommandTheDeviceRejectsFailsTheAccessWithAllOnes() {
        DeviceFixture f = new DeviceFixture(1);
        SCHEME.install(f.context(), POLL);
        AqAccessPath path = new AqAccessPath(f.kernel, f.rc, f.layout(), f.hostTiming,
                AqDriver.DEFAULT.withMode(AqAccessPath.Mode.POLL_SERIAL), new AqLayout(0), true, 0x14, 0x18);
        Done bad = f.done();
        path.access(1, false, 0xF0, 4, 0, 1, bad);
        f.run();
        assertThat(bad.failed()).isTrue();
        assertThat(bad.value()).isEqualTo(0xFFFF_FFFFL);
        Done good = f.done();
        long t1 = f.kernel.now();
        path.access(1, false, LegacyRegister.QUEUE_SIZE.offset(), 2, 0, 2, good);
        f.run();
        assertThat(good.failed()).isFalse();
        assertThat(path.failedCommands()).isEqualTo(1);
        assertThat(path.commands()).as("LIST_QUERY and LIST_USE first, as virtio_pci_admin_cmd_list_init").isEqualTo(4);
        assertThat(path.hostBusyPs()).as("poll-serial: busy from each submission to its completion")
                .isEqualTo(bad.timePs() + (good.timePs() - t1));
    }

    @Test
    void aDriverAloneOnItsQueueIrqMode() {
        DeviceFixture f = new DeviceFixture(2);
        SCHEME.install(f.context(), ParamValues.defaults());
        AqAccessPath path = new AqAccessPath(f.kernel, f.rc, f.layout(), f.hostTiming,
                AqDriver.DEFAULT.withMode(AqAccessPath.Mode.IRQ_PARALLEL), new AqLayout(0), true, 0x14, 0x18);
        f.rc.setInterruptListener(v -> path.interrupted());
        Done a = f.done();
        Done b = f.done();
        path.access(1, true, LegacyRegister.DEVICE_STATUS.offset(), 1, 3, 1, a);
        path.access(2, false, LegacyRegister.QUEUE_SIZE.offset(), 2, 0, 2, b);
        f.run();
        assertThat(f.device.vf(1).status()).isEqualTo(3);
        assertThat(b.value()).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE);
        assertThat(path.commands()).as("LIST_QUERY and LIST_USE first, as virtio_pci_admin_cmd_list_init").isEqualTo(4);
        assertThat(path.failedCommands()).isZero();
        assertThat(a.timePs()).as("reaped by the interrupt handler").isGreaterThan(f.hostTiming.interruptPs());
        assertThat(path.hostBusyPs()).isEqualTo(4 * (f.hostTiming.commandBuildPs() + f.hostTiming.interruptPs() + AqDriver.DEFAULT.wakeupPs()));
    }

    @Test
    void openingAVfAsksWhereItTakesNotifies() {
        Setup s = new Setup(2, ParamValues.defaults());
        assertThat(s.host.notifyOffset(2)).as("unknown before LEGACY_NOTIFY_INFO").isEqualTo(-1);
        Done d = s.f.done();
        s.host.open(2, 9, d);
        s.f.run();
        assertThat(d.failed()).isFalse();
        assertThat(d.token()).isEqualTo(9);
        assertThat(d.value()).isEqualTo(VfBarRoute.OFFSET);
        assertThat(s.host.notifyOffset(2)).isEqualTo(VfBarRoute.OFFSET);
        assertThat(s.host.notifyOffset(1)).isEqualTo(-1);
    }

    private static final ParamValues VF_CAP = ParamValues.defaults().with(NotifyInfoSource.PARAM, NotifyInfoSource.VF_CAP);

    /**
     * notify_info=vf-cap: the open reads the VF's own capability, nine CfgRd0s one after the other
     * (Status, Capabilities Pointer, MSI-X's header, the vendor capability's header, cfg_type and
     * bar, then bar, offset and length), each answered by one CplD; no admin command is sent, and
     * the address learnt is the one LEGACY_NOTIFY_INFO's member entry names.
     */
    @Test
    void withVfCapTheOpenReadsTheVfsCapabilityAndNoAdminCommand() {
        Setup s = new Setup(2, VF_CAP);
        long commands = s.queueCommands(0);
        Done d = s.f.done();
        s.host.open(2, 9, d);
        s.f.run();
        assertThat(d.failed()).isFalse();
        assertThat(d.token()).isEqualTo(9);
        assertThat(d.value()).isEqualTo(VfBarRoute.OFFSET);
        assertThat(s.host.notifyOffset(2)).isEqualTo(VfBarRoute.OFFSET);
        assertThat(s.host.notifyOffset(1)).as("VF 1 not opened").isEqualTo(-1);
        assertThat(s.queueCommands(0)).as("no admin command").isEqualTo(commands);
        assertThat(s.f.toDevice).hasSize(9).allSatisfy(x -> {
            assertThat(x.type()).isEqualTo(TlpType.CfgRd0);
            assertThat(x.tlp().targetId()).isEqualTo(s.f.device.layout().vfRoutingId(2));
        });
        assertThat(s.f.toDevice).extracting(x -> x.tlp().registerOffset()).containsExactly(0x04, 0x34, 0x40,
                LegacyNotifyCapability.CAP, LegacyNotifyCapability.CAP, LegacyNotifyCapability.CAP + LegacyNotifyCapability.BAR,
                LegacyNotifyCapability.CAP + LegacyNotifyCapability.BAR, LegacyNotifyCapability.CAP + LegacyNotifyCapability.OFFSET,
                LegacyNotifyCapability.CAP + LegacyNotifyCapability.LENGTH);
        assertThat(s.f.toHost).as("one CplD per CfgRd0 (each read waits for the one before: tags repeat)").hasSize(9)
                .allSatisfy(c -> assertThat(c.type()).isEqualTo(TlpType.CplD));
        assertThat(s.host.vfCapability().configReads()).isEqualTo(9);
        assertThat(s.host.refusedNotifyInfo()).isZero();
        assertThat(s.busy()).as("the CPU waits on every read").isEqualTo(d.timePs() - s.t0);
    }

    /** After a vf-cap open a notify is the same posted store as after LEGACY_NOTIFY_INFO: one MWr to the VF's register. */
    @Test
    void afterAVfCapOpenANotifyGoesToTheAddressTheCapabilityNamed() {
        Setup s = new Setup(2, VF_CAP);
        s.host.open(2, 0, s.f.done());
        s.f.run();
        int seen = s.f.toDevice.size();
        s.access(2, true, LegacyRegister.QUEUE_NOTIFY, 1);
        s.f.run();
        assertThat(s.f.toDevice.subList(seen, s.f.toDevice.size())).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo(TlpType.MWr64);
            assertThat(x.tlp().firstByteAddress()).isEqualTo(s.f.device.layout().vfBarAddress(2) + VfBarRoute.OFFSET);
        });
    }

    /** Without the capability (notify_info=aq on the device, vf-cap on the host) the walk finds nothing and the open fails, counted. */
    @Test
    void aVfWithoutTheCapabilityIsNotOpened() {
        DeviceFixture f = new DeviceFixture(1);
        SCHEME.install(f.context(), ParamValues.defaults());
        AqHost host = (AqHost) SCHEME.host(f, VF_CAP);
        Done d = f.done();
        host.open(1, 0, d);
        f.run();
        assertThat(d.failed()).isTrue();
        assertThat(host.refusedNotifyInfo()).isEqualTo(1);
        assertThat(host.notifyOffset(1)).isEqualTo(-1);
        assertThat(f.toDevice).extracting(x -> x.tlp().registerOffset()).as("Status, pointer, MSI-X: the list ends there")
                .containsExactly(0x04, 0x34, 0x40);
    }

    /** A VF config space whose scheme capability region answers DWs from {@code dw} (offset in the region → value); null: never answers. */
    private static DeviceFixture withVfCapabilities(int vfs, java.util.function.IntUnaryOperator dw) {
        DeviceFixture f = new DeviceFixture(vfs);
        SCHEME.install(f.context(), ParamValues.defaults());
        f.context().mapVfConfig(LegacyNotifyCapability.CAP, 0x40, new org.virtiosim.device.Region() {
            @Override
            public void read(int vf, int at, int size, int slot) {
                if (dw != null) {
                    f.context().complete(slot, dw.applyAsInt(at & ~3) & 0xFFFF_FFFFL);
                }
            }

            @Override
            public void write(int vf, int at, int size, long value) {
            }
        });
        return f;
    }

    private static Done openThroughCapability(DeviceFixture f, ParamValues p, int vf) {
        AqHost host = (AqHost) SCHEME.host(f, p);
        Done d = f.done();
        host.open(vf, 0, d);
        f.run();
        return d;
    }

    /** Another vendor capability first (cfg_type 5) is skipped as Linux skips it: its header, cfg_type and bar, then ours. */
    @Test
    void theWalkSkipsAnotherVendorCapability() {
        DeviceFixture f = withVfCapabilities(1, at -> at == 0 ? 5 << 24 | 20 << 16 | 0x60 << 8 | 0x09
                : at >= 0x10 ? LegacyNotifyCapability.dword(at - 0x10) : 0);
        Done d = openThroughCapability(f, VF_CAP, 1);
        assertThat(d.failed()).isFalse();
        assertThat(d.value()).isEqualTo(VfBarRoute.OFFSET);
        assertThat(f.toDevice).extracting(x -> x.tlp().registerOffset()).containsExactly(0x04, 0x34, 0x40, 0x50, 0x50, 0x54, 0x60, 0x60,
                0x64, 0x64, 0x68, 0x6C);
    }

    /** An answer the driver-normative checks refuse (no such BAR, an odd offset, a length under 2) fails the open, counted. */
    @Test
    void aCapabilityThatNamesNoValidNotifyRegisterIsRefused() {
        int[][] lies = {{LegacyNotifyCapability.BAR, 0}, {LegacyNotifyCapability.OFFSET, VfBarRoute.OFFSET + 1},
            {LegacyNotifyCapability.LENGTH, 1}};
        for (int[] lie : lies) {
            DeviceFixture f = withVfCapabilities(1, at -> at == lie[0] ? lie[1] : LegacyNotifyCapability.dword(at));
            AqHost host = (AqHost) SCHEME.host(f, VF_CAP);
            Done d = f.done();
            host.open(1, 0, d);
            f.run();
            assertThat(d.failed()).as("field at %d = %d", lie[0], lie[1]).isTrue();
            assertThat(host.refusedNotifyInfo()).isEqualTo(1);
            assertThat(host.notifyOffset(1)).isEqualTo(-1);
        }
    }

    /** A capability list that loops ends after Linux's 48 entries, refused, instead of reading forever. */
    @Test
    void aLoopingCapabilityListEnds() {
        DeviceFixture f = withVfCapabilities(1, at -> at == 0 ? 5 << 24 | 20 << 16 | 0x50 << 8 | 0x09 : 0);
        Done d = openThroughCapability(f, VF_CAP, 1);
        assertThat(d.failed()).isTrue();
        assertThat(f.toDevice.size()).as("Status, pointer; 48 capabilities visited: MSI-X, then the loop's, 3 reads each")
                .isEqualTo(2 + 1 + 3 * 47);
    }

    /** No answer: the root port's Completion Timeout ends the read, and the open fails. */
    @Test
    void aCapabilityThatNeverAnswersTimesOutAndTheOpenFails() {
        DeviceFixture f = withVfCapabilities(1, null);
        Done d = openThroughCapability(f, VF_CAP, 1);
        assertThat(d.failed()).isTrue();
        assertThat(d.timePs()).isGreaterThanOrEqualTo(DeviceFixture.COMPLETION_TIMEOUT_PS);
    }

    /** Each of the nine reads costs ecam_access_ns of host software before its MMIO. */
    @Test
    void eachReadCostsTheEcamSoftware() {
        long[] took = new long[2];
        double[] ecam = {0, 1000};
        for (int i = 0; i < 2; i++) {
            Setup s = new Setup(1, VF_CAP.with(org.virtiosim.device.host.Ecam.ACCESS_NS, ecam[i]));
            Done d = s.f.done();
            s.host.open(1, 0, d);
            s.f.run();
            took[i] = d.timePs() - s.t0;
        }
        assertThat(took[1] - took[0]).isEqualTo(9 * 1_000_000L);
    }

    /** The aq host sends the 6-byte MAC write as one LEGACY_DEV_CFG_WRITE (the spec has no length restriction). */
    @Test
    void aSixByteMacWriteIsOneCommandAndLandsWhole() {
        Setup s = new Setup(2, POLL);
        int mac = org.virtiosim.device.legacy.LegacyLayout.macOffset(false);
        Done d = s.access(2, true, mac, org.virtiosim.device.legacy.LegacyLayout.MAC_WRITE_BYTES, 0x5634_1200_5452L);
        s.f.run();
        assertThat(d.failed()).isFalse();
        assertThat(d.token()).isEqualTo(2);
        assertThat(s.commands()).isEqualTo(1);
        assertThat(s.host.refusedNotifyInfo()).isZero();
        byte[] want = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
        for (int i = 0; i < want.length; i++) {
            assertThat(s.f.device.vf(2).config().readByte(i)).as("mac[%d]", i).isEqualTo(want[i] & 0xFF);
        }
        Done back = s.access(2, false, mac + 4, 2, 0);
        s.f.run();
        assertThat(back.value()).isEqualTo(0x5634);
    }

    private static void giveQueueARing(Setup s, int vf, int queue) {
        s.access(vf, true, LegacyRegister.QUEUE_SELECT, queue);
        s.access(vf, true, LegacyRegister.QUEUE_PFN, 0x1000 + queue);
        s.f.run();
    }

    @Test
    void afterOpenAQueueNotifyIsAPostedStoreToTheVfsNotifyRegister() {
        Setup s = new Setup(2, ParamValues.defaults());
        s.host.open(2, 0, s.f.done());
        giveQueueARing(s, 2, 1);
        long commands = s.commands();
        long t0 = s.f.kernel.now();
        int seen = s.f.toDevice.size();
        Done d = s.access(2, true, LegacyRegister.QUEUE_NOTIFY, 1);
        s.f.run();
        assertThat(s.commands()).as("no admin command for it").isEqualTo(commands);
        List<Seen> sent = s.f.toDevice.subList(seen, s.f.toDevice.size());
        assertThat(sent).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo(TlpType.MWr64);
            assertThat(x.tlp().firstByteAddress()).isEqualTo(s.f.device.layout().vfBarAddress(2) + VfBarRoute.OFFSET);
            assertThat(DeviceFixture.payload(x.tlp())).isEqualTo(1);
        });
        assertThat(s.kicks).extracting(k -> k[0] + "/" + k[1]).containsExactly("2/1");
        assertThat(d.timePs() - t0).isEqualTo(s.f.hostTiming.storeRetirePs());
        assertThat(d.failed()).isFalse();
        assertThat(d.token()).isEqualTo(2);
    }

    @Test
    void aNotifyStoreCostsTheCpuOnlyItsIssue() {
        Setup s = new Setup(1, POLL);
        s.host.open(1, 0, s.f.done());
        s.f.run();
        long before = s.host.hostBusyPs();
        s.access(1, true, LegacyRegister.QUEUE_NOTIFY, 0);
        s.f.run();
        assertThat(s.host.hostBusyPs() - before).isEqualTo(s.f.hostTiming.storeRetirePs());
    }

    @Test
    void beforeOpenAQueueNotifyGoesAsACommand() {
        Setup s = new Setup(1, ParamValues.defaults());
        giveQueueARing(s, 1, 0);
        long commands = s.commands();
        s.access(1, true, LegacyRegister.QUEUE_NOTIFY, 0);
        s.f.run();
        assertThat(s.commands()).isEqualTo(commands + 1);
        assertThat(s.kicks).extracting(k -> k[0] + "/" + k[1]).containsExactly("1/0");
    }

    @Test
    void otherWritesToTheNotifyOffsetAreCommandsEvenAfterOpen() {
        Setup s = new Setup(1, ParamValues.defaults());
        s.host.open(1, 0, s.f.done());
        s.f.run();
        long commands = s.commands();
        s.access(1, false, LegacyRegister.QUEUE_NOTIFY.offset(), 2, 0); // a read of it
        s.access(1, true, LegacyRegister.QUEUE_SELECT, 0); // another register
        s.f.run();
        assertThat(s.commands()).isEqualTo(commands + 2);
    }

    @Test
    void theAqNotifyRouteSendsEveryKickAsACommand() {
        Setup s = new Setup(2, ParamValues.defaults());
        AqNotifyRoute route = new AqNotifyRoute();
        assertThat(route.id()).isEqualTo("aq").isEqualTo(AqNotifyRoute.ID);
        assertThat(route.description()).contains("queue_notify");
        DeviceHalf half = route.install(s.f.context(), ParamValues.defaults());
        assertThat(half).as("the same admin queues as the scheme's").isSameAs(s.queues);
        NotifyPath p = route.host(s.f, ParamValues.defaults());
        s.host.open(2, 0, s.f.done());
        giveQueueARing(s, 2, 2);
        long commands = s.commands();
        Done d = s.f.done();
        p.notify(2, 2, 33, d);
        s.f.run();
        assertThat(s.commands()).as("a kick as LEGACY_COMMON_CFG_WRITE, even though the notify offset is known").isEqualTo(commands + 1);
        assertThat(s.kicks).extracting(k -> k[0] + "/" + k[1]).containsExactly("2/2");
        assertThat(d.token()).isEqualTo(33);
        assertThat(d.failed()).isFalse();
        assertThat(p.hostBusyPs()).as("the one driver's CPU time").isEqualTo(s.host.hostBusyPs());
    }

    @Test
    void theRouteAloneInstallsTheQueuesOnce() {
        DeviceFixture f = new DeviceFixture(1);
        DeviceHalf a = new AqNotifyRoute().install(f.context(), ParamValues.defaults());
        DeviceHalf b = SCHEME.install(f.context(), ParamValues.defaults());
        assertThat(b).isSameAs(a);
        assertThat(SCHEME.host(f, ParamValues.defaults())).isSameAs(SCHEME.host(f, ParamValues.defaults()));
    }

    @Test
    void irqParallelHasEveryCommandInFlightAtOnce() {
        Setup s = new Setup(3, ParamValues.defaults());
        List<Done> d = new ArrayList<>();
        for (int vf = 1; vf <= 3; vf++) {
            d.add(s.access(vf, false, LegacyRegister.QUEUE_SIZE, 0));
        }
        s.f.run();
        List<Seen> doorbells = s.f.toDevice(x -> x.type() == TlpType.MWr32);
        List<Seen> msi = s.f.toHost(x -> x.type().isPosted() && x.tlp().address() == AddressMap.MSI_ADDRESS);
        assertThat(doorbells).hasSize(3);
        assertThat(msi).as("one MSI-X per command").hasSize(3);
        assertThat(doorbells.get(2).timePs()).as("all rung before the first completes").isLessThan(msi.get(0).timePs());
        d.forEach(x -> assertThat(x.value()).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE));
        HostCosts c = new HostCosts(s);
        assertThat(s.busy()).as("per command: building it, the interrupt handler and waking its caller")
                .isEqualTo(3 * (c.build + c.interrupt + c.wakeup));
    }

    @Test
    void pollSerialHasOneCommandAtATimeAndBusyPolls() {
        Setup s = new Setup(3, POLL);
        List<Done> d = new ArrayList<>();
        for (int vf = 1; vf <= 3; vf++) {
            d.add(s.access(vf, false, LegacyRegister.QUEUE_SIZE, 0));
        }
        s.f.run();
        List<Seen> doorbells = s.f.toDevice(x -> x.type() == TlpType.MWr32);
        assertThat(doorbells).hasSize(3);
        assertThat(doorbells.get(1).timePs()).as("the second is rung after the first is done").isGreaterThan(d.get(0).timePs() - 1);
        assertThat(doorbells.get(2).timePs()).isGreaterThan(d.get(1).timePs() - 1);
        assertThat(s.f.toHost(x -> x.type().isPosted() && x.tlp().address() == AddressMap.MSI_ADDRESS)).as("no interrupts").isEmpty();
        d.forEach(x -> assertThat(x.value()).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE));
        assertThat(s.busy()).as("the CPU polls from submission to completion")
                .isEqualTo(d.get(0).timePs() - s.t0 + (d.get(1).timePs() - d.get(0).timePs()) + (d.get(2).timePs() - d.get(1).timePs()));
        long poll = s.f.hostTiming.pollIntervalPs();
        assertThat((d.get(0).timePs() - s.t0) % poll).as("completion is seen on a poll").isEqualTo(
                (s.f.hostTiming.commandBuildPs() + poll) % poll);
    }

    @Test
    void moreCommandsThanSlotsWaitForOne() {
        int n = AqLayout.SLOTS + 8;
        Setup s = new Setup(n, ParamValues.defaults());
        List<Done> d = new ArrayList<>();
        for (int vf = 1; vf <= n; vf++) {
            d.add(s.access(vf, true, LegacyRegister.QUEUE_SELECT, vf % 3));
        }
        s.f.run();
        for (int vf = 1; vf <= n; vf++) {
            assertThat(d.get(vf - 1).failed()).isFalse();
            assertThat(s.f.device.vf(vf).queueSelect()).isEqualTo(vf % 3);
        }
        assertThat(s.commands()).isEqualTo(n);
    }

    @Test
    void manyAccessesGetTheirOwnAnswers() {
        int n = 100;
        Setup s = new Setup(4, ParamValues.defaults());
        List<Done> d = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Done x = s.f.done();
            s.host.access(1 + i % 4, false, i % 2 == 0 ? 0x0C : 0x00, i % 2 == 0 ? 2 : 4, 0, i, x);
            d.add(x);
        }
        s.f.run();
        for (int i = 0; i < n; i++) {
            assertThat(d.get(i).token()).isEqualTo(i);
            assertThat(d.get(i).value()).isEqualTo(i % 2 == 0 ? LegacyRegisterFile.NET_QUEUE_SIZE
                    : s.f.device.vf(1).hostFeatures() & 0xFFFF_FFFFL);
        }
    }

    @Test
    void vfsAreSpreadOverTheAdminQueues() {
        Setup s = new Setup(5, ParamValues.defaults().with(AqScheme.QUEUES, 2L));
        assertThat(s.queues.count()).isEqualTo(2);
        for (int vf = 1; vf <= 5; vf++) {
            s.access(vf, true, LegacyRegister.DEVICE_STATUS, vf);
        }
        s.f.run();
        assertThat(s.queueCommands(0)).as("VFs 1, 3, 5").isEqualTo(3);
        assertThat(s.queueCommands(1)).as("VFs 2, 4").isEqualTo(2);
        for (int vf = 1; vf <= 5; vf++) {
            assertThat(s.f.device.vf(vf).status()).isEqualTo(vf);
        }
        assertThat(s.f.toHost(x -> x.type().isPosted() && x.tlp().address() == AddressMap.MSI_ADDRESS))
                .extracting(x -> x.tlp().data()[0] & 0xFF).containsOnly(0, 1);
    }

    @Test
    void spreadOverQueuesInPollMode() {
        Setup s = new Setup(4, POLL.with(AqScheme.QUEUES, 2L));
        Done a = s.access(1, false, LegacyRegister.QUEUE_SIZE, 0);
        Done b = s.access(2, false, LegacyRegister.QUEUE_SIZE, 0);
        s.f.run();
        assertThat(a.value()).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE);
        assertThat(b.value()).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE);
        assertThat(Math.abs(a.timePs() - b.timePs())).as("each queue polls on its own: the two run side by side")
                .isLessThan(DeviceTiming.DEFAULT.ps(DeviceTiming.DEFAULT.firmwareCommandCycles()));
    }

    @Test
    void prefetchIsAKnobOfTheDeviceHalf() {
        Setup plain = new Setup(1, ParamValues.defaults().with(AqScheme.PREFETCH, false));
        Setup pre = new Setup(1, ParamValues.defaults().with(AqScheme.PREFETCH, true));
        Done a = plain.access(1, false, LegacyRegister.QUEUE_SIZE, 0);
        Done b = pre.access(1, false, LegacyRegister.QUEUE_SIZE, 0);
        plain.f.run();
        pre.f.run();
        assertThat(b.value()).isEqualTo(a.value());
        assertThat(pre.queues.queue(0).dmaReads()).isLessThan(plain.queues.queue(0).dmaReads());
    }

    @Test
    void aLegacyLayoutThatDoesNotFitIsRejected() {
        assertThatThrownBy(() -> new AqLayout(256)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The host costs the driver is charged. */
    private static final class HostCosts {
        final long build;
        final long interrupt;

        final long wakeup = AqDriver.DEFAULT.wakeupPs();

        HostCosts(Setup s) {
            this.build = s.f.hostTiming.commandBuildPs();
            this.interrupt = s.f.hostTiming.interruptPs();
        }
    }

    @Test
    void severalVfsOpenedAtOnceEachLearnTheirNotifyOffset() {
        Setup s = new Setup(4, ParamValues.defaults());
        List<Done> d = new ArrayList<>();
        for (int vf = 1; vf <= 4; vf++) {
            Done x = s.f.done();
            s.host.open(vf, vf, x);
            d.add(x);
        }
        s.f.run();
        for (int vf = 1; vf <= 4; vf++) {
            assertThat(d.get(vf - 1).failed()).as("VF " + vf).isFalse();
            assertThat(d.get(vf - 1).value()).isEqualTo(VfBarRoute.OFFSET);
            assertThat(s.host.notifyOffset(vf)).isEqualTo(VfBarRoute.OFFSET);
        }
    }

    @Test
    void aStatusLeftInASlotByAFailedCommandIsNotTakenForTheNextOnes() {
        Setup s = new Setup(1, POLL);
        Done bad = s.access(1, false, 0xF0, 4, 0);
        s.f.run();
        assertThat(bad.failed()).isTrue();
        Done open = s.f.done();
        s.host.open(1, 0, open);
        s.f.run();
        assertThat(open.failed()).isFalse();
        assertThat(open.value()).isEqualTo(VfBarRoute.OFFSET);
        Done ok = s.access(1, false, LegacyRegister.QUEUE_SIZE, 0);
        s.f.run();
        assertThat(ok.failed()).isFalse();
    }

    @Test
    void withThreeQueuesVfNUsesQueueNMinus1Mod3() {
        Setup s = new Setup(7, ParamValues.defaults().with(AqScheme.QUEUES, 3L));
        for (int vf = 1; vf <= 7; vf++) {
            s.access(vf, false, LegacyRegister.QUEUE_SIZE, 0);
            s.f.run();
        }
        assertThat(s.queueCommands(0)).as("VFs 1, 4, 7").isEqualTo(3);
        assertThat(s.queueCommands(1)).as("VFs 2, 5").isEqualTo(2);
        assertThat(s.queueCommands(2)).as("VFs 3, 6").isEqualTo(2);
    }

    @Test
    void anInterruptForAVectorThatIsNoAdminQueuesIsIgnored() {
        Setup s = new Setup(2, ParamValues.defaults());
        // Another function's MSI-X message (a VF's queue interrupt) with vector 1: the driver has queue 0 only.
        org.virtiosim.pcie.tlp.Tlp msi = s.f.link.upstream().newTlp().setMemoryWrite(AddressMap.PF_ROUTING_ID + 1, AddressMap.MSI_ADDRESS, 4);
        msi.ensureData(4)[0] = 1;
        s.f.link.upstream().send(msi);
        Done d = s.access(1, false, LegacyRegister.QUEUE_SIZE, 0);
        s.f.run();
        assertThat(d.value()).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE);
    }

    /** The command the host half built in slot 0: opcode, and the first data byte (the offset). */
    private static int[] command0(DeviceFixture f) {
        AqLayout l = new AqLayout(0);
        AqMemory m = new AqMemory(f.memory, l);
        long h = l.header(0);
        return new int[] {(int) m.get(h, 2), (int) m.get(h + 2, 2), (int) m.get(h + 16, 8), (int) m.get(l.data(0), 1)};
    }

    @Test
    void theHostSendsDeviceConfigAccessesAsDevCfgCommandsWithRelativeOffsets() {
        // vfio-virtio: offsets from VIRTIO_PCI_CONFIG_OFF(msix_enabled) on are LEGACY_DEV_CFG_*, offset - that.
        Setup s = new Setup(2, POLL);
        int[][] cases = {
            // host offset, size, MSI-X on, expected opcode, expected offset
            {0x13, 1, 0, AqMemory.LEGACY_COMMON_CFG_READ, 0x13},
            {0x14, 1, 0, AqMemory.LEGACY_DEV_CFG_READ, 0},
            {0x16, 2, 0, AqMemory.LEGACY_DEV_CFG_READ, 2},
            {0x14, 2, 1, AqMemory.LEGACY_COMMON_CFG_READ, 0x14},
            {0x18, 1, 1, AqMemory.LEGACY_DEV_CFG_READ, 0},
        };
        for (int[] c : cases) {
            s.f.device.vf(2).setMsixEnabled(c[2] == 1);
            s.host.msixChanged(2, c[2] == 1);
            Done d = s.access(2, false, c[0], c[1], 0);
            s.f.run();
            assertThat(d.failed()).isFalse();
            int[] cmd = command0(s.f);
            assertThat(cmd[0]).as("opcode for 0x%x, MSI-X %d", c[0], c[2]).isEqualTo(c[3]);
            assertThat(cmd[1]).as("group type SR-IOV").isEqualTo(AqMemory.GROUP_SRIOV);
            assertThat(cmd[2]).as("member: the VF").isEqualTo(2);
            assertThat(cmd[3]).as("offset for 0x%x", c[0]).isEqualTo(c[4]);
        }
        s.access(2, true, 0x18 + 1, 1, 0x33);
        s.f.run();
        assertThat(command0(s.f)[0]).isEqualTo(AqMemory.LEGACY_DEV_CFG_WRITE);
        assertThat(command0(s.f)[3]).isEqualTo(1);
        s.access(2, true, LegacyRegister.QUEUE_SELECT.offset(), 2, 1);
        s.f.run();
        assertThat(command0(s.f)[0]).isEqualTo(AqMemory.LEGACY_COMMON_CFG_WRITE);
        assertThat(command0(s.f)[3]).isEqualTo(LegacyRegister.QUEUE_SELECT.offset());
    }
}

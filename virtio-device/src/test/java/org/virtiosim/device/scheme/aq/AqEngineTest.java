package org.virtiosim.device.scheme.aq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.DeviceFixture;
import org.virtiosim.device.DeviceFixture.Done;
import org.virtiosim.device.DeviceFixture.Seen;
import org.virtiosim.device.config.ConfigSpace;
import org.virtiosim.device.legacy.LegacyLayout;
import org.virtiosim.device.legacy.LegacyRegister;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.legacy.VirtioNetConfig;
import org.virtiosim.device.notify.VfBarRoute;
import org.virtiosim.device.scheme.aq.command.AqLayout;
import org.virtiosim.pcie.tlp.Tlp;

/**
 * The admin queue engine and its driver together, as the scheme installs them: how many reads a
 * command costs in each engine, how many commands are in flight, what a read of a resetting VF
 * does under each policy, and how the driver lays commands out and is woken.
 */
class AqEngineTest {
    private static final AqScheme SCHEME = new AqScheme();
    private static final ParamValues SERIAL = ParamValues.defaults().with(AqEngine.KIND, AqEngine.Kind.SERIAL)
            .with(AqEngine.PREFETCH, false).with(AqDriver.INDIRECT, false);

    /** A probed PF (list init done) with the aq scheme and the vf-bar notify register. */
    private static final class Rig {
        final DeviceFixture f;
        final AdminQueues queues;
        final AqHost host;

        Rig(int vfs, ParamValues p) {
            f = new DeviceFixture(vfs);
            queues = (AdminQueues) SCHEME.install(f.context(), p);
            new VfBarRoute().install(f.context(), p);
            host = (AqHost) SCHEME.host(f, p);
            host.path(0).startListInit();
            f.run();
            f.toDevice.clear();
            f.toHost.clear();
        }

        Done access(int vf, boolean write, int offset, int size, long value) {
            Done d = f.done();
            host.access(vf, write, offset, size, value, vf, d);
            return d;
        }

        Done read(int vf, LegacyRegister r) {
            return access(vf, false, r.offset(), r.width(), 0);
        }

        List<Seen> mrds() {
            return f.toHost(s -> s.type().isRead() && s.type().isMemory());
        }

        AdminQueueDevice q0() {
            return queues.queue(0);
        }
    }

    /** A completion is the last of its request when its Byte Count fits in its own payload (§2.3.1.1). */
    private static boolean lastOfItsRequest(Tlp cpl) {
        return cpl.byteCount() <= cpl.lengthDw() * 4 - (cpl.lowerAddress() & 3);
    }

    @Test
    void everyDmaReadGetsExactlyOneCompletionInEitherEngine() {
        for (ParamValues p : new ParamValues[] {SERIAL, ParamValues.defaults()}) {
            Rig r = new Rig(4, p);
            for (int vf = 1; vf <= 4; vf++) {
                r.read(vf, LegacyRegister.QUEUE_SIZE);
                r.access(vf, true, LegacyRegister.QUEUE_SELECT.offset(), 2, 1);
            }
            r.f.run();
            long completed = r.f.toDevice(s -> s.type().isCompletion() && lastOfItsRequest(s.tlp())).size();
            assertThat(r.mrds()).isNotEmpty();
            assertThat(completed).as(p.get(AqEngine.KIND) + ": one completed request per MRd").isEqualTo(r.mrds().size());
            assertThat(r.q0().readsOutstanding()).isZero();
        }
    }

    @Test
    void aReadCostsEightDependentMrdsSeriallyAndFiveWhenPipelinedWithAnIndirectTable() {
        Rig serial = new Rig(1, SERIAL);
        Done a = serial.read(1, LegacyRegister.QUEUE_SIZE);
        serial.f.run();
        // avail idx, ring entry, 4 descriptors, header, data; then the idle engine looks at idx again
        assertThat(serial.mrds()).hasSize(8 + 1);
        assertThat(a.value()).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE);

        Rig piped = new Rig(1, ParamValues.defaults());
        Done b = piped.read(1, LegacyRegister.QUEUE_SIZE);
        piped.f.run();
        // idx with the ring entries, the head descriptor, the indirect table, header and data together
        assertThat(piped.mrds()).hasSize(5);
        assertThat(b.value()).isEqualTo(a.value());
        assertThat(b.timePs()).as("fewer round trips in a row").isLessThan(a.timePs());

        Rig direct = new Rig(1, ParamValues.defaults().with(AqDriver.INDIRECT, false));
        direct.read(1, LegacyRegister.QUEUE_SIZE);
        direct.f.run();
        // idx with the ring entries, the four descriptors in one block, header and data
        assertThat(direct.mrds()).hasSize(4);
    }

    @Test
    void headerAndDataAreReadTogetherButNeverMergedSinceLinuxAllocatesThemApart() {
        Rig r = new Rig(1, ParamValues.defaults());
        r.read(1, LegacyRegister.QUEUE_SIZE);
        r.f.run();
        AqLayout l = new AqLayout(0);
        List<Seen> hdr = r.mrds().stream().filter(s -> s.tlp().firstByteAddress() == l.header(0)).toList();
        List<Seen> data = r.mrds().stream().filter(s -> s.tlp().firstByteAddress() == l.data(0)).toList();
        assertThat(hdr).singleElement().satisfies(s -> assertThat(s.tlp().requestBytes()).isEqualTo(24));
        assertThat(data).singleElement().satisfies(s -> assertThat(s.tlp().requestBytes()).isEqualTo(1));
        assertThat(data.get(0).timePs() - hdr.get(0).timePs()).as("issued back to back, not after the header's completion")
                .isLessThan(r.f.hostTiming.commandBuildPs());
    }

    @Test
    void commandsInFlightNeverExceedTheKnobAndReachIt() {
        for (long k : new long[] {1, 3, 8}) {
            Rig r = new Rig(20, ParamValues.defaults().with(AqEngine.COMMANDS_IN_FLIGHT, k));
            List<Done> d = new ArrayList<>();
            for (int vf = 1; vf <= 20; vf++) {
                d.add(r.read(vf, LegacyRegister.QUEUE_SIZE));
            }
            r.f.run();
            assertThat(r.q0().maxCommandsInFlight()).as("aq_commands_in_flight=" + k).isEqualTo((int) k);
            d.forEach(x -> assertThat(x.value()).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE));
        }
        Rig serial = new Rig(20, SERIAL.with(AqEngine.COMMANDS_IN_FLIGHT, 8L));
        for (int vf = 1; vf <= 20; vf++) {
            serial.read(vf, LegacyRegister.QUEUE_SIZE);
        }
        serial.f.run();
        assertThat(serial.q0().maxCommandsInFlight()).as("the serial engine has one context").isEqualTo(1);
    }

    /** VF 1 starts a reset; then its status read and VF 2's queue size read go out together. */
    private static Done[] readDuringReset(Rig r) {
        Done reset = r.access(1, true, LegacyRegister.DEVICE_STATUS.offset(), 1, 0);
        Done held = r.read(1, LegacyRegister.DEVICE_STATUS);
        Done later = r.read(2, LegacyRegister.QUEUE_SIZE);
        r.f.run();
        assertThat(r.f.device.vf(1).resetsCompleted()).isEqualTo(1);
        assertThat(reset.timePs()).isLessThan(held.timePs());
        assertThat(held.failed()).isFalse();
        assertThat(held.value()).as("status reads 0 once the reset is done").isZero();
        assertThat(later.value()).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE);
        return new Done[] {held, later};
    }

    @Test
    void holdCommandLetsALaterCommandCompleteBeforeTheHeldOne() {
        Rig r = new Rig(2, ParamValues.defaults().with(AqEngine.RESET_READ, AqEngine.ResetRead.HOLD_COMMAND));
        Done[] d = readDuringReset(r);
        assertThat(d[1].timePs()).isLessThan(d[0].timePs());
        assertThat(r.q0().heldForReset()).isEqualTo(1);
    }

    @Test
    void holdQueueCompletesInQueueOrder() {
        Rig r = new Rig(2, ParamValues.defaults().with(AqEngine.RESET_READ, AqEngine.ResetRead.HOLD_QUEUE));
        Done[] d = readDuringReset(r);
        assertThat(d[1].timePs()).isGreaterThan(d[0].timePs());
    }

    @Test
    void tryAgainAnswersEagainAndTheDriverRetriesUntilTheResetIsDone() {
        Rig r = new Rig(2, ParamValues.defaults().with(AqEngine.RESET_READ, AqEngine.ResetRead.TRYAGAIN));
        Done[] d = readDuringReset(r);
        assertThat(r.q0().tryAgainAnswers()).as("the device said EAGAIN").isPositive();
        assertThat(r.host.path(0).retries()).as("and the driver sent it again each time").isEqualTo(r.q0().tryAgainAnswers());
        assertThat(r.host.path(0).failedCommands()).isZero();
        assertThat(r.q0().heldForReset()).isZero();
        assertThat(d[1].timePs()).as("nothing waits behind the retried command").isLessThan(d[0].timePs());
    }

    @Test
    void theDeviceAnswersEagainWithTheTryAgainQualifier() {
        DeviceFixture f = new DeviceFixture(1);
        AdminQueues q = new AdminQueues(f.context(), 1, new AqEngine(AqEngine.Kind.PIPELINED, true, 4, AqEngine.ResetRead.TRYAGAIN),
                256, org.virtiosim.device.scheme.aq.command.AdminOpcode.KNOWN);
        f.context().map(org.virtiosim.device.Bar.PF_BAR0, AdminQueues.DOORBELLS, AdminQueues.DOORBELLS_SIZE, q);
        AqMemory m = new AqMemory(f.memory, new AqLayout(0));
        f.device.vf(1).beginReset();
        m.publish(m.read(0, AqMemory.LEGACY_COMMON_CFG_READ, 1, LegacyRegister.DEVICE_STATUS.offset(), 1));
        f.rc.cpuWrite(org.virtiosim.device.Bar.PF_BAR0.base() + AdminQueues.DOORBELLS, 2, 0);
        f.run();
        assertThat(m.status(0)).as("VIRTIO_ADMIN_STATUS_EAGAIN").isEqualTo(11);
        assertThat(m.qualifier(0)).as("VIRTIO_ADMIN_STATUS_Q_TRYAGAIN").isEqualTo(7);
    }

    @Test
    void aLegacyWriteHasThreeDescriptorsAndAReadFour() {
        for (boolean indirect : new boolean[] {false, true}) {
            Rig r = new Rig(1, ParamValues.defaults().with(AqDriver.INDIRECT, indirect));
            r.access(1, true, LegacyRegister.QUEUE_SELECT.offset(), 2, 1);
            r.f.run();
            assertThat(chainLength(r, indirect)).as("hdr, data, status (indirect %s)", indirect).isEqualTo(3);
            r.read(1, LegacyRegister.QUEUE_SIZE);
            r.f.run();
            assertThat(chainLength(r, indirect)).as("hdr, data, status, result (indirect %s)", indirect).isEqualTo(4);
        }
    }

    /** The descriptors of slot 0's command, as the driver wrote them into host memory. */
    private static int chainLength(Rig r, boolean indirect) {
        AqLayout l = new AqLayout(0);
        AqMemory m = new AqMemory(r.f.memory, l);
        long at = l.descriptor(0);
        if (indirect) {
            assertThat(m.get(at + 12, 2)).as("VIRTQ_DESC_F_INDIRECT").isEqualTo(AqLayout.VIRTQ_DESC_F_INDIRECT);
            assertThat(m.get(at, 8)).isEqualTo(l.indirectTable(0));
            return (int) m.get(at + 8, 4) / AqLayout.DESCRIPTOR_BYTES;
        }
        int n = 1;
        while ((m.get(at + 12, 2) & AqLayout.VIRTQ_DESC_F_NEXT) != 0) {
            at = l.descriptor((int) m.get(at + 14, 2));
            n++;
        }
        return n;
    }

    @Test
    void aSixByteMacWriteIsOneCommandThatLandsAllSixBytes() {
        Rig r = new Rig(1, ParamValues.defaults());
        long before = r.q0().commands();
        long mac = 0x665544332211L;
        Done d = r.access(1, true, LegacyLayout.deviceConfigStart(false) + VirtioNetConfig.MAC_OFFSET, 6, mac);
        r.f.run();
        assertThat(d.failed()).isFalse();
        assertThat(r.q0().commands() - before).isEqualTo(1);
        byte[] got = ((VirtioNetConfig) r.f.device.vf(1).config()).mac();
        assertThat(got).containsExactly(0x11, 0x22, 0x33, 0x44, 0x55, 0x66);
        Done back = r.access(1, false, LegacyLayout.deviceConfigStart(false), 6, 0);
        r.f.run();
        assertThat(back.value()).isEqualTo(mac);
    }

    @Test
    void partOfAHeaderRegisterIsWrittenAndReadAsPartOfIt() {
        Rig r = new Rig(1, ParamValues.defaults());
        r.access(1, true, LegacyRegister.QUEUE_PFN.offset(), 4, 0x11223344L);
        r.f.run();
        Done w = r.access(1, true, LegacyRegister.QUEUE_PFN.offset() + 1, 1, 0xAA);
        r.f.run();
        assertThat(w.failed()).isFalse();
        assertThat(r.f.device.vf(1).queuePfn(0)).as("one byte of Queue Address").isEqualTo(0x1122AA44);
        Done b = r.access(1, false, LegacyRegister.QUEUE_PFN.offset() + 2, 2, 0);
        r.f.run();
        assertThat(b.value()).isEqualTo(0x1122);
    }

    @Test
    void theCallersOfOneInterruptAreWokenOneAfterAnother() {
        Rig r = new Rig(3, ParamValues.defaults());
        long wake = AqDriver.DEFAULT.wakeupPs();
        List<Done> d = new ArrayList<>();
        for (int vf = 1; vf <= 3; vf++) {
            d.add(r.read(vf, LegacyRegister.QUEUE_SIZE));
        }
        r.f.run();
        List<Long> msi = r.f.toHost(s -> s.type().isPosted() && s.tlp().address() == org.virtiosim.device.AddressMap.MSI_ADDRESS)
                .stream().map(Seen::timePs).toList();
        assertThat(msi).hasSize(3);
        for (int i = 1; i < 3; i++) {
            assertThat(d.get(i).timePs() - d.get(i - 1).timePs()).as("the CPU wakes one caller at a time")
                    .isGreaterThanOrEqualTo(wake);
        }
        Rig slow = new Rig(3, ParamValues.defaults().with(AqDriver.WAKEUP_NS, 20_000.0));
        long t0 = slow.f.kernel.now();
        Done x = slow.read(1, LegacyRegister.QUEUE_SIZE);
        slow.f.run();
        Rig fast = new Rig(3, ParamValues.defaults().with(AqDriver.WAKEUP_NS, 2_000.0));
        long t1 = fast.f.kernel.now();
        Done y = fast.read(1, LegacyRegister.QUEUE_SIZE);
        fast.f.run();
        assertThat((x.timePs() - t0) - (y.timePs() - t1)).as("one wake-up per command").isEqualTo(18_000_000L);
    }

    @Test
    void theDriverQueriesAndSetsTheCommandListBeforeItsFirstCommand() {
        DeviceFixture f = new DeviceFixture(1);
        AdminQueues q = (AdminQueues) SCHEME.install(f.context(), ParamValues.defaults());
        new VfBarRoute().install(f.context(), ParamValues.defaults());
        AqHost host = (AqHost) SCHEME.host(f, ParamValues.defaults());
        Done d = f.done();
        host.access(1, false, LegacyRegister.QUEUE_SIZE.offset(), 2, 0, 1, d);
        f.run();
        assertThat(d.failed()).isFalse();
        assertThat(q.queue(0).commands()).as("LIST_QUERY, LIST_USE, then the read").isEqualTo(3);
        assertThat(host.path(0).supportedCommands()).isEqualTo(org.virtiosim.device.scheme.aq.command.AdminOpcode.KNOWN);
    }

    @Test
    void aCommandForAVfWhileVfEnableIsClearIsAnInvalidGroup() {
        Rig r = new Rig(1, ParamValues.defaults());
        r.f.device.config().writeDword(0, ConfigSpace.SRIOV_CAP + ConfigSpace.SRIOV_CONTROL, 0b1111, 0);
        Done d = r.read(1, LegacyRegister.QUEUE_SIZE);
        r.f.run();
        assertThat(d.failed()).isTrue();
        r.f.device.config().writeDword(0, ConfigSpace.SRIOV_CAP + ConfigSpace.SRIOV_CONTROL, 0b1111, ConfigSpace.VF_ENABLE);
        Done e = r.read(1, LegacyRegister.QUEUE_SIZE);
        r.f.run();
        assertThat(e.failed()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void commandsInFlightReachTheQueueSizeAndNoFurther() {
        int max = org.virtiosim.device.scheme.aq.command.AqLayout.QUEUE_SIZE;
        AqEngine full = new AqEngine(AqEngine.Kind.PIPELINED, true, max, AqEngine.ResetRead.HOLD_COMMAND);
        org.assertj.core.api.Assertions.assertThat(full.commandsInFlight()).isEqualTo(max);
        org.assertj.core.api.Assertions.assertThat(full.backing()).isEqualTo(org.virtiosim.device.Backing.FIRMWARE);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new AqEngine(AqEngine.Kind.PIPELINED, true, max + 1, AqEngine.ResetRead.HOLD_COMMAND))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aq_commands_in_flight");
        org.assertj.core.api.Assertions.assertThat(new AqEngine(AqEngine.Kind.SERIAL, true, max, AqEngine.ResetRead.HOLD_QUEUE)
                .commandsInFlight()).as("the serial engine holds one").isEqualTo(1);
        AqEngine hw = AqEngine.from(ParamValues.defaults().with(org.virtiosim.device.Backing.PARAM, org.virtiosim.device.Backing.HARDWARE)
                .with(AqEngine.LOGIC_COMMAND_CYCLES, 77L));
        org.assertj.core.api.Assertions.assertThat(hw.backing()).isEqualTo(org.virtiosim.device.Backing.HARDWARE);
        org.assertj.core.api.Assertions.assertThat(hw.logicCommandCycles()).isEqualTo(77);
    }
}

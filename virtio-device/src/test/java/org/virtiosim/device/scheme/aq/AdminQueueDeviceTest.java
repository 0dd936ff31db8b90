package org.virtiosim.device.scheme.aq;

import org.virtiosim.device.scheme.aq.command.AqLayout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.virtiosim.device.scheme.aq.AqMemory.GROUP_SRIOV;
import static org.virtiosim.device.scheme.aq.AqMemory.LEGACY_COMMON_CFG_READ;
import static org.virtiosim.device.scheme.aq.AqMemory.LEGACY_COMMON_CFG_WRITE;
import static org.virtiosim.device.scheme.aq.AqMemory.LEGACY_DEV_CFG_READ;
import static org.virtiosim.device.scheme.aq.AqMemory.LEGACY_DEV_CFG_WRITE;
import static org.virtiosim.device.scheme.aq.AqMemory.LEGACY_NOTIFY_INFO;
import static org.virtiosim.device.scheme.aq.AqMemory.STATUS_EINVAL;
import static org.virtiosim.device.scheme.aq.AqMemory.STATUS_OK;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.component.Component;
import org.virtiosim.device.AddressMap;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceFixture;
import org.virtiosim.device.DeviceFixture.Seen;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.firmware.FixedCostFirmware;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.device.legacy.LegacyRegister;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.legacy.VirtioNetConfig;
import org.virtiosim.device.notify.PfBarRoute;
import org.virtiosim.device.notify.VfBarRoute;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.TlpType;

/**
 * The device half of {@code aq} driven directly: commands written into host memory by the test as
 * a driver lays them out (virtio 1.3 split virtqueue and admin command formats), the doorbell
 * rung with a store to PF BAR0, and the device's answer read back from the used ring.
 */
class AdminQueueDeviceTest {
    private static final int VFS = 3;

    /** A device with admin queues installed as the aq scheme installs them, and queue 0 in host memory. */
    static final class Dev {
        final DeviceFixture f;
        final AdminQueues queues;
        final AqMemory q0;

        Dev(DeviceFixture f, int count, boolean prefetch) {
            this.f = f;
            this.queues = new AdminQueues(f.context(), count, prefetch, 256);
            f.context().map(Bar.PF_BAR0, AdminQueues.DOORBELLS, AdminQueues.DOORBELLS_SIZE, queues);
            this.q0 = new AqMemory(f.memory, new AqLayout(0));
        }

        void ring(int queue) {
            f.rc.cpuWrite(Bar.PF_BAR0.base() + AdminQueues.DOORBELLS + 4L * queue, 2, queue);
        }

        void submit(AqMemory q, int head) {
            q.publish(head);
            ring(q.q.queue());
        }

        List<Seen> mrds() {
            return f.toHost(s -> s.type().isRead() && s.type().isMemory());
        }

        long descriptorReads(int bytes) {
            long lo = q0.q.descriptor(0);
            long hi = q0.q.descriptor(AqLayout.QUEUE_SIZE);
            return mrds().stream().filter(s -> s.tlp().firstByteAddress() >= lo && s.tlp().firstByteAddress() < hi
                    && s.tlp().requestBytes() == bytes).count();
        }

        int readsFor1Command() {
            submit(q0, q0.read(0, LEGACY_COMMON_CFG_READ, 1, LegacyRegister.QUEUE_SIZE.offset(), 2));
            f.run();
            return mrds().size();
        }
    }

    private final Dev dev = new Dev(new DeviceFixture(VFS), 1, false);
    private final DeviceFixture f = dev.f;
    private final AdminQueues queues = dev.queues;
    private final AqMemory q0 = dev.q0;

    private void ring(int queue) {
        dev.ring(queue);
    }

    private void submit(AqMemory q, int head) {
        dev.submit(q, head);
    }

    private List<Seen> mrds() {
        return dev.mrds();
    }

    private long descriptorReads(int bytes) {
        return dev.descriptorReads(bytes);
    }

    // ---- the legacy register commands ----

    @Test
    void aCommonCfgWriteReachesTheMembersRegisters() {
        submit(q0, q0.write(0, LEGACY_COMMON_CFG_WRITE, 2, LegacyRegister.DEVICE_STATUS.offset(), 1, 0x0B));
        f.run();
        assertThat(f.device.vf(2).status()).isEqualTo(0x0B);
        assertThat(f.device.vf(1).status()).isZero();
        assertThat(q0.status(0)).isEqualTo(STATUS_OK);
        assertThat(q0.qualifier(0)).isZero();
        assertThat(q0.usedIdx()).isEqualTo(1);
        assertThat(q0.usedId(0)).as("used id is the chain's head").isZero();
        assertThat(q0.usedLen(0)).as("bytes written: the status only").isEqualTo(8);
        assertThat(queues.queue(0).commands()).isEqualTo(1);
    }

    @Test
    void aCommonCfgReadReturnsTheRegisterInTheResult() {
        submit(q0, q0.read(1, LEGACY_COMMON_CFG_READ, 1, LegacyRegister.QUEUE_SIZE.offset(), 2));
        f.run();
        assertThat(q0.status(1)).isEqualTo(STATUS_OK);
        assertThat(q0.result(1, 2)).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE);
        assertThat(q0.usedIdx()).isEqualTo(1);
        assertThat(q0.usedId(0)).isEqualTo(4);
        assertThat(q0.usedLen(0)).as("status and the 2-byte result").isEqualTo(10);
    }

    @Test
    void aFourByteReadFillsTheWholeResult() {
        f.device.vf(3).write(LegacyRegister.GUEST_FEATURES.offset(), 4, 0x21);
        submit(q0, q0.read(0, LEGACY_COMMON_CFG_READ, 3, LegacyRegister.HOST_FEATURES.offset(), 4));
        f.run();
        assertThat(q0.result(0, 4)).isEqualTo(f.device.vf(3).hostFeatures() & 0xFFFF_FFFFL);
        assertThat(q0.usedLen(0)).isEqualTo(12);
    }

    @Test
    void deviceConfigOffsetsAreRelativeToTheDeviceConfigWhereverMsixPutsIt() {
        byte[] mac = VirtioNetConfig.vfMac(2);
        long expect = (mac[0] & 0xFF) | (mac[1] & 0xFF) << 8 | (mac[2] & 0xFF) << 16 | (long) (mac[3] & 0xFF) << 24;
        submit(q0, q0.read(0, LEGACY_DEV_CFG_READ, 2, 0, 4));
        f.run();
        assertThat(q0.result(0, 4)).as("MSI-X off: config at 0x14").isEqualTo(expect);
        f.device.vf(2).setMsixEnabled(true);
        submit(q0, q0.read(1, LEGACY_DEV_CFG_READ, 2, 0, 4));
        f.run();
        assertThat(q0.result(1, 4)).as("MSI-X on: config at 0x18, same offset 0").isEqualTo(expect);
        submit(q0, q0.read(2, LEGACY_DEV_CFG_READ, 2, 4, 2));
        f.run();
        assertThat(q0.result(2, 2)).isEqualTo((mac[4] & 0xFF) | (mac[5] & 0xFF) << 8);
    }

    @Test
    void aDeviceConfigWriteChangesTheMembersMac() {
        f.device.vf(1).setMsixEnabled(true);
        submit(q0, q0.write(0, LEGACY_DEV_CFG_WRITE, 1, 5, 1, 0x42));
        f.run();
        assertThat(q0.status(0)).isEqualTo(STATUS_OK);
        assertThat(f.device.vf(1).config().readByte(5)).isEqualTo(0x42);
        assertThat(f.device.vf(2).config().readByte(5)).isEqualTo(VirtioNetConfig.vfMac(2)[5] & 0xFF);
    }

    @Test
    void aCommonCfgWriteOfTwoBytesCarriesBothBytes() {
        submit(q0, q0.write(0, LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.QUEUE_SELECT.offset(), 2, 0x0102));
        f.run();
        assertThat(f.device.vf(1).queueSelect()).as("0x0102 >= 1024? no: 258").isEqualTo(0x0102);
    }

    @Test
    void aFourByteWriteCarriesAllFourBytes() {
        submit(q0, q0.write(0, LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.QUEUE_PFN.offset(), 4, 0x0A0B_0C0DL));
        f.run();
        assertThat(f.device.vf(1).queuePfn(0)).isEqualTo(0x0A0B_0C0D);
    }

    // ---- errors: status EINVAL and the qualifier that says why ----

    private void expectInvalid(int slot, int qualifier) {
        assertThat(q0.status(slot)).isEqualTo(STATUS_EINVAL);
        assertThat(q0.qualifier(slot)).isEqualTo(qualifier);
    }

    @Test
    void aGroupOtherThanSriovIsRejected() {
        submit(q0, q0.command(0, LEGACY_COMMON_CFG_WRITE, 2, 1, AqMemory.writeData(0x12, 1, 1), 0));
        f.run();
        expectInvalid(0, AqMemory.Q_INVALID_GROUP);
        assertThat(f.device.vf(1).status()).isZero();
        assertThat(q0.usedLen(0)).isEqualTo(8);
    }

    @Test
    void aMemberThatIsNotAVfIsRejected() {
        submit(q0, q0.write(0, LEGACY_COMMON_CFG_WRITE, 0, 0x12, 1, 1));
        submit(q0, q0.read(1, LEGACY_COMMON_CFG_READ, VFS + 1, 0x12, 1));
        submit(q0, q0.read(2, LEGACY_COMMON_CFG_READ, VFS, 0x12, 1));
        f.run();
        expectInvalid(0, AqMemory.Q_INVALID_MEMBER);
        expectInvalid(1, AqMemory.Q_INVALID_MEMBER);
        assertThat(q0.status(2)).isEqualTo(STATUS_OK);
        assertThat(q0.usedLen(1)).as("no result for a failed read").isEqualTo(8);
        assertThat(q0.usedLen(2)).isEqualTo(9);
    }

    @Test
    void anUnknownOpcodeIsRejected() {
        submit(q0, q0.command(0, 0x7, GROUP_SRIOV, 1, AqMemory.readData(0), 4));
        submit(q0, q0.command(1, 0x0, GROUP_SRIOV, 1, null, 8)); // LIST_QUERY: every device takes it (virtio 1.3 §2.12.1.2)
        f.run();
        expectInvalid(0, AqMemory.Q_INVALID_OPCODE);
        assertThat(q0.status(1)).isEqualTo(STATUS_OK);
    }

    @Test
    void anAccessTheLegacyLayoutDoesNotHaveIsAnInvalidField() {
        submit(q0, q0.write(0, LEGACY_COMMON_CFG_WRITE, 1, 0x12, 3, 1)); // size 3
        submit(q0, q0.read(1, LEGACY_COMMON_CFG_READ, 1, 0x0C, 4)); // queue size is 2 bytes
        submit(q0, q0.read(2, LEGACY_DEV_CFG_READ, 1, 0xF0, 1)); // beyond the device config
        submit(q0, q0.write(3, LEGACY_DEV_CFG_WRITE, 1, VirtioNetConfig.LENGTH, 1, 0)); // just past it
        submit(q0, q0.read(4, LEGACY_COMMON_CFG_READ, 1, 0x12, 3)); // size 3
        submit(q0, q0.command(5, LEGACY_COMMON_CFG_READ, GROUP_SRIOV, 1, AqMemory.readData(0x12), 0)); // no result buffer
        submit(q0, q0.write(6, LEGACY_COMMON_CFG_WRITE, 1, 0x12, 8, 0)); // size 8
        f.run();
        for (int s = 0; s <= 6; s++) {
            expectInvalid(s, AqMemory.Q_INVALID_FIELD);
        }
        assertThat(f.device.vf(1).status()).isZero();
        assertThat(q0.usedIdx()).isEqualTo(7);
    }

    @Test
    void aDeviceConfigAccessAtItsLastByteIsValid() {
        submit(q0, q0.read(0, LEGACY_DEV_CFG_READ, 1, VirtioNetConfig.LENGTH - 1, 1));
        f.run();
        assertThat(q0.status(0)).isEqualTo(STATUS_OK);
    }

    // ---- reset ----

    @Test
    void aStatusReadDuringAResetCompletesWhenTheResetHas() {
        f.device.vf(1).write(LegacyRegister.DEVICE_STATUS.offset(), 1, 7);
        submit(q0, q0.write(0, LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.DEVICE_STATUS.offset(), 1, 0));
        submit(q0, q0.read(1, LEGACY_COMMON_CFG_READ, 1, LegacyRegister.DEVICE_STATUS.offset(), 1));
        f.run();
        assertThat(q0.status(1)).isEqualTo(STATUS_OK);
        assertThat(q0.result(1, 1)).as("after the reset: 0, as the driver expects").isZero();
        assertThat(queues.queue(0).heldForReset()).isEqualTo(1);
        List<Seen> used = f.toHost(s -> s.type().isPosted() && s.tlp().address() == (q0.q.usedIdx() & ~3L));
        assertThat(used).hasSize(2);
        long resetPs = DeviceTiming.DEFAULT.ps(DeviceTiming.DEFAULT.resetCycles());
        assertThat(used.get(1).timePs() - used.get(0).timePs()).as("the read waited out the reset")
                .isGreaterThan(resetPs - DeviceTiming.DEFAULT.ps(DeviceTiming.DEFAULT.firmwareCommandCycles()) * 2);
    }

    @Test
    void aReadOfAnotherRegisterAfterTheResetSeesTheResetValues() {
        f.device.vf(2).write(LegacyRegister.QUEUE_SELECT.offset(), 2, 2);
        f.device.surpriseReset(2);
        submit(q0, q0.read(0, LEGACY_COMMON_CFG_READ, 2, LegacyRegister.QUEUE_SELECT.offset(), 2));
        f.run();
        assertThat(q0.result(0, 2)).isZero();
        assertThat(q0.usedLen(0)).isEqualTo(10);
    }

    // ---- LEGACY_NOTIFY_INFO ----

    @Test
    void notifyInfoListsTheMembersAndTheOwnersNotifyAddresses() {
        submit(q0, q0.command(0, LEGACY_NOTIFY_INFO, GROUP_SRIOV, 3, null, 64));
        f.run();
        assertThat(q0.status(0)).isEqualTo(STATUS_OK);
        long r = q0.resultAddr(0);
        // struct virtio_pci_legacy_notify_info {u8 flags; u8 bar; u8 padding[6]; le64 offset;} x 4
        assertThat(q0.get(r, 1)).as("entry 0: member device").isEqualTo(0x2);
        // "valid entries MUST have a bar which is not hardwired to zero": VF BAR0 is, so VF BAR2.
        assertThat(q0.get(r + 1, 1)).as("entry 0 names VF BAR2").isEqualTo(2).isNotZero();
        assertThat(q0.get(r + 8, 8)).isEqualTo(VfBarRoute.OFFSET);
        assertThat(q0.get(r + 16, 1)).as("entry 1: owner device").isEqualTo(0x1);
        assertThat(q0.get(r + 17, 1)).as("entry 1 names PF BAR4").isEqualTo(4);
        assertThat(q0.get(r + 24, 8)).isEqualTo(PfBarRoute.slot(3));
        assertThat(q0.get(r + 32, 1)).as("entry 2 ends the list").isZero();
        assertThat(q0.get(r + 48, 1)).as("the last entry's flags are zero").isZero();
        assertThat(q0.get(r + 2, 6)).as("padding").isZero();
        assertThat(q0.usedLen(0)).isEqualTo(8 + 64);
    }

    @Test
    void notifyInfoWritesNoMoreThanTheResultBufferHolds() {
        q0.put(q0.resultAddr(0) + 16, 8, 0x5A5A_5A5A_5A5A_5A5AL);
        submit(q0, q0.command(0, LEGACY_NOTIFY_INFO, GROUP_SRIOV, 1, null, 16));
        f.run();
        assertThat(q0.get(q0.resultAddr(0), 1)).isEqualTo(0x2);
        assertThat(q0.get(q0.resultAddr(0) + 16, 8)).as("past the buffer: untouched").isEqualTo(0x5A5A_5A5A_5A5A_5A5AL);
        assertThat(q0.usedLen(0)).isEqualTo(8 + 16);
    }

    @Test
    void notifyInfoForAMissingMemberIsRejected() {
        submit(q0, q0.command(0, LEGACY_NOTIFY_INFO, GROUP_SRIOV, VFS + 1, null, 64));
        f.run();
        expectInvalid(0, AqMemory.Q_INVALID_MEMBER);
    }

    // ---- the queue ----

    @Test
    void commandsPublishedTogetherCompleteInOrder() {
        q0.publish(q0.write(2, LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.QUEUE_SELECT.offset(), 2, 1));
        q0.publish(q0.read(0, LEGACY_COMMON_CFG_READ, 1, LegacyRegister.QUEUE_SELECT.offset(), 2));
        q0.publish(q0.write(1, LEGACY_COMMON_CFG_WRITE, 2, LegacyRegister.DEVICE_STATUS.offset(), 1, 3));
        ring(0);
        f.run();
        assertThat(q0.usedIdx()).isEqualTo(3);
        assertThat(List.of(q0.usedId(0), q0.usedId(1), q0.usedId(2))).containsExactly(8L, 0L, 4L);
        assertThat(q0.result(0, 2)).as("the read saw the write before it").isEqualTo(1);
        assertThat(f.device.vf(2).status()).isEqualTo(3);
        assertThat(queues.queue(0).commands()).isEqualTo(3);
    }

    @Test
    void aCommandAddedWhileTheEngineWorksIsPickedUp() {
        submit(q0, q0.write(0, LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.DEVICE_STATUS.offset(), 1, 1));
        f.kernel.run(3_000_000); // the first is executing (firmware takes 1.5 µs)
        assertThat(q0.usedIdx()).isZero();
        submit(q0, q0.write(1, LEGACY_COMMON_CFG_WRITE, 2, LegacyRegister.DEVICE_STATUS.offset(), 1, 2));
        f.run();
        assertThat(q0.usedIdx()).isEqualTo(2);
        assertThat(f.device.vf(2).status()).isEqualTo(2);
    }

    @Test
    void aCommandPublishedWithoutADoorbellWhileBusyIsStillSeen() {
        submit(q0, q0.write(0, LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.DEVICE_STATUS.offset(), 1, 1));
        f.kernel.run(3_000_000);
        q0.publish(q0.write(1, LEGACY_COMMON_CFG_WRITE, 2, LegacyRegister.DEVICE_STATUS.offset(), 1, 2));
        f.run();
        assertThat(q0.usedIdx()).isEqualTo(2);
    }

    @Test
    void aDoorbellWithNothingNewIsHarmless() {
        ring(0);
        f.run();
        assertThat(q0.usedIdx()).isZero();
        assertThat(queues.queue(0).commands()).isZero();
        submit(q0, q0.write(0, LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.DEVICE_STATUS.offset(), 1, 1));
        ring(0);
        ring(0);
        f.run();
        assertThat(q0.usedIdx()).isEqualTo(1);
        assertThat(queues.queue(0).commands()).isEqualTo(1);
    }

    @Test
    void doorbellsRungWhileBusyAreNotLost() {
        // A second doorbell while the engine reads the index for the first must not be lost.
        ring(0);
        f.kernel.run(200_000);
        q0.publish(q0.write(0, LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.DEVICE_STATUS.offset(), 1, 9));
        ring(0);
        f.run();
        assertThat(f.device.vf(1).status()).isEqualTo(9);
    }

    @Test
    void theRingWrapsAroundItsSize() {
        int n = AqLayout.QUEUE_SIZE + 6;
        for (int i = 0; i < n; i++) {
            int slot = i % AqLayout.SLOTS;
            submit(q0, q0.write(slot, LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.QUEUE_SELECT.offset(), 2, i));
            f.run();
            assertThat(q0.usedIdx()).isEqualTo(i + 1);
            assertThat(q0.usedId(i)).isEqualTo(4L * slot);
        }
        assertThat(f.device.vf(1).queueSelect()).isEqualTo(n - 1);
    }

    @Test
    void readingTheDoorbellAnswersZero() {
        DeviceFixture.Load l = f.load(Bar.PF_BAR0.base() + AdminQueues.DOORBELLS, 4);
        f.run();
        assertThat(l.status).isEqualTo(CompletionStatus.SC);
        assertThat(l.value).isZero();
    }

    @Test
    void everyDmaReadAndWriteIsCountedAndUsesThePfAsRequester() {
        submit(q0, q0.read(0, LEGACY_COMMON_CFG_READ, 1, LegacyRegister.QUEUE_SIZE.offset(), 2));
        f.run();
        AdminQueueDevice d = queues.queue(0);
        assertThat(d.dmaReads()).isEqualTo(mrds().size());
        List<Seen> writes = f.toHost(s -> s.type().isPosted());
        assertThat(d.dmaWrites()).isEqualTo(writes.size());
        assertThat(f.toHost(s -> !s.type().isCompletion())).allSatisfy(s ->
                assertThat(s.tlp().requesterId()).isEqualTo(AddressMap.PF_ROUTING_ID));
        assertThat(f.toDevice(s -> s.type().isCompletion())).as("one CplD per MRd").hasSize(mrds().size());
    }

    // ---- DMA: one MRd per structure, or fewer with prefetch ----

    @Test
    void withoutPrefetchEachDescriptorAndEachReadableBufferIsOneRead() {
        submit(q0, q0.read(0, LEGACY_COMMON_CFG_READ, 1, LegacyRegister.QUEUE_SIZE.offset(), 2));
        f.run();
        assertThat(descriptorReads(16)).as("four 16-byte descriptors").isEqualTo(4);
        assertThat(mrds()).filteredOn(s -> s.tlp().firstByteAddress() == q0.buf(0)).singleElement()
                .satisfies(s -> assertThat(s.tlp().requestBytes()).isEqualTo(24));
        assertThat(mrds()).filteredOn(s -> s.tlp().firstByteAddress() == q0.buf(0) + 24).singleElement()
                .satisfies(s -> assertThat(s.tlp().requestBytes()).isEqualTo(1));
        assertThat(q0.result(0, 2)).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE);
    }

    @Test
    void withPrefetchTheChainAndTheHeaderWithItsDataAreOneReadEach() {
        Dev p = new Dev(new DeviceFixture(VFS), 1, true);
        p.submit(p.q0, p.q0.read(0, LEGACY_COMMON_CFG_READ, 1, LegacyRegister.QUEUE_SIZE.offset(), 2));
        p.f.run();
        assertThat(p.descriptorReads(16)).isZero();
        assertThat(p.descriptorReads(64)).as("the whole four-descriptor chain").isEqualTo(1);
        assertThat(p.mrds()).filteredOn(s -> s.tlp().firstByteAddress() == p.q0.buf(0)).singleElement()
                .satisfies(s -> assertThat(s.tlp().requestBytes()).isEqualTo(24 + 1));
        assertThat(p.q0.result(0, 2)).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE);
        assertThat(p.mrds().size()).isLessThan(new Dev(new DeviceFixture(VFS), 1, false).readsFor1Command());
    }

    @Test
    void withPrefetchAChainWithoutDataStillWorks() {
        Dev p = new Dev(new DeviceFixture(VFS), 1, true);
        p.submit(p.q0, p.q0.command(0, LEGACY_NOTIFY_INFO, GROUP_SRIOV, 2, null, 64));
        p.submit(p.q0, p.q0.write(1, LEGACY_COMMON_CFG_WRITE, 2, LegacyRegister.DEVICE_STATUS.offset(), 1, 4));
        p.f.run();
        assertThat(p.q0.status(0)).isEqualTo(STATUS_OK);
        assertThat(p.q0.get(p.q0.resultAddr(0) + 8, 8)).isEqualTo(VfBarRoute.OFFSET);
        assertThat(p.f.device.vf(2).status()).isEqualTo(4);
    }

    // ---- interrupts ----

    @Test
    void withInterruptsEachCompletionSendsTheQueuesMsixMessage() {
        List<Integer> vectors = new ArrayList<>();
        f.rc.setInterruptListener(vectors::add);
        queues.setInterrupts(true);
        submit(q0, q0.write(0, LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.DEVICE_STATUS.offset(), 1, 1));
        submit(q0, q0.write(1, LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.DEVICE_STATUS.offset(), 1, 3));
        f.run();
        assertThat(vectors).containsExactly(0, 0);
        List<Seen> msi = f.toHost(s -> s.type().isPosted() && s.tlp().address() == AddressMap.MSI_ADDRESS);
        assertThat(msi).hasSize(2);
        // The message follows the used index it announces (posted writes stay in order).
        List<Seen> used = f.toHost(s -> s.type().isPosted() && s.tlp().address() == (q0.q.usedIdx() & ~3L));
        assertThat(msi.get(0).timePs()).isGreaterThan(used.get(0).timePs());
    }

    @Test
    void withoutInterruptsTheHostMustPoll() {
        List<Integer> vectors = new ArrayList<>();
        f.rc.setInterruptListener(vectors::add);
        submit(q0, q0.write(0, LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.DEVICE_STATUS.offset(), 1, 1));
        f.run();
        assertThat(vectors).isEmpty();
        queues.setInterrupts(true);
        queues.setInterrupts(false);
        submit(q0, q0.write(1, LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.DEVICE_STATUS.offset(), 1, 1));
        f.run();
        assertThat(vectors).isEmpty();
    }

    // ---- several queues ----

    @Test
    void eachQueueHasItsOwnDoorbellRingAndVector() {
        Dev t = new Dev(new DeviceFixture(VFS), 3, false);
        AqMemory q2 = new AqMemory(t.f.memory, new AqLayout(2));
        List<Integer> vectors = new ArrayList<>();
        t.f.rc.setInterruptListener(vectors::add);
        t.queues.setInterrupts(true);
        t.submit(q2, q2.write(0, LEGACY_COMMON_CFG_WRITE, 3, LegacyRegister.DEVICE_STATUS.offset(), 1, 5));
        t.f.run();
        assertThat(q2.usedIdx()).isEqualTo(1);
        assertThat(t.q0.usedIdx()).isZero();
        assertThat(t.f.device.vf(3).status()).isEqualTo(5);
        assertThat(vectors).containsExactly(2);
        assertThat(t.queues.count()).isEqualTo(3);
        assertThat(t.queues.queue(2).commands()).isEqualTo(1);
        assertThat(t.queues.queue(0).commands()).isZero();
        assertThat(t.queues.queue(1).commands()).isZero();
        // A doorbell past the last queue rings nothing.
        t.ring(3);
        t.f.run();
        assertThat(t.queues.queue(0).commands() + t.queues.queue(1).commands()).isZero();
    }

    @Test
    void queuesShareTheDmaTagsAndWaitForOneWhenAllAreBusy() {
        DeviceFixture g = new DeviceFixture(VFS);
        AdminQueues qs = new AdminQueues(g.context(), 2, false, 1);
        g.context().map(Bar.PF_BAR0, AdminQueues.DOORBELLS, AdminQueues.DOORBELLS_SIZE, qs);
        AqMemory a = new AqMemory(g.memory, new AqLayout(0));
        AqMemory b = new AqMemory(g.memory, new AqLayout(1));
        a.publish(a.read(0, LEGACY_COMMON_CFG_READ, 1, LegacyRegister.QUEUE_SIZE.offset(), 2));
        b.publish(b.read(0, LEGACY_COMMON_CFG_READ, 2, LegacyRegister.HOST_FEATURES.offset(), 4));
        g.rc.cpuWrite(Bar.PF_BAR0.base() + AdminQueues.DOORBELLS, 2, 0);
        g.rc.cpuWrite(Bar.PF_BAR0.base() + AdminQueues.DOORBELLS + 4, 2, 1);
        g.run();
        assertThat(a.result(0, 2)).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE);
        assertThat(b.result(0, 4)).isEqualTo(g.device.vf(2).hostFeatures() & 0xFFFF_FFFFL);
        assertThat(g.toHost(s -> s.type().isRead() && s.type().isMemory())).as("one tag: never two reads in flight")
                .allSatisfy(s -> assertThat(s.tlp().tag()).isZero());
    }

    @Test
    void aDmaReadThatTimesOutStopsTheCommandAndTheNextDoorbellStartsAgain() {
        // A Completion Timeout shorter than host memory's latency: every read times out.
        DeviceFixture g = new DeviceFixture(VFS, DeviceTiming.DEFAULT, new FixedCostFirmware(400, 1500), 100_000, HostTiming.DEFAULT);
        Dev t = new Dev(g, 1, false);
        t.submit(t.q0, t.q0.write(0, LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.DEVICE_STATUS.offset(), 1, 1));
        g.run();
        assertThat(t.mrds()).hasSize(1);
        assertThat(t.q0.usedIdx()).isZero();
        assertThat(g.device.vf(1).status()).isZero();
        t.ring(0);
        g.run();
        assertThat(t.mrds()).as("the engine is idle again and reads the index anew").hasSize(2);
    }

    @Test
    void theAdminQueueCountIs1To256() {
        assertThatThrownBy(() -> new AdminQueues(new DeviceFixture(1).context(), 0, false, 8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AdminQueues(new DeviceFixture(1).context(), 257, false, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("257");
        assertThat(new AdminQueues(new DeviceFixture(1).context(), 256, false, 8).count()).isEqualTo(256);
    }

    @Test
    void tracedSignalsShowEachQueuesIndicesAndEngineState() {
        Component tb = Component.root(f.kernel, "tb", 1);
        queues.trace(tb);
        assertThat(tb.tracing().probes()).extracting(p -> p.path() + "/" + p.width())
                .containsExactly("tb.aq.aq0.avail_idx/16", "tb.aq.aq0.used_idx/16", "tb.aq.aq0.engine_state/3",
                        "tb.aq.aq0.commands_in_flight/7", "tb.aq.aq0.reads_outstanding/10", "tb.aq.aq0.command/17",
                        "tb.aq.aq0.command_vf/16", "tb.aq.aq0.command_offset/8");
        org.virtiosim.core.component.TextSignal command = tb.tracing().texts().get(0);
        assertThat(command.path()).isEqualTo("tb.aq.aq0.command_text");
        List<String> states = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        tb.tracing().attach((t, p, v) -> {
            if (p.name().equals("engine_state")) {
                states.add(String.valueOf(v));
            }
            if (command.sources().contains(p)) {
                commands.add(command.decodeNow());
            }
        }, p -> true);
        submit(q0, q0.write(0, LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.DEVICE_STATUS.offset(), 1, 1));
        submit(q0, q0.write(1, LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.DEVICE_STATUS.offset(), 1, 2));
        f.run();
        assertThat(probe(tb, "tb.aq.aq0.used_idx")).isEqualTo(2);
        assertThat(probe(tb, "tb.aq.aq0.avail_idx")).isEqualTo(2);
        assertThat(states).contains("1", "2", "3", "4");
        assertThat(states.get(states.size() - 1)).as("idle once the queue is empty").isEqualTo("0");
        assertThat(probe(tb, "tb.aq.aq0.engine_state")).isZero();
        // device_status is legacy offset 18 (0x12): the command executing, then none once written back
        assertThat(commands).contains("LEGACY_COMMON_CFG_WRITE vf=1 off=0x12");
        assertThat(command.decodeNow()).isEmpty();
    }

    private static long probe(Component root, String path) {
        return root.tracing().probes().stream().filter(p -> p.path().equals(path)).findFirst().orElseThrow().value();
    }

    @Test
    void aDoorbellWhileTheIndexIsBeingReadIsNotLost() {
        ring(0);
        ring(0); // arrives while the engine reads the index for the first
        f.run();
        long indexReads = mrds().stream().filter(s -> s.tlp().firstByteAddress() == q0.q.availIdx()).count();
        assertThat(indexReads).as("the second doorbell makes the engine look again").isEqualTo(2);
        submit(q0, q0.write(0, LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.DEVICE_STATUS.offset(), 1, 6));
        f.run();
        assertThat(f.device.vf(1).status()).isEqualTo(6);
    }

    @Test
    void theEngineFollowsTheChainToItsLastDescriptor() {
        // Header, status, result: three descriptors, the last without VIRTQ_DESC_F_NEXT.
        submit(q0, q0.command(0, LEGACY_NOTIFY_INFO, GROUP_SRIOV, 1, null, 64));
        f.run();
        assertThat(descriptorReads(16)).isEqualTo(3);
        // Header, data, status (a write has no result): three as well.
        submit(q0, q0.write(1, LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.DEVICE_STATUS.offset(), 1, 1));
        f.run();
        assertThat(descriptorReads(16)).isEqualTo(6);
        assertThat(q0.status(1)).isEqualTo(STATUS_OK);
    }

    @Test
    void aReadWithoutAResultBufferIsRejectedEvenAfterOneWithIt() {
        submit(q0, q0.read(0, LEGACY_COMMON_CFG_READ, 1, LegacyRegister.QUEUE_SIZE.offset(), 2));
        f.run();
        assertThat(q0.status(0)).isEqualTo(STATUS_OK);
        submit(q0, q0.command(1, LEGACY_COMMON_CFG_READ, GROUP_SRIOV, 1, AqMemory.readData(LegacyRegister.QUEUE_SIZE.offset()), 0));
        f.run();
        expectInvalid(1, AqMemory.Q_INVALID_FIELD);
        assertThat(f.toHost(s -> s.type().isPosted() && s.tlp().address() < 0x1000)).as("nothing written to a result it was not given")
                .isEmpty();
        assertThat(q0.usedLen(1)).isEqualTo(8);
    }

    @Test
    void firmwareIsAskedForEachCommandWithItsOpcodeMemberAndDataBytes() {
        List<String> asked = new ArrayList<>();
        org.virtiosim.device.firmware.Firmware fw = new org.virtiosim.device.firmware.Firmware() {
            @Override
            public long legacyAccessCycles(int vf, boolean write, int offset, int size) {
                return 0;
            }

            @Override
            public long adminCommandCycles(int opcode, int vf, int dataBytes) {
                asked.add(opcode + " " + vf + " " + dataBytes);
                return 3_000;
            }
        };
        Dev d = new Dev(new DeviceFixture(VFS, DeviceTiming.DEFAULT, fw, DeviceFixture.COMPLETION_TIMEOUT_PS, HostTiming.DEFAULT), 1, false);
        d.submit(d.q0, d.q0.write(0, LEGACY_COMMON_CFG_WRITE, 2, LegacyRegister.DEVICE_STATUS.offset(), 1, 1));
        d.submit(d.q0, d.q0.read(1, LEGACY_DEV_CFG_READ, 3, 0, 4));
        d.submit(d.q0, d.q0.command(2, LEGACY_NOTIFY_INFO, GROUP_SRIOV, 1, null, 64));
        d.f.run();
        assertThat(asked).containsExactly("2 2 9", "5 3 1", "6 1 0");
        assertThat(d.f.device.cores().jobs()).isEqualTo(3);
        assertThat(d.f.device.cores().busyPs()).isEqualTo(3 * DeviceTiming.DEFAULT.ps(3_000));
    }

    @Test
    void dmaWritesAreCountedForNotifyInfoToo() {
        submit(q0, q0.command(0, LEGACY_NOTIFY_INFO, GROUP_SRIOV, 1, null, 64));
        f.run();
        assertThat(queues.queue(0).dmaWrites()).isEqualTo(f.toHost(s -> s.type().isPosted()).size());
    }

    @Test
    void aBufferSplitIntoSeveralCompletionsIsReassembled() {
        // The header straddles a 64-byte Read Completion Boundary: host memory answers with two CplDs (§2.3.1.1).
        q0.headerOffset = 46;
        submit(q0, q0.write(0, LEGACY_COMMON_CFG_WRITE, 3, LegacyRegister.QUEUE_SELECT.offset(), 2, 0x0203));
        f.run();
        assertThat(f.toDevice(s -> s.type() == TlpType.CplD && s.tlp().lowerAddress() == 46)).isNotEmpty();
        assertThat(q0.status(0)).isEqualTo(STATUS_OK);
        assertThat(f.device.vf(3).queueSelect()).isEqualTo(0x0203);
    }

    @Test
    void theEngineStateSignalLeadsItsRequests() {
        Component tb = Component.root(f.kernel, "tb", 1);
        queues.trace(tb);
        List<long[]> states = new ArrayList<>();
        tb.tracing().attach((t, p, v) -> {
            if (p.name().equals("engine_state")) {
                states.add(new long[] {t, v});
            }
        }, p -> true);
        submit(q0, q0.write(0, LEGACY_COMMON_CFG_WRITE, 1, LegacyRegister.DEVICE_STATUS.offset(), 1, 1));
        f.run();
        long firstRead = mrds().get(0).timePs();
        long firstWrite = f.toHost(s -> s.type().isPosted()).get(0).timePs();
        assertThat(states).extracting(s -> s[1]).containsSubsequence(1L, 2L, 3L, 4L, 5L);
        assertThat(states.get(0)[0]).as("reading the index shows before the read reaches memory").isLessThan(firstRead);
        long executing = states.stream().filter(s -> s[1] == 5).findFirst().orElseThrow()[0];
        assertThat(executing).as("executing shows before the results are written").isLessThanOrEqualTo(firstWrite);
    }
}

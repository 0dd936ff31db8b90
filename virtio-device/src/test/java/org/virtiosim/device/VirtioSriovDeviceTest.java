package org.virtiosim.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.component.Component;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.device.DeviceFixture.Load;
import org.virtiosim.device.DeviceFixture.Seen;
import org.virtiosim.device.config.ConfigSpace;
import org.virtiosim.device.firmware.FixedCostFirmware;
import org.virtiosim.device.legacy.LegacyRegister;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.legacy.WriteEffect;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.tlp.TlpType;
import org.virtiosim.pcie.txn.OutstandingRequests;

/**
 * The endpoint's TLP decode: memory requests by BAR, I/O writes, configuration requests by
 * routing ID, completions to the DMA requester; and the PCIe rules it must keep (a posted request
 * gets no completion; a non-posted one exactly one, UR when nothing claims it).
 */
class VirtioSriovDeviceTest {
    private static final int VFS = 3;
    private final DeviceFixture f = new DeviceFixture(VFS);
    private final VirtioSriovDevice device = f.device;
    private final DeviceContext ctx = device.context();
    private final RecordingRegion vfBlock = new RecordingRegion(ctx);
    private final RecordingRegion pfBlock = new RecordingRegion(ctx);
    private final RecordingRegion port = new RecordingRegion(ctx);

    VirtioSriovDeviceTest() {
        ctx.map(Bar.VF_BAR2, 0x300, 0x100, vfBlock);
        ctx.map(Bar.PF_BAR2, 0x40, 0x40, pfBlock);
        ctx.map(Bar.PF_IO, 0x10, 4, port);
        vfBlock.answer = 0x8877_6655_4433_2211L;
        pfBlock.answer = 0x0102_0304_0506_0708L;
    }

    private long vfBar(int vf) {
        return device.layout().vfBarAddress(vf);
    }

    private List<Seen> completions() {
        return f.toHost(s -> s.type().isCompletion());
    }

    private Seen onlyCompletion() {
        assertThat(completions()).as("completions").hasSize(1);
        return completions().get(0);
    }

    // ---- construction and what it exposes ----

    @Test
    void numVfsMustBe1To65535() {
        Kernel k = new Kernel();
        FixedCostFirmware fw = new FixedCostFirmware(1, 1);
        assertThatThrownBy(() -> new VirtioSriovDevice(k, DeviceTiming.DEFAULT, 0, LegacyRegisterFile::virtioNet, fw, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> new VirtioSriovDevice(k, DeviceTiming.DEFAULT, 65536, LegacyRegisterFile::virtioNet, fw, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536");
        assertThat(new VirtioSriovDevice(k, DeviceTiming.DEFAULT, 1, LegacyRegisterFile::virtioNet, fw, 1).numVfs()).isEqualTo(1);
    }

    @Test
    void eachVfHasItsOwnRegisterFileMadeForItsNumber() {
        List<Integer> made = new ArrayList<>();
        VirtioSriovDevice d = new VirtioSriovDevice(new Kernel(), DeviceTiming.DEFAULT, 4, vf -> {
            made.add(vf);
            return LegacyRegisterFile.virtioNet(vf);
        }, new FixedCostFirmware(1, 1), 1);
        assertThat(made).containsExactly(1, 2, 3, 4);
        assertThat(d.numVfs()).isEqualTo(4);
        assertThat(d.vf(1)).isNotSameAs(d.vf(2));
        assertThat(d.vf(3).config().readByte(5)).as("MAC of VF 3").isEqualTo(LegacyRegisterFile.virtioNet(3).config().readByte(5));
        assertThat(d.legacyStateBytesPerVf()).isEqualTo(d.vf(1).stateBytes());
    }

    @Test
    void theLayoutPlacesVfsAfterThePfAndTheirBarsAtVfBar0() {
        assertThat(device.layout().pfRoutingId()).isEqualTo(AddressMap.PF_ROUTING_ID);
        assertThat(device.layout().vfRoutingId(1)).isEqualTo(AddressMap.PF_ROUTING_ID + AddressMap.FIRST_VF_OFFSET);
        assertThat(device.layout().vfRoutingId(3) - device.layout().vfRoutingId(2)).isEqualTo(AddressMap.VF_STRIDE);
        assertThat(vfBar(1)).isEqualTo(Bar.VF_BAR2.base());
        assertThat(vfBar(2)).isEqualTo(Bar.VF_BAR2.base() + Bar.VF_BAR2.size());
        assertThat(device.layout().numVfs()).isEqualTo(VFS);
        assertThat(device.kernel()).isSameAs(f.kernel);
        assertThat(device.timing()).isSameAs(DeviceTiming.DEFAULT);
        assertThat(device.cores()).isNotNull();
        assertThat(device.doorbells()).isNotNull();
        assertThat(device.config()).isNotNull();
    }

    // ---- memory requests ----

    @Test
    void aVfMemoryReadIsDecodedToItsBlockAndAnsweredWithOneCplD() {
        Load l = f.load(vfBar(2) + 0x302, 2);
        f.run();
        assertThat(vfBlock.accesses).containsExactly(new RecordingRegion.Access(false, 2, 2, 2, 0));
        assertThat(l.status).isEqualTo(CompletionStatus.SC);
        assertThat(l.value).as("the block's two low bytes, little-endian").isEqualTo(0x2211);
        Seen mrd = f.toDevice.get(0);
        assertThat(mrd.type()).isEqualTo(TlpType.MRd64);
        Tlp c = onlyCompletion().tlp();
        assertThat(c.type()).isEqualTo(TlpType.CplD);
        assertThat(c.status()).isEqualTo(CompletionStatus.SC);
        assertThat(c.requesterId()).isEqualTo(DeviceFixture.ROOT_ID);
        assertThat(c.tag()).isEqualTo(mrd.tlp().tag());
        assertThat(c.byteCount()).as("all the bytes asked for, in this one completion").isEqualTo(2);
        assertThat(c.lowerAddress()).as("address of the first byte returned, bits 6:0").isEqualTo(0x02);
        assertThat(c.lengthDw()).isEqualTo(1);
        assertThat(c.data()[2]).isEqualTo((byte) 0x11);
        assertThat(c.data()[3]).isEqualTo((byte) 0x22);
        assertThat(device.unsupportedRequests()).isZero();
    }

    @Test
    void aReadSpanningTwoDwsCarriesEveryByteFromItsLowerAddress() {
        Load l = f.load(vfBar(1) + 0x3F5, 4); // bytes 0x3F5..0x3F8: two DWs, lead 1
        f.run();
        assertThat(vfBlock.accesses).containsExactly(new RecordingRegion.Access(false, 1, 0xF5, 4, 0));
        assertThat(l.value).isEqualTo(0x4433_2211L);
        Tlp c = onlyCompletion().tlp();
        assertThat(c.lowerAddress()).isEqualTo(0x75);
        assertThat(c.byteCount()).isEqualTo(4);
        assertThat(c.lengthDw()).isEqualTo(2);
        assertThat(DeviceFixture.value(c, 4)).isEqualTo(0x4433_2211L);
    }

    @Test
    void anEightByteReadReturnsAllEightBytes() {
        Load l = f.load(vfBar(3) + 0x308, 8);
        f.run();
        assertThat(l.value).isEqualTo(0x8877_6655_4433_2211L);
        assertThat(onlyCompletion().tlp().lowerAddress()).isEqualTo(0x08);
        assertThat(vfBlock.accesses.get(0).function()).isEqualTo(3);
    }

    @Test
    void aPfMemoryReadIsDecodedByBarWithFunction0() {
        Load l = f.load(Bar.PF_BAR2.base() + 0x44, 4);
        f.run();
        assertThat(pfBlock.accesses).containsExactly(new RecordingRegion.Access(false, 0, 4, 4, 0));
        assertThat(l.value).isEqualTo(0x0506_0708L);
        assertThat(onlyCompletion().tlp().type()).isEqualTo(TlpType.CplD);
        assertThat(onlyCompletion().tlp().lowerAddress()).isEqualTo(0x44);
    }

    @Test
    void aVfMemoryWriteIsPostedAndDeliversItsEnabledBytes() {
        f.rc.cpuWrite(vfBar(3) + 0x305, 2, 0xBEEF);
        f.rc.cpuWrite(vfBar(1) + 0x310, 8, 0x1122_3344_5566_7788L);
        f.rc.cpuWrite(vfBar(2) + 0x3FF, 1, 0x5A);
        f.run();
        assertThat(vfBlock.accesses).containsExactly(
                new RecordingRegion.Access(true, 3, 5, 2, 0xBEEF),
                new RecordingRegion.Access(true, 1, 0x10, 8, 0x1122_3344_5566_7788L),
                new RecordingRegion.Access(true, 2, 0xFF, 1, 0x5A));
        assertThat(f.toHost).as("a posted write gets no completion").isEmpty();
        assertThat(device.unsupportedRequests()).isZero();
    }

    @Test
    void aPfMemoryWriteReachesItsBlock() {
        f.rc.cpuWrite(Bar.PF_BAR2.base() + 0x7E, 2, 0x1234);
        f.run();
        assertThat(pfBlock.accesses).containsExactly(new RecordingRegion.Access(true, 0, 0x3E, 2, 0x1234));
        assertThat(f.toHost).isEmpty();
    }

    @Test
    void aMemoryWriteWithoutDataWritesZero() {
        // A TLP that carries only lengths (as a bandwidth stream does) has no payload buffer.
        f.sendToDevice(f.newTlp().setMemoryWrite(0, vfBar(1) + 0x300, 4));
        f.run();
        assertThat(vfBlock.accesses).containsExactly(new RecordingRegion.Access(true, 1, 0, 4, 0));
    }

    @Test
    void anUnclaimedMemoryReadGetsOneUnsupportedRequestCompletion() {
        Load vf = f.load(vfBar(2) + 0x10, 4); // VF BAR0, no block there
        Load pf = f.load(Bar.PF_BAR0.base(), 4); // PF BAR0, empty
        Load past = f.load(vfBar(VFS) + Bar.VF_BAR2.size(), 4); // past the last VF's BAR
        f.run();
        assertThat(vf.status).isEqualTo(CompletionStatus.UR);
        assertThat(pf.status).isEqualTo(CompletionStatus.UR);
        assertThat(past.status).isEqualTo(CompletionStatus.UR);
        assertThat(completions()).hasSize(3).allSatisfy(s -> {
            assertThat(s.type()).as("UR carries no data").isEqualTo(TlpType.Cpl);
            assertThat(s.tlp().status()).isEqualTo(CompletionStatus.UR);
        });
        assertThat(completions()).extracting(s -> s.tlp().tag())
                .containsExactlyInAnyOrderElementsOf(f.toDevice.stream().map(s -> s.tlp().tag()).toList());
        assertThat(device.unsupportedRequests()).isEqualTo(3);
        assertThat(vfBlock.accesses).isEmpty();
    }

    @Test
    void anUnclaimedMemoryWriteIsDroppedCountedAndNotAnswered() {
        f.rc.cpuWrite(vfBar(1) + 0x10, 4, 1);
        f.rc.cpuWrite(Bar.PF_BAR0.base() + 0x20, 4, 1);
        f.run();
        assertThat(f.toHost).as("posted: no completion, not even UR").isEmpty();
        assertThat(device.unsupportedRequests()).isEqualTo(2);
        assertThat(vfBlock.accesses).isEmpty();
        assertThat(pfBlock.accesses).isEmpty();
    }

    @Test
    void manyReadsOutstandingAtOnceAreEachAnsweredWithTheirOwnTagAndBytes() {
        vfBlock.hold = true;
        int n = 150;
        Load[] loads = new Load[n];
        for (int i = 0; i < n; i++) {
            loads[i] = f.load(vfBar(1 + i % VFS) + 0x300 + (i % 0x40) * 4, 4);
        }
        f.kernel.run(100_000_000); // 100 µs: every read has arrived, none has timed out
        assertThat(vfBlock.heldSlots).hasSize(n).doesNotHaveDuplicates();
        // Answer in reverse order, each with a value naming its access.
        for (int k = n - 1; k >= 0; k--) {
            RecordingRegion.Access a = vfBlock.accesses.get(k);
            ctx.complete(vfBlock.heldSlots.get(k), a.function() << 16 | a.offset());
        }
        f.run();
        for (int i = 0; i < n; i++) {
            assertThat(loads[i].timedOut).isFalse();
            assertThat(loads[i].value).as("load " + i).isEqualTo((1 + i % VFS) << 16 | (i % 0x40) * 4);
        }
        assertThat(completions()).hasSize(n);
        // Slots are reused: another round does not need new ones and is answered as well.
        vfBlock.heldSlots.clear();
        vfBlock.accesses.clear();
        Load again = f.load(vfBar(2) + 0x320, 4);
        f.kernel.run(f.kernel.now() + 100_000_000);
        ctx.complete(vfBlock.heldSlots.get(0), 0xCAFE);
        f.run();
        assertThat(again.value).isEqualTo(0xCAFE);
    }

    // ---- I/O requests ----

    @Test
    void anIoWriteToAClaimedPortIsDeliveredAndCompleted() {
        Load out = f.ioWrite(Bar.PF_IO.base() + 0x12, 2, 0xABCD);
        f.run();
        assertThat(port.accesses).containsExactly(new RecordingRegion.Access(true, 0, 2, 2, 0xABCD));
        Tlp c = onlyCompletion().tlp();
        assertThat(c.type()).as("an IOWr completion carries no data").isEqualTo(TlpType.Cpl);
        assertThat(c.status()).isEqualTo(CompletionStatus.SC);
        assertThat(c.byteCount()).as("Byte Count of an I/O completion is 4 (§2.2.9.1)").isEqualTo(4);
        assertThat(c.tag()).isEqualTo(f.toDevice.get(0).tlp().tag());
        assertThat(out.status).isEqualTo(CompletionStatus.SC);
        assertThat(out.donePs).isGreaterThan(onlyCompletion().timePs());
        assertThat(device.unsupportedRequests()).isZero();
    }

    @Test
    void anIoWriteToAnUnclaimedPortGetsUnsupportedRequest() {
        Load out = f.ioWrite(Bar.PF_IO.base(), 4, 1);
        f.run();
        assertThat(out.status).isEqualTo(CompletionStatus.UR);
        assertThat(onlyCompletion().tlp().status()).isEqualTo(CompletionStatus.UR);
        assertThat(device.unsupportedRequests()).isEqualTo(1);
        assertThat(port.accesses).isEmpty();
    }

    @Test
    void anIoReadIsNotSupportedAndGetsUr() {
        f.sendToDevice(f.newTlp().setIo(false, 0, 9, Bar.PF_IO.base() + 0x20, 4));
        f.run();
        Tlp c = onlyCompletion().tlp();
        assertThat(c.status()).isEqualTo(CompletionStatus.UR);
        assertThat(c.tag()).isEqualTo(9);
        assertThat(c.requesterId()).isZero();
        assertThat(device.unsupportedRequests()).isEqualTo(1);
    }

    // ---- configuration requests ----

    private Tlp cfgRead(int tag, int target, int offset) {
        return f.newTlp().setConfig(false, 0, tag, target, offset, 4);
    }

    @Test
    void aConfigReadOfThePfAnswersItsIdsWithOneCplD() {
        f.sendToDevice(cfgRead(3, AddressMap.PF_ROUTING_ID, 0));
        f.run();
        Tlp c = onlyCompletion().tlp();
        assertThat(c.type()).isEqualTo(TlpType.CplD);
        assertThat(c.status()).isEqualTo(CompletionStatus.SC);
        assertThat(c.tag()).isEqualTo(3);
        assertThat(c.byteCount()).isEqualTo(4);
        assertThat(c.lowerAddress()).isZero();
        assertThat(DeviceFixture.value(c, 4)).as("Device ID << 16 | Vendor ID")
                .isEqualTo((long) ConfigSpace.DEVICE_ID << 16 | ConfigSpace.VENDOR_ID);
    }

    @Test
    void aConfigReadOfAVfIsRoutedToThatVf() {
        device.vf(2).setMsixEnabled(true);
        f.sendToDevice(cfgRead(4, device.layout().vfRoutingId(2), ConfigSpace.MSIX_CAP));
        f.sendToDevice(cfgRead(5, device.layout().vfRoutingId(1), ConfigSpace.MSIX_CAP));
        f.run();
        assertThat(completions()).hasSize(2);
        long vf2 = DeviceFixture.value(f.completionsFor(4).get(0).tlp(), 4);
        long vf1 = DeviceFixture.value(f.completionsFor(5).get(0).tlp(), 4);
        assertThat(vf2 & 0xFF).isEqualTo(ConfigSpace.MSIX_CAP_ID);
        assertThat(vf2 >>> 16 & 0x7FF).as("table size - 1").isEqualTo(device.vf(2).msixTableSize() - 1);
        assertThat(vf2 >>> 16 & ConfigSpace.MSIX_ENABLE).isNotZero();
        assertThat(vf1 >>> 16 & ConfigSpace.MSIX_ENABLE).isZero();
        assertThat(vf1).isEqualTo(device.config().readDword(1, ConfigSpace.MSIX_CAP) & 0xFFFF_FFFFL);
    }

    @Test
    void aConfigRequestToAFunctionThatDoesNotExistCompletesWithUr() {
        int afterLast = device.layout().vfRoutingId(VFS) + 1;
        int beforePf = AddressMap.PF_ROUTING_ID - 1;
        f.sendToDevice(cfgRead(1, afterLast, 0));
        f.sendToDevice(cfgRead(2, beforePf, 0));
        f.sendToDevice(f.newTlp().setConfig(true, 0, 6, afterLast, ConfigSpace.MSIX_CAP, 4));
        f.run();
        assertThat(completions()).hasSize(3).allSatisfy(s -> {
            assertThat(s.type()).isEqualTo(TlpType.Cpl);
            assertThat(s.tlp().status()).isEqualTo(CompletionStatus.UR);
            assertThat(s.tlp().byteCount()).isEqualTo(4);
        });
        assertThat(completions()).extracting(s -> s.tlp().tag()).containsExactly(1, 2, 6);
    }

    @Test
    void aConfigWriteToAVfsMsixEnableIsCompletedAndTakesEffect() {
        Load w = new Load(f.kernel);
        f.rc.cpuConfigWrite(device.layout().vfRoutingId(3), ConfigSpace.MSIX_CAP + 3, 1, 0x80, 0, w);
        f.run();
        assertThat(w.status).isEqualTo(CompletionStatus.SC);
        Tlp c = onlyCompletion().tlp();
        assertThat(c.type()).isEqualTo(TlpType.Cpl);
        assertThat(c.status()).isEqualTo(CompletionStatus.SC);
        assertThat(c.byteCount()).isEqualTo(4);
        assertThat(device.vf(3).msixEnabled()).isTrue();
        assertThat(device.vf(1).msixEnabled()).isFalse();
        assertThat(device.vf(2).msixEnabled()).isFalse();
    }

    @Test
    void aConfigWriteToThePfIsCompletedAndChangesNoVf() {
        Load w = new Load(f.kernel);
        f.rc.cpuConfigWrite(AddressMap.PF_ROUTING_ID, ConfigSpace.MSIX_CAP + 3, 1, 0x80, 0, w);
        f.run();
        assertThat(w.status).isEqualTo(CompletionStatus.SC);
        assertThat(completions()).hasSize(1);
        for (int vf = 1; vf <= VFS; vf++) {
            assertThat(device.vf(vf).msixEnabled()).isFalse();
        }
    }

    @Test
    void aConfigWriteToAMissingFunctionHasNoEffect() {
        Load w = new Load(f.kernel);
        f.rc.cpuConfigWrite(device.layout().vfRoutingId(VFS) + 1, ConfigSpace.MSIX_CAP + 3, 1, 0x80, 0, w);
        f.run();
        assertThat(w.status).isEqualTo(CompletionStatus.UR);
        for (int vf = 1; vf <= VFS; vf++) {
            assertThat(device.vf(vf).msixEnabled()).isFalse();
        }
    }

    @Test
    void aConfigWriteWithoutDataWritesZero() {
        device.vf(1).setMsixEnabled(true);
        Tlp t = f.newTlp().setConfig(true, 0, 7, device.layout().vfRoutingId(1), ConfigSpace.MSIX_CAP, 4);
        f.sendToDevice(t);
        f.run();
        assertThat(device.vf(1).msixEnabled()).as("the enable bit written as 0").isFalse();
        assertThat(onlyCompletion().tlp().status()).isEqualTo(CompletionStatus.SC);
    }

    // ---- completions for the device's own DMA ----

    @Test
    void completionsGoToTheDmaRequester() {
        List<long[]> heard = new ArrayList<>();
        OutstandingRequests dma = ctx.enableDma(4, new OutstandingRequests.Listener() {
            @Override
            public void completion(int tag, long context, Tlp c, boolean last) {
                heard.add(new long[] {tag, context, DeviceFixture.value(c, 4), last ? 1 : 0});
            }

            @Override
            public void timedOut(int tag, long context) {
                heard.add(new long[] {-1});
            }
        });
        f.memory.writeLong(0x1000, 0xDEAD_BEEF_0BAD_F00DL);
        int tag = dma.allocate(42, 4);
        ctx.upstream().send(ctx.upstream().newTlp().setMemoryRead(AddressMap.PF_ROUTING_ID, tag, 0x1004, 4));
        f.run();
        assertThat(heard).containsExactly(new long[] {tag, 42, 0xDEAD_BEEFL, 1});
        assertThat(f.toDevice).hasSize(1);
        assertThat(device.unsupportedRequests()).isZero();
    }

    @Test
    void aCompletionWithNoDmaRequesterIsIgnored() {
        f.sendToDevice(f.newTlp().setCompletion(0, CompletionStatus.SC, AddressMap.PF_ROUTING_ID, 1, 4, 0, 4));
        f.sendToDevice(f.newTlp().setCompletion(0, CompletionStatus.SC, AddressMap.PF_ROUTING_ID, 2, 4, 0, 0));
        f.run();
        assertThat(f.toHost).isEmpty();
        assertThat(device.unsupportedRequests()).as("a completion is not a request").isZero();
    }

    // ---- resets ----

    private long resetPs() {
        return DeviceTiming.DEFAULT.ps(DeviceTiming.DEFAULT.resetCycles());
    }

    @Test
    void aSurpriseResetHoldsTheVfInResetForTheResetTimeThenClearsIt() {
        ctx.applyLegacyWrite(2, LegacyRegister.DEVICE_STATUS.offset(), 1, 7);
        assertThat(device.vf(2).status()).isEqualTo(7);
        device.surpriseReset(2);
        assertThat(device.vf(2).resetInProgress()).isTrue();
        assertThat(device.vf(1).resetInProgress()).isFalse();
        f.kernel.run(resetPs() - 1);
        assertThat(device.vf(2).resetInProgress()).isTrue();
        f.kernel.run(resetPs());
        assertThat(device.vf(2).resetInProgress()).isFalse();
        assertThat(device.vf(2).status()).isZero();
        assertThat(device.vf(2).resetsCompleted()).isEqualTo(1);
    }

    @Test
    void aSurpriseResetDuringAResetDoesNotStartAnother() {
        device.surpriseReset(1);
        f.kernel.run(resetPs() / 2);
        device.surpriseReset(1);
        f.run();
        assertThat(device.vf(1).resetsCompleted()).isEqualTo(1);
        assertThat(f.kernel.now()).isEqualTo(resetPs());
    }

    @Test
    void whenResetDoneRunsAtOnceWithoutAReset() {
        List<Long> calls = new ArrayList<>();
        ctx.whenResetDone(1, arg -> calls.add(arg), 11);
        assertThat(calls).containsExactly(11L);
    }

    @Test
    void whenResetDoneWaitsForTheResetThenRunsOnce() {
        List<long[]> calls = new ArrayList<>();
        device.surpriseReset(3);
        ctx.whenResetDone(3, arg -> calls.add(new long[] {arg, f.kernel.now(), device.vf(3).resetInProgress() ? 1 : 0}), 5);
        assertThat(calls).isEmpty();
        f.run();
        assertThat(calls).containsExactly(new long[] {5, resetPs(), 0});
        // The waiter was taken: a later reset does not call it again, and a new one may wait.
        device.surpriseReset(3);
        ctx.whenResetDone(3, arg -> calls.add(new long[] {arg, f.kernel.now(), 0}), 6);
        f.run();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1)[0]).isEqualTo(6);
    }

    @Test
    void aSecondWaiterForTheSameResetIsAModelError() {
        device.surpriseReset(1);
        ctx.whenResetDone(1, arg -> { }, 0);
        assertThatThrownBy(() -> ctx.whenResetDone(1, arg -> { }, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("VF 1");
        ctx.whenResetDone(2, arg -> { }, 0); // another VF's is not the same reset
    }

    @Test
    void aLegacyStatusWriteOf0StartsTheResetEngine() {
        ctx.applyLegacyWrite(1, LegacyRegister.DEVICE_STATUS.offset(), 1, 3);
        WriteEffect e = ctx.applyLegacyWrite(1, LegacyRegister.DEVICE_STATUS.offset(), 1, 0);
        assertThat(e).isEqualTo(WriteEffect.RESET_REQUESTED);
        assertThat(device.vf(1).resetInProgress()).isTrue();
        f.run();
        assertThat(device.vf(1).resetInProgress()).isFalse();
        assertThat(device.vf(1).resetsCompleted()).isEqualTo(1);
        assertThat(f.kernel.now()).isEqualTo(resetPs());
    }

    @Test
    void aLegacyQueueNotifyGoesThroughDoorbellSteering() {
        List<long[]> kicks = new ArrayList<>();
        device.doorbells().setListener((vf, q, t) -> kicks.add(new long[] {vf, q, t}));
        ctx.applyLegacyWrite(2, LegacyRegister.QUEUE_SELECT.offset(), 2, 1);
        ctx.applyLegacyWrite(2, LegacyRegister.QUEUE_PFN.offset(), 4, 0x1234);
        WriteEffect e = ctx.applyLegacyWrite(2, LegacyRegister.QUEUE_NOTIFY.offset(), 2, 1);
        assertThat(e).isEqualTo(WriteEffect.QUEUE_NOTIFY);
        WriteEffect ignored = ctx.applyLegacyWrite(2, LegacyRegister.QUEUE_NOTIFY.offset(), 2, 0); // queue 0 has no ring
        assertThat(ignored).isEqualTo(WriteEffect.IGNORED);
        f.run();
        assertThat(kicks).containsExactly(new long[] {2, 1, DeviceTiming.DEFAULT.ps(DeviceTiming.DEFAULT.doorbellCycles())});
        assertThat(device.vf(1).resetInProgress()).isFalse();
    }

    // ---- waveforms ----

    @Test
    void tracedSignalsFollowEachVfsState() {
        Component root = Component.root(f.kernel, "dev", 1);
        device.trace(root);
        assertThat(root.tracing().probes()).extracting(p -> p.path() + "/" + p.width()).contains(
                "dev.vf1.status/8", "dev.vf1.reset/1", "dev.vf1.msix/1", "dev.vf1.doorbell_kicks/16",
                "dev.vf3.status/8", "dev.firmware.core0_busy/1");
        ctx.applyLegacyWrite(2, LegacyRegister.DEVICE_STATUS.offset(), 1, 0x0F);
        assertThat(probe(root, "dev.vf2.status")).isEqualTo(0x0F);
        assertThat(probe(root, "dev.vf1.status")).isZero();
        device.surpriseReset(3);
        assertThat(probe(root, "dev.vf3.reset")).isEqualTo(1);
        f.run();
        assertThat(probe(root, "dev.vf3.reset")).isZero();
        Load w = new Load(f.kernel);
        f.rc.cpuConfigWrite(device.layout().vfRoutingId(1), ConfigSpace.MSIX_CAP + 3, 1, 0x80, 0, w);
        f.run();
        assertThat(probe(root, "dev.vf1.msix")).isEqualTo(1);
        device.vf(2).setMsixEnabled(true);
        device.traceVf(2);
        assertThat(probe(root, "dev.vf2.msix")).isEqualTo(1);
    }

    @Test
    void traceVfWithoutTracingDoesNothing() {
        device.traceVf(1); // no signals yet: must not fail
        assertThat(device.vf(1).status()).isZero();
    }

    private static long probe(Component root, String path) {
        return root.tracing().probes().stream().filter(p -> p.path().equals(path)).findFirst().orElseThrow().value();
    }

    @Test
    void bytesOutsideAWritesByteEnablesAreIgnored() {
        // Disabled byte lanes carry don't-care data (PCIe §2.2.5): here, all 0xEE.
        long a = vfBar(2) + 0x306;
        Tlp t = f.newTlp().setMemoryWrite(0, a, 2);
        byte[] d = t.ensureData(8);
        java.util.Arrays.fill(d, 0, 8, (byte) 0xEE);
        d[2] = 0x34;
        d[3] = 0x12;
        f.sendToDevice(t);
        Tlp u = f.newTlp().setMemoryWrite(0, vfBar(2) + 0x311, 1);
        byte[] e = u.ensureData(8);
        java.util.Arrays.fill(e, 0, 8, (byte) 0xEE);
        e[1] = 0x5A;
        f.sendToDevice(u);
        f.run();
        assertThat(vfBlock.accesses).containsExactly(new RecordingRegion.Access(true, 2, 6, 2, 0x1234),
                new RecordingRegion.Access(true, 2, 0x11, 1, 0x5A));
    }

    @Test
    void aConfigWriteOf0ToMessageControlsHighByteDisablesMsix() {
        device.vf(2).setMsixEnabled(true);
        Load w = new Load(f.kernel);
        f.rc.cpuConfigWrite(device.layout().vfRoutingId(2), ConfigSpace.MSIX_CAP + 3, 1, 0x00, 0, w);
        f.run();
        assertThat(w.status).isEqualTo(CompletionStatus.SC);
        assertThat(device.vf(2).msixEnabled()).isFalse();
    }

    @Test
    void tracingStartsFromTheCurrentStateAndCountsKicks() {
        ctx.applyLegacyWrite(1, LegacyRegister.DEVICE_STATUS.offset(), 1, 0x07);
        device.vf(2).setMsixEnabled(true);
        Component root = Component.root(f.kernel, "dev", 1);
        device.trace(root);
        assertThat(probe(root, "dev.vf1.status")).as("the state before tracing began").isEqualTo(7);
        assertThat(probe(root, "dev.vf2.msix")).isEqualTo(1);
        ctx.applyLegacyWrite(3, LegacyRegister.QUEUE_PFN.offset(), 4, 0x100);
        ctx.applyLegacyWrite(3, LegacyRegister.QUEUE_NOTIFY.offset(), 2, 0);
        ctx.applyLegacyWrite(3, LegacyRegister.QUEUE_NOTIFY.offset(), 2, 0);
        f.run();
        assertThat(probe(root, "dev.vf3.doorbell_kicks")).isEqualTo(2);
        assertThat(probe(root, "dev.vf1.doorbell_kicks")).isZero();
    }
}

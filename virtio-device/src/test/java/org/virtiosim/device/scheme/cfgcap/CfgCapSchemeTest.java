package org.virtiosim.device.scheme.cfgcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.Backing;
import org.virtiosim.device.DeviceFixture;
import org.virtiosim.device.DeviceFixture.Done;
import org.virtiosim.device.DeviceFixture.Seen;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.config.ConfigSpace;
import org.virtiosim.device.legacy.LegacyLayout;
import org.virtiosim.device.legacy.LegacyRegister;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.legacy.VirtioFeatures;
import org.virtiosim.device.scheme.DeviceCost;
import org.virtiosim.device.window.LegacyWindow;
import org.virtiosim.pcie.tlp.TlpType;

/**
 * {@code cfg-cap} end to end: every legacy access is configuration requests only, each non-posted
 * and answered by exactly one completion; a read during a reset behaves as mmio_read_during_reset says.
 */
class CfgCapSchemeTest {
    private static final DeviceTiming T = DeviceTiming.DEFAULT;
    private final CfgCapScheme scheme = new CfgCapScheme();

    private static final class Setup {
        final DeviceFixture f;
        final PciCfgCapability cap;
        final CfgCapAccessPath host;

        Setup(int vfs, ParamValues p) {
            this.f = new DeviceFixture(vfs);
            this.cap = (PciCfgCapability) new CfgCapScheme().install(f.context(), p);
            this.host = (CfgCapAccessPath) new CfgCapScheme().host(f, p);
        }

        Setup(int vfs) {
            this(vfs, ParamValues.defaults());
        }

        Done access(int vf, boolean write, int offset, int size, long value) {
            Done d = f.done();
            host.access(vf, write, offset, size, value, vf, d);
            f.run();
            return d;
        }
    }

    /** Every request the host sent is a configuration request, and each got exactly one completion. */
    private static void onlyConfigRequestsEachCompletedOnce(DeviceFixture f, int requests) {
        assertThat(f.toDevice).hasSize(requests)
                .allSatisfy(s -> assertThat(s.type()).isIn(TlpType.CfgRd0, TlpType.CfgWr0));
        for (Seen r : f.toDevice) {
            assertThat(f.completionsFor(r.tlp().tag())).as("one completion for tag %d", r.tlp().tag()).isNotEmpty();
        }
        assertThat(f.toHost).as("one completion per request").hasSize(requests)
                .allSatisfy(s -> assertThat(s.type().isCompletion()).isTrue());
        assertThat(f.toHost(s -> s.type() == TlpType.CplD)).hasSize((int) f.toDevice.stream().filter(s -> s.type() == TlpType.CfgRd0).count());
    }

    @Test
    void itNamesItselfItsKnobsAndItsCost() {
        assertThat(scheme.id()).isEqualTo("cfg-cap").isEqualTo(CfgCapScheme.ID);
        assertThat(scheme.knobs()).containsExactly(LegacyWindow.READ_DURING_RESET, org.virtiosim.device.host.Ecam.ACCESS_NS);
        DeviceCost fw = scheme.cost(ParamValues.defaults().with(Backing.PARAM, Backing.FIRMWARE), 16, 48);
        assertThat(fw.fastPathBitsPerVf()).as("offset, length and data answer config TLPs without firmware").isEqualTo(96);
        assertThat(fw.firmwareBytesPerVf()).isEqualTo(48);
        assertThat(fw.barApertureBytesPerVf()).as("no BAR space").isZero();
        DeviceCost hw = scheme.cost(ParamValues.defaults().with(Backing.PARAM, Backing.HARDWARE), 16, 48);
        assertThat(hw.fastPathBitsPerVf()).isEqualTo(96 + 8 * 48);
    }

    @Test
    void aWriteIsThreeCfgWr0sOffsetLengthThenDataEachWithOneCompletion() {
        Setup s = new Setup(2);
        Done d = s.access(2, true, LegacyRegister.DEVICE_STATUS.offset(), 1, 0x07);
        assertThat(d.failed()).isFalse();
        assertThat(s.f.device.vf(2).status()).isEqualTo(0x07);
        assertThat(s.f.device.vf(1).status()).isZero();
        onlyConfigRequestsEachCompletedOnce(s.f, 3);
        List<Seen> w = s.f.toDevice;
        assertThat(w).allSatisfy(x -> assertThat(x.type()).isEqualTo(TlpType.CfgWr0))
                .allSatisfy(x -> assertThat(x.tlp().targetId()).isEqualTo(s.f.device.layout().vfRoutingId(2)));
        assertThat(w).extracting(x -> x.tlp().registerOffset())
                .containsExactly(CfgCapRegisters.CAP + CfgCapRegisters.OFFSET, CfgCapRegisters.CAP + CfgCapRegisters.LENGTH,
                        CfgCapRegisters.CAP + CfgCapRegisters.DATA);
        assertThat(w.get(1).timePs()).as("each waits for the completion before it").isGreaterThan(s.f.toHost.get(0).timePs());
        assertThat(w.get(2).timePs()).isGreaterThan(s.f.toHost.get(1).timePs());
        assertThat(s.cap.dataWrites()).isEqualTo(1);
        assertThat(s.host.configRequests()).isEqualTo(3);
        assertThat(s.host.hostBusyPs()).isEqualTo(d.timePs());
    }

    @Test
    void aReadIsTwoCfgWr0sThenACfgRd0AnsweredByOneCplD() {
        Setup s = new Setup(2);
        Done features = s.access(1, false, LegacyRegister.HOST_FEATURES.offset(), 4, 0);
        assertThat(features.failed()).isFalse();
        assertThat(features.value()).isEqualTo(VirtioFeatures.VF_NET_HOST_FEATURES & 0xFFFF_FFFFL);
        onlyConfigRequestsEachCompletedOnce(s.f, 3);
        assertThat(s.f.toDevice).extracting(Seen::type).containsExactly(TlpType.CfgWr0, TlpType.CfgWr0, TlpType.CfgRd0);
        assertThat(s.f.toHost).extracting(Seen::type).containsExactly(TlpType.Cpl, TlpType.Cpl, TlpType.CplD);
        Done qsize = s.access(2, false, LegacyRegister.QUEUE_SIZE.offset(), 2, 0);
        assertThat(qsize.value()).isEqualTo(LegacyRegisterFile.NET_QUEUE_SIZE);
        Done macByte = s.access(1, false, 0x14 + 1, 1, 0);
        assertThat(macByte.value()).isEqualTo(org.virtiosim.device.legacy.VirtioNetConfig.vfMac(1)[1] & 0xFF);
        assertThat(s.cap.dataReads()).isEqualTo(3);
    }

    @Test
    void theSixByteMacWriteIsTwoAccessesFourBytesThenTwo() {
        Setup s = new Setup(1);
        s.f.device.vf(1).setMsixEnabled(true);
        int mac = LegacyLayout.macOffset(true);
        Done d = s.access(1, true, mac, LegacyLayout.MAC_WRITE_BYTES, 0x5634_1200_5452L);
        assertThat(d.failed()).isFalse();
        byte[] want = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
        for (int i = 0; i < want.length; i++) {
            assertThat(s.f.device.vf(1).config().readByte(i)).as("mac[%d]", i).isEqualTo(want[i] & 0xFF);
        }
        onlyConfigRequestsEachCompletedOnce(s.f, 6);
        assertThat(s.cap.dataWrites()).isEqualTo(2);
        assertThat(DeviceFixture.payload(s.f.toDevice.get(3).tlp())).as("the second offset").isEqualTo(mac + 4);
    }

    @Test
    void theCapabilityIsLinkedAfterMsixAndReadsAsAVendorCapability() {
        Setup s = new Setup(1);
        int rid = s.f.device.layout().vfRoutingId(1);
        assertThat(s.f.device.config().readDword(1, ConfigSpace.MSIX_CAP) >>> 8 & 0xFF).isEqualTo(CfgCapRegisters.CAP);
        DeviceFixture.Load[] got = new DeviceFixture.Load[3];
        int[] at = {0, CfgCapRegisters.OFFSET, CfgCapRegisters.LENGTH};
        s.access(1, false, LegacyRegister.QUEUE_SIZE.offset(), 2, 0);
        for (int i = 0; i < 3; i++) {
            got[i] = s.f.configRead(rid, CfgCapRegisters.CAP + at[i]);
        }
        s.f.run();
        assertThat(got[0].value & 0xFF).as("cap_vndr").isEqualTo(CfgCapRegisters.CAP_ID_VENDOR);
        assertThat(got[0].value >>> 24).as("cfg_type").isEqualTo(CfgCapRegisters.CFG_TYPE_PCI_CFG);
        assertThat(got[0].value >>> 16 & 0xFF).as("cap_len").isEqualTo(CfgCapRegisters.CAP_LEN);
        assertThat(got[1].value).as("offset, as the last access left it").isEqualTo(LegacyRegister.QUEUE_SIZE.offset());
        assertThat(got[2].value).isEqualTo(2);
        assertThat(s.f.device.config().readDword(0, ConfigSpace.MSIX_CAP) >>> 8 & 0xFF).as("not on the PF").isZero();
    }

    @Test
    void aDataAccessWithAnInvalidLengthDoesNothingAndReadsAllOnes() {
        Setup s = new Setup(1);
        int rid = s.f.device.layout().vfRoutingId(1);
        s.f.configWrite(rid, CfgCapRegisters.CAP + CfgCapRegisters.LENGTH, 4, 3);
        s.f.configWrite(rid, CfgCapRegisters.CAP + CfgCapRegisters.DATA, 4, 0x07);
        DeviceFixture.Load r = s.f.configRead(rid, CfgCapRegisters.CAP + CfgCapRegisters.DATA);
        s.f.run();
        assertThat(r.value).isEqualTo(0xFFFF_FFFFL);
        assertThat(s.cap.invalidAccesses()).isEqualTo(2);
        assertThat(s.f.device.vf(1).status()).isZero();
    }

    /** The driver's read-back of status right after its write of 0, as the guest's next instruction. */
    private static Done readBackAfterReset(Setup s) {
        s.access(1, true, LegacyRegister.DEVICE_STATUS.offset(), 1, 0x07);
        Done r = s.f.done();
        s.host.access(1, true, LegacyRegister.DEVICE_STATUS.offset(), 1, 0, 0,
                (token, value, failed) -> s.host.access(1, false, LegacyRegister.DEVICE_STATUS.offset(), 1, 0, 1, r));
        s.f.run();
        return r;
    }

    @Test
    void aReadDuringAResetStallsItsCplDUntilTheResetIsDone() {
        Setup s = new Setup(1);
        long t0 = s.f.kernel.now();
        Done r = readBackAfterReset(s);
        assertThat(r.failed()).isFalse();
        assertThat(r.value()).as("read back as 0 once the reset is done").isZero();
        assertThat(r.timePs() - t0).isGreaterThan(T.ps(T.resetCycles()));
        assertThat(s.cap.window().stalledReads()).isEqualTo(1);
        assertThat(s.cap.window().staleReads()).isZero();
        assertThat(s.cap.unrequestedStaleReads()).isZero();
        assertThat(s.host.completionTimeouts()).isZero();
    }

    @Test
    void aReadDuringAResetWithStaleGetsThePreResetStatusAtOnce() {
        Setup s = new Setup(1, ParamValues.defaults().with(LegacyWindow.READ_DURING_RESET, LegacyWindow.ReadDuringReset.STALE));
        Done r = readBackAfterReset(s);
        assertThat(r.failed()).isFalse();
        assertThat(r.value()).as("the status from before the reset").isEqualTo(0x07);
        assertThat(s.cap.window().staleReads()).isEqualTo(1);
        assertThat(s.cap.window().stalledReads()).isZero();
        assertThat(s.cap.unrequestedStaleReads()).as("asked for").isZero();
    }

    @Test
    void theEcamCostIsPaidBeforeEachConfigurationRequest() {
        long[] took = new long[2];
        double[] ecam = {0, 1000};
        for (int i = 0; i < 2; i++) {
            Setup s = new Setup(1, ParamValues.defaults().with(org.virtiosim.device.host.Ecam.ACCESS_NS, ecam[i]));
            took[i] = s.access(1, false, LegacyRegister.QUEUE_SIZE.offset(), 2, 0).timePs();
        }
        assertThat(took[1] - took[0]).as("three configuration accesses, 1 µs each").isEqualTo(3_000_000);
    }

    @Test
    void withoutTheCapabilityTheAccessFails() {
        DeviceFixture f = new DeviceFixture(1);
        Done d = f.done();
        scheme.host(f, ParamValues.defaults()).access(1, false, 0, 4, 0, 0, d);
        f.run();
        // Config space past MSI-X reads 0 and ignores writes: the data read answers 0, not the register.
        assertThat(d.value()).isZero();
    }
}

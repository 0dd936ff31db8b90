package org.virtiosim.device.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.param.ParamValues;

/**
 * Each device-identity parameter changes what the guest reads through the legacy registers, and
 * at their defaults the VF is the one the simulator has always had.
 */
class DeviceIdentityTest {
    private static ParamValues with(String name, String text) {
        ParamValues p = ParamValues.defaults();
        for (var k : List.of(LegacyRegisterFile.KNOBS, VirtioNetConfig.KNOBS)) {
            for (var param : k) {
                if (param.name().equals(name)) {
                    return p.withText(param, text);
                }
            }
        }
        throw new AssertionError("no identity parameter " + name);
    }

    private static int mac(LegacyRegisterFile r, int i) {
        return r.read(LegacyLayout.macOffset(r.msixEnabled()) + i, 1);
    }

    private static String macOf(LegacyRegisterFile r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            b.append(String.format("%02x", mac(r, i))).append(i < 5 ? ":" : "");
        }
        return b.toString();
    }

    @Test
    void theDefaultsAreTheSimulatorsVfAsBefore() {
        for (int vf : new int[] {0, 1, 2, 255, 0x0A0B0C, VirtioNetConfig.MAX_VF}) {
            LegacyRegisterFile byParams = LegacyRegisterFile.virtioNet(vf, ParamValues.defaults());
            LegacyRegisterFile old = LegacyRegisterFile.virtioNet(vf);
            assertThat(byParams.read(0x00, 4)).isEqualTo(0x30070020).isEqualTo(old.read(0x00, 4));
            assertThat(byParams.queueCount()).isEqualTo(3);
            for (int q = 0; q < 3; q++) {
                assertThat(byParams.queueSize(q)).isEqualTo(256);
            }
            assertThat(byParams.msixTableSize()).isEqualTo(4);
            assertThat(((VirtioNetConfig) byParams.config()).mac()).containsExactly(0x02, 0, 0, vf >>> 16 & 0xFF, vf >>> 8 & 0xFF, vf & 0xFF);
            for (int off = 0; off < VirtioNetConfig.LENGTH; off++) {
                assertThat(byParams.config().readByte(off)).as("config byte " + off + " of VF " + vf).isEqualTo(old.config().readByte(off));
            }
            assertThat(byParams.stateBytes()).isEqualTo(old.stateBytes());
        }
    }

    @Test
    void hostFeaturesAreWhatOffset0Reads() {
        LegacyRegisterFile r = LegacyRegisterFile.virtioNet(1, with("host_features", "0x79bf8064"));
        assertThat(r.read(0x00, 4)).isEqualTo(0x79bf8064);
        assertThat(LegacyRegisterFile.virtioNet(2, with("host_features", "0")).read(0x00, 4)).isZero();
    }

    /**
     * QEMU hw/virtio/virtio.c virtio_set_features_nocheck: {@code val &= vdev->host_features}; the
     * legacy virtio_ioport_write ignores its -1 for the dropped bits. The guest reads back only what
     * was offered.
     */
    @Test
    void guestFeaturesTheDeviceDidNotOfferAreDroppedAsQemuDoes() {
        LegacyRegisterFile r = LegacyRegisterFile.virtioNet(1, with("host_features", "0x00010020"));
        assertThat(r.write(0x04, 4, 0x0001_0021L)).isEqualTo(WriteEffect.GUEST_FEATURES_SET);
        assertThat(r.read(0x04, 4)).as("CSUM (bit 0) was not offered").isEqualTo(0x0001_0020);
        r.write(0x04, 4, 0x0F00_0000L);
        assertThat(r.read(0x04, 4)).as("nothing offered among them").isZero();
    }

    @Test
    void aBadFeatureGuestGetsTheBadFeaturesMaskedByWhatIsOffered() {
        LegacyRegisterFile r = LegacyRegisterFile.virtioNet(1, with("host_features", "0x79bf8064"));
        r.write(0x04, 4, 1L << VirtioFeatures.F_BAD_FEATURE);
        assertThat(r.read(0x04, 4)).as("virtio_net_bad_features & host: only MAC is offered of them")
                .isEqualTo(VirtioFeatures.NET_BAD_FEATURES & 0x79bf8064).isEqualTo(1 << VirtioFeatures.NET_F_MAC);
    }

    @Test
    void theFirstVfGetsTheBaseMacAndVfIGetsBasePlusIMinus1() {
        ParamValues p = with("mac", "52:54:00:12:34:56");
        assertThat(macOf(LegacyRegisterFile.virtioNet(1, p))).isEqualTo("52:54:00:12:34:56");
        assertThat(macOf(LegacyRegisterFile.virtioNet(2, p))).isEqualTo("52:54:00:12:34:57");
        assertThat(macOf(LegacyRegisterFile.virtioNet(0xAB, p))).as("a carry into the next octet").isEqualTo("52:54:00:12:35:00");
        ParamValues top = with("mac", "ff:ff:ff:ff:ff:ff");
        assertThat(macOf(LegacyRegisterFile.virtioNet(2, top))).as("48 bits, modulo 2^48").isEqualTo("00:00:00:00:00:00");
    }

    @Test
    void resetRestoresTheVfsOwnMacFromTheBase() {
        LegacyRegisterFile r = LegacyRegisterFile.virtioNet(3, with("mac", "52:54:00:12:34:56"));
        r.write(LegacyLayout.macOffset(false), 1, 0xEE);
        r.write(0x12, 1, 0);
        r.completeReset();
        assertThat(macOf(r)).isEqualTo("52:54:00:12:34:58");
    }

    @Test
    void eachQueueReadsItsOwnSizeAndTheCountFollowsTheList() {
        LegacyRegisterFile r = LegacyRegisterFile.virtioNet(1, with("queue_sizes", "256,128,64,16"));
        int[] expected = {256, 128, 64, 16, 0};
        for (int q = 0; q < expected.length; q++) {
            r.write(0x0E, 2, q);
            assertThat(r.read(0x0C, 2)).as("queue " + q).isEqualTo(expected[q]);
        }
        assertThat(r.queueCount()).isEqualTo(4);
    }

    @Test
    void netStatusIsWhatConfigStatusReadsAndTheLinkBitFollowsTheLink() {
        int status = VirtioNetConfig.STATUS_OFFSET;
        LegacyRegisterFile down = LegacyRegisterFile.virtioNet(1, with("net_status", "0"));
        assertThat(down.config().readByte(status)).isZero();
        assertThat(((VirtioNetConfig) down.config()).linkUp()).isFalse();
        LegacyRegisterFile announce = LegacyRegisterFile.virtioNet(1, with("net_status", "0x0103"));
        assertThat(announce.read(LegacyLayout.deviceConfigStart(false) + status, 2)).isEqualTo(0x0103);
        ((VirtioNetConfig) announce.config()).setLinkUp(false);
        assertThat(announce.read(LegacyLayout.deviceConfigStart(false) + status, 2)).as("link bit cleared, others kept").isEqualTo(0x0102);
    }

    @Test
    void maxVirtqueuePairsIsWhatConfigOffset8Reads() {
        LegacyRegisterFile r = LegacyRegisterFile.virtioNet(1, with("max_virtqueue_pairs", "0x8000"));
        assertThat(r.read(LegacyLayout.deviceConfigStart(false) + VirtioNetConfig.MAX_VIRTQUEUE_PAIRS_OFFSET, 2)).isEqualTo(0x8000);
        assertThat(LegacyRegisterFile.virtioNet(1, ParamValues.defaults())
                .read(LegacyLayout.deviceConfigStart(false) + VirtioNetConfig.MAX_VIRTQUEUE_PAIRS_OFFSET, 2)).isEqualTo(1);
    }

    @Test
    void msixVectorsIsTheTableAVectorWriteIsCheckedAgainst() {
        LegacyRegisterFile r = LegacyRegisterFile.virtioNet(1, with("msix_vectors", "2"));
        r.setMsixEnabled(true);
        r.write(0x14, 2, 1);
        assertThat(r.read(0x14, 2)).isEqualTo(1);
        r.write(0x14, 2, 2);
        assertThat(r.read(0x14, 2)).as("beyond a 2-entry table").isEqualTo(LegacyRegisterFile.NO_VECTOR);
        assertThat(LegacyRegisterFile.virtioNet(1, with("msix_vectors", "0")).msixTableSize()).isZero();
    }

    @Test
    void badIdentityValuesAreOneLineErrors() {
        assertThatThrownBy(() -> with("queue_sizes", "256,100")).hasMessage("entry 2 of 2: '100' is not a power of 2");
        assertThatThrownBy(() -> with("mac", "52:54:00:12:34")).hasMessageStartingWith("expected six hex octets");
        assertThatThrownBy(() -> with("mac", "52-54-00-12-34-56")).hasMessageStartingWith("expected six hex octets");
        assertThatThrownBy(() -> with("host_features", "0x1_0000_0000")).hasMessageContaining("expected a whole number");
        assertThatThrownBy(() -> with("net_status", "0x10000")).hasMessage("'0x10000' is out of range 0x0..0xffff");
        assertThatThrownBy(() -> with("max_virtqueue_pairs", "0")).hasMessageContaining("out of range 1..32768");
        assertThatThrownBy(() -> with("msix_vectors", "2049")).hasMessageContaining("out of range 0..2048");
    }

    @Test
    void theMacTextReadsBackAsItself() {
        assertThat(VirtioNetConfig.MAC.defaultText()).isEqualTo("02:00:00:00:00:01");
        assertThat(VirtioNetConfig.MAC.parse("52:54:00:AB:cd:56")).isEqualTo(0x525400abcd56L);
        assertThat(VirtioNetConfig.MAC.format(0x525400abcd56L)).isEqualTo("52:54:00:ab:cd:56");
    }
}

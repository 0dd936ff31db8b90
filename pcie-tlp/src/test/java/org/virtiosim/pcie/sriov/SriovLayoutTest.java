package org.virtiosim.pcie.sriov;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.virtiosim.pcie.tlp.RoutingId;

class SriovLayoutTest {
    @Test
    void vfRoutingIdsFollowFirstVfOffsetAndStrideAcrossBuses() {
        // PF at 03:00.0, First VF Offset 1, VF Stride 1 (ARI): VF1 = 03:00.1 ... VF255 = 03:1f.7, VF256 = 04:00.0.
        SriovLayout l = new SriovLayout(RoutingId.of(3, 0, 0), 1, 1, 300, 0x80_0000_0000L, 0x1000);
        assertThat(l.vfRoutingId(1)).isEqualTo(0x0301);
        assertThat(l.vfRoutingId(255)).isEqualTo(0x03FF);
        assertThat(l.vfRoutingId(256)).isEqualTo(0x0400);
        assertThat(l.lastBus()).isEqualTo(4);
        for (int vf = 1; vf <= 300; vf++) {
            assertThat(l.vfOfRoutingId(l.vfRoutingId(vf))).isEqualTo(vf);
        }
        assertThat(l.vfOfRoutingId(RoutingId.of(3, 0, 0))).as("the PF").isZero();
    }

    @Test
    void strideSkipsTheFunctionsInBetween() {
        SriovLayout l = new SriovLayout(0x0100, 4, 2, 8, 0x1000_0000L, 0x4000);
        assertThat(l.vfRoutingId(1)).isEqualTo(0x0104);
        assertThat(l.vfRoutingId(2)).isEqualTo(0x0106);
        assertThat(l.vfOfRoutingId(0x0105)).isZero();
        assertThat(l.vfOfRoutingId(0x0106)).isEqualTo(2);
        assertThat(l.vfOfRoutingId(0x0104 + 2 * 8)).as("past NumVFs").isZero();
    }

    @Test
    void vfBarsAreAtBasePlusIndexTimesAperture() {
        SriovLayout l = new SriovLayout(0x0100, 1, 1, 4096, 0x80_0000_0000L, 0x2000);
        assertThat(l.vfBarAddress(1)).isEqualTo(0x80_0000_0000L);
        assertThat(l.vfBarAddress(17)).isEqualTo(0x80_0000_0000L + 16 * 0x2000L);
        assertThat(l.vfOfAddress(0x80_0000_0000L + 16 * 0x2000L + 0x1FFF)).isEqualTo(17);
        assertThat(l.vfOfAddress(0x80_0000_0000L + 4096L * 0x2000L)).isZero();
        assertThat(l.vfOfAddress(0x7F_FFFF_FFFFL)).isZero();
    }

    @Test
    void rejectsImpossibleLayouts() {
        assertThatThrownBy(() -> new SriovLayout(0xFF00, 1, 1, 65535, 0, 0x1000)).hasMessageContaining("past bus 255");
        assertThatThrownBy(() -> new SriovLayout(0x0100, 1, 1, 8, 0x1800, 0x1000 * 2)).hasMessageContaining("aligned");
        assertThatThrownBy(() -> new SriovLayout(0x0100, 1, 1, 8, 0, 3000)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> new SriovLayout(0x0100, 0, 1, 8, 0, 0x1000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLayoutKeepsWhatItWasGiven() {
        SriovLayout l = new SriovLayout(0x0100, 2, 1, 16, 0x4000_0000L, 0x8000);
        assertThat(l.numVfs()).isEqualTo(16);
        assertThat(l.pfRoutingId()).isEqualTo(0x0100);
        assertThat(l.vfBarBase()).isEqualTo(0x4000_0000L);
        assertThat(l.vfBarAperture()).isEqualTo(0x8000);
    }

    @Test
    void vfNumbersAreOneToNumVfs() {
        SriovLayout l = new SriovLayout(0x0100, 1, 1, 4, 0x1000_0000L, 0x1000);
        assertThat(l.vfRoutingId(4)).isEqualTo(0x0104);
        assertThat(l.vfBarAddress(4)).isEqualTo(0x1000_0000L + 3 * 0x1000);
        for (int bad : new int[] {0, 5, -1}) {
            assertThatThrownBy(() -> l.vfRoutingId(bad)).as("%d", bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> l.vfBarAddress(bad)).as("%d", bad).isInstanceOf(IllegalArgumentException.class);
        }
        SriovLayout none = new SriovLayout(0x0100, 1, 1, 0, 0x1000_0000L, 0x1000);
        assertThatThrownBy(() -> none.vfRoutingId(1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(none.lastBus()).isEqualTo(1);
        assertThat(none.vfOfAddress(0x1000_0000L)).isZero();
    }

    @Test
    void addressesMapToTheVfWhoseApertureHoldsThem() {
        SriovLayout l = new SriovLayout(0x0100, 1, 1, 4, 0x1000_0000L, 0x1000);
        assertThat(l.vfOfAddress(0x1000_0000L)).as("first byte of VF1").isEqualTo(1);
        assertThat(l.vfOfAddress(0x1000_0FFFL)).isEqualTo(1);
        assertThat(l.vfOfAddress(0x1000_1000L)).isEqualTo(2);
        assertThat(l.vfOfAddress(0x1000_3FFFL)).as("last byte of VF4").isEqualTo(4);
        assertThat(l.vfOfAddress(0x1000_4000L)).isZero();
        assertThat(l.vfOfAddress(0x0FFF_FFFFL)).isZero();
    }

    @Test
    void routingIdsBeforeTheFirstVfBelongToNoVf() {
        SriovLayout l = new SriovLayout(0x0100, 4, 2, 8, 0, 0x1000);
        assertThat(l.vfOfRoutingId(0x0103)).isZero();
        assertThat(l.vfOfRoutingId(0x0102)).isZero();
        assertThat(l.vfOfRoutingId(0x0104 + 2 * 7)).isEqualTo(8);
    }

    @Test
    void theFieldsAreWithinTheirRegisters() {
        new SriovLayout(0, 1, 1, 0, 0, 0x1000);
        new SriovLayout(0, 0xFFFF, 1, 1, 0, 0x1000);
        new SriovLayout(0, 1, 0xFFFF, 1, 0, 0x1000);
        new SriovLayout(0, 1, 1, 2, 0, 1L << 40);
        new SriovLayout(0, 1, 1, SriovLayout.MAX_VFS, 0, 0x1000);
        assertThatThrownBy(() -> new SriovLayout(0, 1, 1, -1, 0, 0x1000)).hasMessageContaining("NumVFs");
        assertThatThrownBy(() -> new SriovLayout(0, 1, 1, 65536, 0, 0x1000)).hasMessageContaining("NumVFs");
        assertThatThrownBy(() -> new SriovLayout(0, 0x10000, 1, 1, 0, 0x1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SriovLayout(0, 1, 0, 1, 0, 0x1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SriovLayout(0, 1, 0x10000, 1, 0, 0x1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SriovLayout(0, 1, 1, 1, 0, 0x800)).hasMessageContaining("at least 4 KB");
        assertThatThrownBy(() -> new SriovLayout(0, 1, 1, 1, 0, 0)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> new SriovLayout(0, 1, 1, 1, 0, -0x1000)).hasMessageContaining("power of two");
    }

    @Test
    void theLastVfMayEndExactlyOnTheLastRoutingId() {
        // PF 0xFF00, offset 1, stride 1: VF 255 is 0xFFFF, the last Routing ID.
        SriovLayout l = new SriovLayout(0xFF00, 1, 1, 255, 0, 0x1000);
        assertThat(l.vfRoutingId(255)).isEqualTo(0xFFFF);
        assertThat(l.lastBus()).isEqualTo(0xFF);
        assertThatThrownBy(() -> new SriovLayout(0xFF00, 1, 1, 256, 0, 0x1000)).hasMessageContaining("past bus 255");
        // Stride counts: 128 VFs at stride 2 from 0xFF01 end at 0xFF01 + 254 = 0xFFFF.
        new SriovLayout(0xFF00, 1, 2, 128, 0, 0x1000);
        assertThatThrownBy(() -> new SriovLayout(0xFF00, 1, 2, 129, 0, 0x1000)).hasMessageContaining("past bus 255");
        assertThatThrownBy(() -> new SriovLayout(0xFF00, 3, 2, 128, 0, 0x1000)).hasMessageContaining("past bus 255");
    }

}

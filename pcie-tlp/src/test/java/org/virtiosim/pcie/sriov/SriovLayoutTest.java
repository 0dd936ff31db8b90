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
}

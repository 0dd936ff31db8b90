package org.virtiosim.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.virtiosim.pcie.sriov.SriovLayout;

/**
 * The most VFs the address map can place (SR-IOV §9.3.3.9/10: VF Routing ID = PF + First VF Offset +
 * (n - 1) × VF Stride, 16 bits) and why NumVFs' own maximum, 65535, is out of reach. No VF is built.
 */
class AddressMapTest {
    private static SriovLayout layout(int numVfs) {
        return new SriovLayout(AddressMap.PF_ROUTING_ID, AddressMap.FIRST_VF_OFFSET, AddressMap.VF_STRIDE, numVfs,
                Bar.VF_BAR2.base(), Bar.VF_BAR2.size());
    }

    @Test
    void theLimitsLastVfTakesTheLastRoutingIdOfBus255() {
        SriovLayout l = layout(AddressMap.MAX_VFS);
        assertThat(l.vfRoutingId(AddressMap.MAX_VFS)).isEqualTo(0xFFFF);
        assertThat(l.lastBus()).isEqualTo(255);
        // The first VF sits on the PF's bus, behind the root port: none on bus 0, the root complex's.
        assertThat(l.vfRoutingId(1) >>> 8).isEqualTo(AddressMap.PF_ROUTING_ID >>> 8).isGreaterThan(AddressMap.ROOT_COMPLEX_ID >>> 8);
        assertThat(l.vfOfRoutingId(AddressMap.ROOT_COMPLEX_ID)).isZero();
        assertThat(AddressMap.requireVfs(AddressMap.MAX_VFS)).isEqualTo(AddressMap.MAX_VFS);
        assertThat(AddressMap.requireVfs(1)).isEqualTo(1);
    }

    @Test
    void oneVfMoreHasNoRoutingId() {
        assertThatThrownBy(() -> layout(AddressMap.MAX_VFS + 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bus 255");
        assertThatThrownBy(() -> AddressMap.requireVfs(AddressMap.MAX_VFS + 1L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("VFs must be 1..65279, got 65280: " + AddressMap.VF_LIMIT_REASON);
        assertThatThrownBy(() -> AddressMap.requireVfs(0)).hasMessage("VFs must be 1..65279, got 0");
        assertThat(AddressMap.VF_LIMIT_REASON).doesNotContain("\n");
    }

    @Test
    void numVfs65535NeedsEveryRoutingIdTheRootComplexsToo() {
        // A PF and 65535 VFs are 65536 functions: every 16-bit Routing ID, so one of them is the root complex's.
        int functions = 1 + SriovLayout.MAX_VFS;
        assertThat(functions).isEqualTo(1 << 16);
        // The only placement that fits them puts the PF at 0x0000 ...
        SriovLayout whole = new SriovLayout(AddressMap.ROOT_COMPLEX_ID, 1, 1, SriovLayout.MAX_VFS, Bar.VF_BAR2.base(), Bar.VF_BAR2.size());
        assertThat(whole.pfRoutingId()).isEqualTo(AddressMap.ROOT_COMPLEX_ID);
        // ... and any PF above it leaves too few.
        assertThatThrownBy(() -> new SriovLayout(AddressMap.ROOT_COMPLEX_ID + 1, 1, 1, SriovLayout.MAX_VFS, Bar.VF_BAR2.base(),
                Bar.VF_BAR2.size())).isInstanceOf(IllegalArgumentException.class);
    }
}

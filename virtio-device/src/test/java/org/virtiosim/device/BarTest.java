package org.virtiosim.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The device's BARs as config space would describe them (PCIe Base 6.0 §7.5.1.2.1, SR-IOV §9.3.3.14). */
class BarTest {
    @Test
    void onlyVfBar2IsPerVf() {
        for (Bar b : Bar.values()) {
            assertThat(b.perVf()).as(b.name()).isEqualTo(b == Bar.VF_BAR2);
        }
    }

    @Test
    void onlyThePfHasAnIoBar() {
        // A VF may not have an I/O BAR (SR-IOV §9.3.3.14): the I/O BAR is the PF's.
        for (Bar b : Bar.values()) {
            assertThat(b.io()).as(b.name()).isEqualTo(b == Bar.PF_IO);
        }
        assertThat(Bar.PF_IO.perVf()).isFalse();
    }

    @Test
    void pfMemoryBarsAre32BitAndVfBar2IsAbove4Gb() {
        // Non-prefetchable memory behind a bridge is 32-bit only (§7.5.1.3.8); VF BAR2 is 64-bit above 4 GB.
        for (Bar b : new Bar[] {Bar.PF_BAR0, Bar.PF_BAR2, Bar.PF_BAR4}) {
            assertThat(b.base() + b.size()).as(b.name()).isLessThanOrEqualTo(1L << 32);
        }
        assertThat(Bar.VF_BAR2.base()).isGreaterThanOrEqualTo(1L << 32);
        // An I/O space address is 16 bits on x86 (ports 0..0xFFFF).
        assertThat(Bar.PF_IO.base() + Bar.PF_IO.size()).isLessThanOrEqualTo(0x1_0000L);
    }

    @Test
    void everyBarIsAPowerOfTwo() {
        // A BAR's size is a power of two (§7.5.1.2.1: its low address bits are hardwired to 0).
        for (Bar b : Bar.values()) {
            assertThat(Long.bitCount(b.size())).as(b.name() + " size").isEqualTo(1);
        }
    }

    @Test
    void barsAreAlignedToTheirSize() {
        // The base is a multiple of the size, since the BAR's low bits cannot be written.
        for (Bar b : Bar.values()) {
            assertThat(b.base() % b.size()).as(b.name() + " alignment").isZero();
        }
    }

    @Test
    void memoryBarsDoNotOverlap() {
        Bar[] mem = {Bar.PF_BAR0, Bar.PF_BAR2, Bar.PF_BAR4, Bar.VF_BAR2};
        for (Bar a : mem) {
            for (Bar b : mem) {
                if (a != b) {
                    assertThat(a.base() + a.size() <= b.base() || b.base() + b.size() <= a.base())
                            .as(a + " and " + b).isTrue();
                }
            }
        }
    }

    @Test
    void documentedSizes() {
        assertThat(Bar.PF_BAR0.size()).isEqualTo(1L << 20);
        assertThat(Bar.PF_BAR2.size()).isEqualTo(1L << 28);
        assertThat(Bar.VF_BAR2.size()).as("4 KB per VF").isEqualTo(0x1000);
        assertThat(Bar.PF_IO.size()).isEqualTo(0x100);
        assertThat(Bar.PF_BAR4.size()).as("a 4-byte pf-bar slot for each of 65535 VFs").isGreaterThanOrEqualTo(65535L * 4);
    }

    /**
     * admin-cmds-legacy-interface.tex: with LEGACY_NOTIFY_INFO "the group owner device MUST
     * hardwire VF BAR0 to zero"; Linux's virtiovf_support_legacy_io() refuses a VF with a BAR0.
     */
    @Test
    void noVfResourceIsInVfBar0() {
        assertThat(Bar.of(true, 0)).as("VF BAR0").isNull();
        assertThat(Bar.of(true, 1)).as("VF BAR1: the 64-bit VF BAR2 takes BAR2 and BAR3").isNull();
        assertThat(Bar.of(true, 2)).isEqualTo(Bar.VF_BAR2);
        for (Bar b : Bar.values()) {
            if (b.perVf()) {
                assertThat(b.index()).as(b.name()).isNotZero();
            }
        }
    }

    @Test
    void barsAreFoundByFunctionAndNumber() {
        for (Bar b : Bar.values()) {
            assertThat(Bar.of(b.perVf(), b.index())).as(b.name()).isSameAs(b);
            assertThat(b.index()).as(b.name()).isBetween(0, 5);
        }
        assertThat(Bar.of(false, 3)).as("PF BAR3: none").isNull();
        assertThat(Bar.of(false, 6)).isNull();
    }
}

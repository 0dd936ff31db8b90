package org.virtiosim.device.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.pcie.sriov.SriovLayout;

/**
 * Field positions from PCI Express Base Specification Rev. 6.0: Type 0 header (Vendor ID 00h,
 * Device ID 02h, Capabilities Pointer 34h), MSI-X capability §7.7.2 (ID 11h, Message Control at
 * +2: Table Size in bits 10:0 encoded as N-1, MSI-X Enable bit 15) and the SR-IOV extended
 * capability §9.3.3 (header at +0: ID 0010h, version in bits 19:16, next in 31:20; SR-IOV Control
 * +08h; InitialVFs +0Ch, TotalVFs +0Eh; NumVFs +10h; First VF Offset +14h, VF Stride +16h; VF
 * Device ID +1Ah; VF BAR0 +24h, VF BARn +24h + 4n) and, for a VF's own header, §9.3.4.1.
 */
class ConfigSpaceSriovTest {
    private static final long VF_BAR = 0x80_0000_0000L;
    private static final int PF_RID = 0x0100;
    /** The VF BAR the device puts the VFs' memory in: VF BAR2 (BAR2 and BAR3, a 64-bit BAR). */
    private static final int VF_BAR_N = 2;

    private static LegacyRegisterFile[] vfs(int n) {
        LegacyRegisterFile[] v = new LegacyRegisterFile[n + 1];
        for (int i = 1; i <= n; i++) {
            v[i] = LegacyRegisterFile.virtioNet(i);
        }
        return v;
    }

    private static ConfigSpace space(int firstVfOffset, int stride, int numVfs) {
        return new ConfigSpace(new SriovLayout(PF_RID, firstVfOffset, stride, numVfs, VF_BAR, 0x1000), VF_BAR_N, vfs(numVfs));
    }

    private static int lo16(int dw) {
        return dw & 0xFFFF;
    }

    private static int hi16(int dw) {
        return dw >>> 16;
    }

    @Test
    void everyFunctionIsATransitionalVirtioNetWithAnMsixCapability() {
        ConfigSpace cfg = space(1, 1, 3);
        for (int f = 0; f <= 3; f++) {
            // 0x34 holds the pointer in its low byte, and the capability is DW-aligned in the header.
            assertThat(cfg.readDword(f, 0x34) & 0xFF).as("function %d capabilities pointer", f).isEqualTo(0x40);
            assertThat(cfg.readDword(f, 0x40) & 0xFF).as("function %d capability ID", f).isEqualTo(0x11);
            assertThat(cfg.readDword(f, 0x40) >>> 8 & 0xFF).as("last capability: next pointer 0").isZero();
        }
        assertThat(lo16(cfg.readDword(0, 0x00))).as("Red Hat, Inc.").isEqualTo(0x1AF4);
        assertThat(hi16(cfg.readDword(0, 0x00))).as("transitional virtio-net").isEqualTo(0x1000);
    }

    @Test
    void msixTableSizeIsEncodedAsNMinusOne() {
        ConfigSpace cfg = space(1, 1, 2);
        assertThat(hi16(cfg.readDword(1, 0x40)) & 0x7FF).as("4 vectors: rx, tx, control, config").isEqualTo(3);
        assertThat(hi16(cfg.readDword(1, 0x40)) & 0x8000).as("MSI-X off after reset").isZero();
        assertThat(hi16(cfg.readDword(0, 0x40))).as("the PF: one entry, never enabled").isZero();
    }

    @Test
    void msixTableSizeFollowsTheVfsTable() {
        LegacyRegisterFile[] v = {null, new LegacyRegisterFile(0, 0, new int[] {64}, 0x800, LegacyRegisterFile.virtioNet(1).config())};
        ConfigSpace cfg = new ConfigSpace(new SriovLayout(PF_RID, 1, 1, 1, VF_BAR, 0x1000), VF_BAR_N, v);
        assertThat(hi16(cfg.readDword(1, 0x40)) & 0x7FF).isEqualTo(0x7FF);
    }

    @Test
    void sriovCapabilityHeaderAndControl() {
        ConfigSpace cfg = space(1, 1, 4);
        int hdr = cfg.readDword(0, 0x100);
        assertThat(hdr & 0xFFFF).isEqualTo(0x0010);
        assertThat(hdr >>> 16 & 0xF).as("capability version").isEqualTo(1);
        assertThat(hdr >>> 20).as("no next extended capability").isZero();
        int control = lo16(cfg.readDword(0, 0x108));
        assertThat(control & 0x1).as("VF Enable").isEqualTo(1);
        assertThat(control & 0x8).as("VF MSE: VF BARs decode").isEqualTo(0x8);
        assertThat(control & 0x10).as("ARI Capable Hierarchy").isEqualTo(0x10);
        assertThat(control & 0x6).as("no VF migration").isZero();
    }

    @Test
    void vfCountsRoutingAndDeviceId() {
        ConfigSpace cfg = space(4, 2, 5);
        assertThat(lo16(cfg.readDword(0, 0x10C))).as("InitialVFs").isEqualTo(5);
        assertThat(hi16(cfg.readDword(0, 0x10C))).as("TotalVFs").isEqualTo(5);
        assertThat(lo16(cfg.readDword(0, 0x110))).as("NumVFs").isEqualTo(5);
        assertThat(lo16(cfg.readDword(0, 0x114))).as("First VF Offset").isEqualTo(4);
        assertThat(hi16(cfg.readDword(0, 0x114))).as("VF Stride").isEqualTo(2);
        assertThat(hi16(cfg.readDword(0, 0x118))).as("VF Device ID").isEqualTo(0x1000);
        assertThat(lo16(cfg.readDword(0, 0x118))).as("reserved half").isZero();
    }

    /** "VF Stride is unused if NumVFs is 0 or 1": with one VF only First VF Offset locates it. */
    @Test
    void oneVfStillHasItsFirstVfOffset() {
        ConfigSpace cfg = space(8, 2, 1);
        assertThat(lo16(cfg.readDword(0, 0x114))).isEqualTo(8);
        assertThat(lo16(cfg.readDword(0, 0x110))).isEqualTo(1);
    }

    @Test
    void vfBar2IsA64BitPrefetchableMemoryBarAtTheVfBarBase() {
        ConfigSpace cfg = space(1, 1, 2);
        int lo = cfg.readDword(0, 0x12C);
        assertThat(lo & 0x1).as("memory space").isZero();
        assertThat(lo >>> 1 & 0x3).as("type 10b: 64-bit").isEqualTo(0b10);
        assertThat(lo & 0x8).as("prefetchable").isEqualTo(0x8);
        long base = (lo & 0xFFFF_FFF0L) | (long) cfg.readDword(0, 0x130) << 32;
        assertThat(base).isEqualTo(VF_BAR);
    }

    /**
     * admin-cmds-legacy-interface.tex: an owner supporting LEGACY_NOTIFY_INFO "MUST hardwire VF
     * BAR0 to zero in the SR-IOV Extended capability"; Linux's virtiovf_support_legacy_io()
     * refuses a VF with a BAR0. BAR1 reads 0 too (BAR2 is 64-bit, so BAR3 is its upper half).
     */
    @Test
    void vfBar0AndBar1AreHardwiredToZero() {
        for (int vfs : new int[] {1, 2, 7}) {
            ConfigSpace cfg = space(1, 1, vfs);
            assertThat(cfg.readDword(0, 0x124)).as("VF BAR0, %d VFs", vfs).isZero();
            assertThat(cfg.readDword(0, 0x128)).as("VF BAR1, %d VFs", vfs).isZero();
            assertThat(cfg.readDword(0, 0x134)).as("VF BAR4").isZero();
            assertThat(cfg.readDword(0, 0x138)).as("VF BAR5").isZero();
        }
    }

    @Test
    void theVfBarCannotBeVfBar0() {
        SriovLayout l = new SriovLayout(PF_RID, 1, 1, 1, VF_BAR, 0x1000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConfigSpace(l, 0, vfs(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hardwired to zero");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConfigSpace(l, 5, vfs(1)))
                .as("a 64-bit BAR needs the next one too").isInstanceOf(IllegalArgumentException.class);
    }

    /** The device as built: its own config space (what a CfgRd0 reads) has VF BAR0 at zero and VF BAR2 at the VFs' memory. */
    @Test
    void theDevicesConfigSpaceHasNoVfBar0() {
        org.virtiosim.device.DeviceFixture f = new org.virtiosim.device.DeviceFixture(4);
        ConfigSpace cfg = f.device.config();
        assertThat(cfg.readDword(0, 0x124)).as("VF BAR0").isZero();
        assertThat(cfg.readDword(0, 0x128)).as("VF BAR1").isZero();
        long base = (cfg.readDword(0, 0x12C) & 0xFFFF_FFF0L) | (long) cfg.readDword(0, 0x130) << 32;
        assertThat(base).isEqualTo(f.device.layout().vfBarBase()).isEqualTo(org.virtiosim.device.Bar.VF_BAR2.base());
        for (int vf = 1; vf <= 4; vf++) {
            assertThat(cfg.readDword(vf, 0x10)).as("VF %d's own BAR0", vf).isZero();
        }
    }

    /** §9.3.4.1.11: a VF's own BARs read 0 (the PF's VF BARn describe them); BAR0 above all. */
    @Test
    void everyVfsOwnHeaderReadsZeroInItsBars() {
        ConfigSpace cfg = space(1, 1, 5);
        for (int vf = 1; vf <= 5; vf++) {
            for (int bar = 0x10; bar <= 0x24; bar += 4) {
                assertThat(cfg.readDword(vf, bar)).as("VF %d BAR at 0x%02x", vf, bar).isZero();
            }
        }
    }

    /** §9.3.4.1.1 and §9.3.4.1.2: a VF's Vendor ID and Device ID read FFFFh; the PF's are the virtio ones. */
    @Test
    void aVfsVendorIdAndDeviceIdReadAllOnes() {
        ConfigSpace cfg = space(1, 1, 3);
        for (int vf = 1; vf <= 3; vf++) {
            assertThat(lo16(cfg.readDword(vf, 0x00))).as("VF %d Vendor ID", vf).isEqualTo(0xFFFF);
            assertThat(hi16(cfg.readDword(vf, 0x00))).as("VF %d Device ID", vf).isEqualTo(0xFFFF);
        }
        assertThat(cfg.readDword(0, 0x00)).isEqualTo(0x1000_1AF4);
    }

    @Test
    void unmodelledRegistersReadZero() {
        ConfigSpace cfg = space(1, 1, 2);
        for (int off : new int[] {0x08, 0x10, 0x3C, 0x44, 0x104, 0x11C, 0x120, 0x124, 0x128, 0x134, 0x13C, 0xFFC}) {
            assertThat(cfg.readDword(0, off)).as("PF 0x%03x", off).isZero();
        }
        for (int off : new int[] {0x100, 0x10C, 0x110, 0x114, 0x124}) {
            assertThat(cfg.readDword(1, off)).as("a VF has no SR-IOV capability: 0x%03x", off).isZero();
        }
    }

    @Test
    void msixEnableIsPerVfAndOnlyThroughMessageControl() {
        LegacyRegisterFile[] v = vfs(2);
        ConfigSpace cfg = new ConfigSpace(new SriovLayout(PF_RID, 1, 1, 2, VF_BAR, 0x1000), VF_BAR_N, v);
        cfg.writeDword(1, 0x44, 0b1111, -1); // the table offset DW, not Message Control
        cfg.writeDword(1, 0x00, 0b1111, -1);
        assertThat(v[1].msixEnabled()).isFalse();
        cfg.writeDword(0, 0x40, 0b1111, -1); // the PF's MSI-X: no legacy register file behind it
        assertThat(v[1].msixEnabled()).isFalse();
        assertThat(v[2].msixEnabled()).isFalse();
        cfg.writeDword(1, 0x40, 0b1000, 0x8000_0000);
        assertThat(v[1].msixEnabled()).isTrue();
        assertThat(v[2].msixEnabled()).isFalse();
        cfg.writeDword(1, 0x40, 0b1000, 0x4000_0000); // Function Mask alone: Enable written as 0
        assertThat(v[1].msixEnabled()).isFalse();
        assertThat(hi16(cfg.readDword(1, 0x40)) & 0x8000).isZero();
    }
}

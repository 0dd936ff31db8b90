package org.virtiosim.device.config;

import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.pcie.sriov.SriovLayout;

/**
 * The configuration space the model answers for each function, as PCI Express Base Specification
 * Rev. 6.0 §7.5 and §9.3.3 lay it out: the header's Vendor/Device ID, an MSI-X capability per
 * function (Status's Capabilities List bit set when the function has a capability list; §7.7.2: Capability ID 0x11, Message Control with MSI-X Enable in bit 15) and, on the
 * PF, the SR-IOV extended capability (§9.3.3: TotalVFs, NumVFs, First VF Offset, VF Stride, VF
 * Device ID, VF BAR0..5). Only these fields are modelled; every other register reads 0 and ignores
 * writes.
 *
 * <p>The VFs' memory is one 64-bit VF BAR, numbered as the device places it (VF BAR2, so VF BAR2
 * and BAR3 hold it: {@code org.virtiosim.device.Bar#VF_BAR2}); the other VF BARs, VF BAR0 above all,
 * are hardwired to zero, as admin-cmds-legacy-interface.tex requires of an owner that supports
 * LEGACY_NOTIFY_INFO. A VF's own header reads FFFFh as Vendor ID and Device ID (§9.3.4.1.1,
 * §9.3.4.1.2: software takes both from the PF and the VF Device ID field) and 0 in its BARs
 * (§9.3.4.1.11: the VF BARn registers in the PF's capability describe them). Writing a VF's MSI-X Enable moves its legacy device config (0x14 to 0x18 and back). A VF
 * whose MSI-X table has no entries has no MSI-X capability (Table Size is N-1 and cannot say 0):
 * its Capabilities Pointer is 0 and there is no Message Control to read or write.
 */
public final class ConfigSpace {
    /** Red Hat's virtio vendor ID; 0x1000 is the transitional (legacy-capable) virtio-net device ID. */
    public static final int VENDOR_ID = 0x1AF4;
    public static final int DEVICE_ID = 0x1000;
    /** Command and Status (§7.5.1.1.3, §7.5.1.1.4); Status bit 4 is Capabilities List: a list starts at 0x34. */
    public static final int STATUS_DW = 0x04;
    public static final int CAPABILITIES_LIST = 1 << (16 + 4);
    public static final int MSIX_CAP = 0x40;
    public static final int MSIX_CAP_ID = 0x11;
    public static final int MSIX_MESSAGE_CONTROL = MSIX_CAP + 2;
    public static final int MSIX_ENABLE = 1 << 15;
    public static final int SRIOV_CAP = 0x100;
    public static final int SRIOV_CAP_ID = 0x0010;
    /** VF BAR0 in the SR-IOV capability (§9.3.3.14); VF BARn is at +4n from it. */
    public static final int SRIOV_VF_BAR0 = 0x24;
    /** What a VF's Vendor ID and Device ID read (§9.3.4.1.1, §9.3.4.1.2). */
    public static final int VF_ID_UNUSED = 0xFFFF;

    /** SR-IOV Control (§9.3.3.3), offset in the capability, and its VF Enable bit. */
    public static final int SRIOV_CONTROL = 0x08;
    public static final int VF_ENABLE = 0x1;

    private final SriovLayout layout;
    private final LegacyRegisterFile[] vfs;
    /** Where the VF BAR is in the SR-IOV capability (VF BARn, lower half), as an offset in it. */
    private final int vfBarLow;
    /** Where a scheme's VF capability sits after MSI-X in each VF's capability list, or 0 for none. */
    private int vfCapability;
    /** The host enabled the VFs before anything here runs; it may clear VF Enable again. */
    private boolean vfEnable = true;

    /**
     * @param vfBar the number n of the VF BARn that holds the VFs' memory (a 64-bit BAR, so n and
     *              n + 1); 1..4, since VF BAR0 is hardwired to zero
     */
    public ConfigSpace(SriovLayout layout, int vfBar, LegacyRegisterFile[] vfs) {
        if (vfBar < 1 || vfBar > 4) {
            throw new IllegalArgumentException("the 64-bit VF BAR must be VF BAR1..4 (VF BAR0 is hardwired to zero), got " + vfBar);
        }
        this.layout = layout;
        this.vfBarLow = SRIOV_VF_BAR0 + 4 * vfBar;
        this.vfs = vfs;
    }

    /** A DW of function {@code vf}'s config space (0 = the PF). */
    public int readDword(int vf, int offset) {
        switch (offset) {
            case 0x00:
                return vf == 0 ? DEVICE_ID << 16 | VENDOR_ID : VF_ID_UNUSED << 16 | VF_ID_UNUSED;
            case STATUS_DW:
                return capabilitiesPointer(vf) != 0 ? CAPABILITIES_LIST : 0;
            case 0x34:
                return capabilitiesPointer(vf);
            case MSIX_CAP: {
                if (!hasMsix(vf)) {
                    return 0;
                }
                int tableSizeMinus1 = vf == 0 ? 0 : vfs[vf].msixTableSize() - 1;
                int control = tableSizeMinus1 | (vf != 0 && vfs[vf].msixEnabled() ? MSIX_ENABLE : 0);
                return control << 16 | (vf == 0 ? 0 : vfCapability) << 8 | MSIX_CAP_ID; // Next Capability Pointer
            }
            default:
                return vf == 0 ? sriov(offset) : 0;
        }
    }

    /**
     * Links a capability a scheme answers itself (its header included) into every VF's capability
     * list, after MSI-X (PCI Local Bus 3.0 §6.7: each capability's Next pointer, the last 0).
     */
    public void linkVfCapability(int offset) {
        if (offset < MSIX_CAP + 12 || offset > 0xFC || (offset & 3) != 0) {
            throw new IllegalArgumentException("a VF capability must sit DW-aligned past MSI-X, below 0x100: " + offset);
        }
        this.vfCapability = offset;
    }

    private int capabilitiesPointer(int vf) {
        return hasMsix(vf) ? MSIX_CAP : vf == 0 ? 0 : vfCapability;
    }

    /** The PF has one MSI-X entry; a VF has the capability only if its table has at least one. */
    private boolean hasMsix(int vf) {
        return vf == 0 || vfs[vf].msixTableSize() > 0;
    }

    private int sriov(int offset) {
        int n = layout.numVfs();
        int firstVfOffset = layout.vfRoutingId(1) - layout.pfRoutingId();
        int stride = n > 1 ? layout.vfRoutingId(2) - layout.vfRoutingId(1) : 1;
        int field = offset - SRIOV_CAP;
        if (field == vfBarLow) {
            return (int) layout.vfBarBase() | 0xC; // memory, type 10b (64-bit), prefetchable
        }
        if (field == vfBarLow + 4) {
            return (int) (layout.vfBarBase() >>> 32); // the upper half of the 64-bit BAR
        }
        switch (field) {
            case 0x00:
                return 1 << 16 | SRIOV_CAP_ID; // version 1, no next capability
            case SRIOV_CONTROL:
                return (vfEnable ? VF_ENABLE : 0) | 0x8 | 0x10; // VF Enable, VF MSE, ARI Capable Hierarchy
            case 0x0C:
                return n << 16 | n; // TotalVFs, InitialVFs
            case 0x10:
                return n; // NumVFs
            case 0x14:
                return stride << 16 | firstVfOffset;
            case 0x18:
                return DEVICE_ID << 16; // VF Device ID
            default:
                return 0;
        }
    }

    /** VF Enable in the PF's SR-IOV Control register. */
    public boolean vfEnable() {
        return vfEnable;
    }

    /** NumVFs in the PF's SR-IOV capability. */
    public int numVfs() {
        return layout.numVfs();
    }

    /** A write of the enabled bytes of a DW (byte enables, little-endian value). */
    public void writeDword(int vf, int offset, int byteEnables, int value) {
        if (vf == 0 && offset == SRIOV_CAP + SRIOV_CONTROL && (byteEnables & 1) != 0) {
            vfEnable = (value & VF_ENABLE) != 0;
        }
        if (vf != 0 && offset == MSIX_CAP && (byteEnables & 0b1000) != 0 && hasMsix(vf)) {
            vfs[vf].setMsixEnabled((value & (MSIX_ENABLE << 16)) != 0);
        }
    }
}

package org.virtiosim.device;

/**
 * Where the device sits: the root complex at 00:00.0 (its Requester ID for every host request),
 * its root port on bus 0 with secondary bus 1 and subordinate bus 255, the PF at 01:00.0 with ARI;
 * VFs follow at First VF Offset 1, VF Stride 1 (SR-IOV §9.3.3.9/10). Its BARs are {@link Bar};
 * where each scheme and notify route puts its registers inside them is that scheme's or route's
 * own declaration.
 */
public final class AddressMap {
    /** The root complex's own Routing ID: the Requester ID of the host's requests, to which completions return. */
    public static final int ROOT_COMPLEX_ID = 0x0000;
    public static final int PF_ROUTING_ID = 0x0100;
    public static final int FIRST_VF_OFFSET = 1;
    public static final int VF_STRIDE = 1;
    /**
     * Most VFs this address map gives Routing IDs to: the last VF's, PF + First VF Offset + (n - 1) × VF Stride,
     * must stay within bus 255 (PCIe SR-IOV §9.3.3.9, 16-bit Routing IDs), the root port's Subordinate Bus
     * Number: 65279 with the PF at bus 1. See {@link #VF_LIMIT_REASON}.
     */
    public static final int MAX_VFS = (0xFFFF - PF_ROUTING_ID - FIRST_VF_OFFSET) / VF_STRIDE + 1;
    /**
     * Why {@link #MAX_VFS} and not NumVFs' 65535: one PF and 65535 VFs need all 65536 Routing IDs of the
     * hierarchy, the root complex's 0x0000 among them; and a PF below a root port starts at bus 1, since
     * bus 0 is the root complex's, so its VFs end at 0xFFFF (Linux sriov_enable likewise refuses VFs whose
     * bus lies beyond the bridge's Subordinate Bus Number).
     */
    public static final String VF_LIMIT_REASON = "16-bit Routing IDs leave the VFs 0x0101..0xFFFF after the PF at 01:00.0 "
            + "below the root port (bus 0 is the root complex's); NumVFs 65535 would need all 65536 Routing IDs, "
            + "the root complex's 0x0000 too";

    /** MSI-X messages are memory writes into the interrupt address range (x86: 0xFEEx_xxxx). */
    public static final long MSI_ADDRESS = 0xFEE0_0000L;

    private AddressMap() {
    }

    /**
     * {@code vfs} if this address map can give that many VFs Routing IDs (1..{@link #MAX_VFS}); otherwise
     * an IllegalArgumentException whose one-line message names the limit and {@link #VF_LIMIT_REASON}.
     */
    public static int requireVfs(long vfs) {
        if (vfs < 1 || vfs > MAX_VFS) {
            throw new IllegalArgumentException("VFs must be 1.." + MAX_VFS + ", got " + vfs
                    + (vfs > MAX_VFS ? ": " + VF_LIMIT_REASON : ""));
        }
        return (int) vfs;
    }
}

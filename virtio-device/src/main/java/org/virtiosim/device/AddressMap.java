package org.virtiosim.device;

/**
 * Where the device sits: PF at 01:00.0 with ARI; VFs follow at First VF Offset 1, VF Stride 1
 * (SR-IOV §9.3.3.9/10). Its BARs are {@link Bar}; where each scheme and notify route puts its
 * registers inside them is that scheme's or route's own declaration.
 */
public final class AddressMap {
    public static final int PF_ROUTING_ID = 0x0100;
    public static final int FIRST_VF_OFFSET = 1;
    public static final int VF_STRIDE = 1;
    /**
     * Most VFs this address map gives Routing IDs to: the last VF's, PF + First VF Offset + (n - 1) × VF Stride,
     * must stay within bus 255 (PCIe SR-IOV §9.3.3.9, 16-bit Routing IDs): 65279 with the PF at bus 1.
     */
    public static final int MAX_VFS = (0xFFFF - PF_ROUTING_ID - FIRST_VF_OFFSET) / VF_STRIDE + 1;

    /** MSI-X messages are memory writes into the interrupt address range (x86: 0xFEEx_xxxx). */
    public static final long MSI_ADDRESS = 0xFEE0_0000L;

    private AddressMap() {
    }
}

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

    /** MSI-X messages are memory writes into the interrupt address range (x86: 0xFEEx_xxxx). */
    public static final long MSI_ADDRESS = 0xFEE0_0000L;

    private AddressMap() {
    }
}

package org.virtiosim.device;

/**
 * Where the device's registers are. PF at 01:00.0 with ARI; VFs follow at First VF Offset 1, VF
 * Stride 1. BARs are 64-bit (VF BARs above 4 GB, as SR-IOV devices commonly place them), so MMIO
 * to them uses 4 DW headers.
 *
 * <p>VF BAR0, 4 KB per VF: the legacy register window (mmio scheme) at 0x000, the indirect pair
 * {@code legacy_register_addr} at 0x100 and {@code legacy_register_data} at 0x104, and the VF's
 * notify register at 0x200 (what LEGACY_NOTIFY_INFO reports for members). PF BAR0: the admin
 * queues' doorbells from 0x0000 (4 bytes each) and a notify area with a 4-byte slot per VF from 0x10000 (owner
 * entry of LEGACY_NOTIFY_INFO). PF I/O BAR: one 32-bit notify port taking (VF << 16 | queue).
 */
public final class AddressMap {
    public static final int PF_ROUTING_ID = 0x0100;
    public static final int FIRST_VF_OFFSET = 1;
    public static final int VF_STRIDE = 1;
    public static final long VF_BAR_BASE = 0x80_0000_0000L;
    public static final long VF_BAR_APERTURE = 0x1000;
    public static final long PF_BAR0 = 0xE000_0000L;
    public static final long PF_BAR0_SIZE = 1 << 20;
    public static final long PF_IO_BAR = 0xC000;

    public static final int LEGACY_WINDOW = 0x000;
    public static final int LEGACY_WINDOW_SIZE = 0x100;
    public static final int INDIRECT_ADDR = 0x100;
    public static final int INDIRECT_DATA = 0x104;
    public static final int VF_NOTIFY = 0x200;

    public static final int AQ_DOORBELL = 0x0000;
    /** One 4-byte doorbell per admin queue, queue q at {@code AQ_DOORBELL + 4q}. */
    public static final int AQ_DOORBELLS_SIZE = 0x400;
    public static final int PF_NOTIFY_AREA = 0x10000;
    public static final int PF_NOTIFY_SLOT = 4;

    /** MSI-X messages are memory writes into the interrupt address range (x86: 0xFEEx_xxxx). */
    public static final long MSI_ADDRESS = 0xFEE0_0000L;

    private AddressMap() {
    }
}

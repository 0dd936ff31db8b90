package org.virtiosim.device.scheme.aq;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.Region;
import org.virtiosim.device.notify.VfBarRoute;

/**
 * The {@code notify_info=vf-cap} answer: a capability in every VF's configuration space that says
 * where the VF takes legacy notifies, laid out as virtio 1.x's {@code struct virtio_pci_cap}
 * (transport-pci.tex, "Virtio Structure PCI Capabilities"): a vendor-specific capability (ID 09h)
 * with {@code cap_vndr}, {@code cap_next}, {@code cap_len}, {@code cfg_type} in DW 0,
 * {@code bar} and {@code id} in DW 1, {@code offset} in DW 2 and {@code length} in DW 3. It names
 * the same register LEGACY_NOTIFY_INFO's member entry does ({@link VfBarRoute}).
 *
 * <p>No {@code cfg_type} for it exists in the spec (the thread proposed it, nothing was assigned):
 * {@link #CFG_TYPE_LEGACY_NOTIFY} is this model's choice, above every value the spec defines, so a
 * 1.x driver skips it as it must skip types it does not know. It is constant per VF: answered by
 * logic in register time, with no state of its own; writes are ignored (the capability is read-only).
 */
public final class LegacyNotifyCapability implements Region {
    /** Where it sits: after the VF's MSI-X capability (0x40, 12 bytes), where cfg-cap would put its own. */
    public static final int CAP = 0x50;
    public static final int CAP_ID_VENDOR = 0x09;
    /** Hypothetical: not in the spec (see above). */
    public static final int CFG_TYPE_LEGACY_NOTIFY = 0x80;
    /** {@code cap_len}: the 16-byte {@code struct virtio_pci_cap}. */
    public static final int CAP_LEN = 16;
    /** Offsets of the fields in the capability. */
    public static final int CFG_TYPE = 3;
    public static final int BAR = 4;
    public static final int OFFSET = 8;
    public static final int LENGTH = 12;
    /** The notify store is a 16-bit virtqueue index. */
    public static final int NOTIFY_LENGTH = 2;

    private final DeviceContext device;
    private final Handler answer;

    public LegacyNotifyCapability(DeviceContext device) {
        this.device = device;
        this.answer = packed -> device.complete((int) (packed >>> 8), dword((int) (packed & 0xFF)) & 0xFFFF_FFFFL);
    }

    /** DW {@code at} of the capability (the header's {@code cap_next} is 0: it is the last). */
    public static int dword(int at) {
        return switch (at & ~3) {
            case 0 -> CFG_TYPE_LEGACY_NOTIFY << 24 | CAP_LEN << 16 | CAP_ID_VENDOR;
            case BAR -> VfBarRoute.BAR.index();
            case OFFSET -> VfBarRoute.OFFSET;
            case LENGTH -> NOTIFY_LENGTH;
            default -> 0;
        };
    }

    @Override
    public void read(int vf, int at, int size, int slot) {
        device.kernel().scheduleIn(device.timing().ps(device.timing().registerCycles()), answer, (long) slot << 8 | (at & 0xFF));
    }

    @Override
    public void write(int vf, int at, int size, long value) {
        // Read-only.
    }
}

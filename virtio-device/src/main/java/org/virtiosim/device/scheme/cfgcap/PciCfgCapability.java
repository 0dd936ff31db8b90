package org.virtiosim.device.scheme.cfgcap;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.Region;
import org.virtiosim.device.scheme.DeviceHalf;
import org.virtiosim.device.window.LegacyWindow;

/**
 * Device half of the {@code cfg-cap} scheme: the VIRTIO_PCI_CAP_PCI_CFG capability in every VF's
 * configuration space ({@link CfgCapRegisters}). Its header, {@code offset} and {@code length}
 * are registers in logic: a CfgRd0 of them is answered in {@code registerCycles}, a CfgWr0 sets
 * them at once. A CfgWr0 of {@code pci_cfg_data} is a legacy write of its first {@code length}
 * bytes at {@code offset}; a CfgRd0 of it a legacy read, its CplD sent when the read is done. Both
 * go through a {@link LegacyWindow}, which the run's backing serves and whose
 * {@code mmio_read_during_reset} says what a read during the VF's reset gets: its completion held
 * until the reset ends (stall) or the pre-reset value (stale). A data access whose {@code length}
 * is not 1, 2 or 4 does nothing: a write is dropped, a read answers all ones.
 */
public final class PciCfgCapability implements Region, DeviceHalf {
    private final DeviceContext device;
    private final LegacyWindow window;
    private final int[] offset;
    private final int[] length;
    private final Handler answer;
    private long dataReads;
    private long dataWrites;
    private long invalidAccesses;

    public PciCfgCapability(DeviceContext device, LegacyWindow window) {
        this.device = device;
        this.window = window;
        this.offset = new int[device.numVfs() + 1];
        this.length = new int[device.numVfs() + 1];
        this.answer = packed -> device.complete((int) (packed >>> 32), register((int) (packed >>> 8 & 0xFF_FFFF), (int) (packed & 0xFF)));
    }

    @Override
    public void read(int vf, int at, int size, int slot) {
        if (at == CfgCapRegisters.DATA) {
            dataReads++;
            if (CfgCapRegisters.validLength(length[vf])) {
                window.read(vf, offset[vf], length[vf], slot);
            } else {
                invalidAccesses++;
                device.complete(slot, 0xFFFF_FFFFL);
            }
            return;
        }
        // The header and the two fields are registers: they answer in register time.
        device.kernel().scheduleIn(device.timing().ps(device.timing().registerCycles()), answer,
                (long) slot << 32 | (long) (vf & 0xFF_FFFF) << 8 | (at & 0xFF));
    }

    private long register(int vf, int at) {
        return switch (at) {
            case 0 -> CfgCapRegisters.header() & 0xFFFF_FFFFL;
            case CfgCapRegisters.OFFSET -> offset[vf] & 0xFFFF_FFFFL;
            case CfgCapRegisters.LENGTH -> length[vf] & 0xFFFF_FFFFL;
            default -> 0; // bar 0, id 0, padding
        };
    }

    @Override
    public void write(int vf, int at, int size, long value) {
        int field = at & ~3;
        int shift = 8 * (at & 3);
        int mask = (int) (((1L << (8 * size)) - 1) << shift);
        int v = (int) (value << shift);
        if (field == CfgCapRegisters.OFFSET) {
            offset[vf] = offset[vf] & ~mask | v & mask;
        } else if (field == CfgCapRegisters.LENGTH) {
            length[vf] = length[vf] & ~mask | v & mask;
        } else if (field == CfgCapRegisters.DATA) {
            dataWrites++;
            if (CfgCapRegisters.validLength(length[vf])) {
                window.write(vf, offset[vf], length[vf], value);
            } else {
                invalidAccesses++;
            }
        }
    }

    @Override
    public long unrequestedStaleReads() {
        return window.unrequestedStaleReads();
    }

    /** CfgRd0s of {@code pci_cfg_data}: legacy reads. */
    public long dataReads() {
        return dataReads;
    }

    /** CfgWr0s of {@code pci_cfg_data}: legacy writes. */
    public long dataWrites() {
        return dataWrites;
    }

    /** Data accesses whose {@code length} was not 1, 2 or 4: dropped or answered with all ones. */
    public long invalidAccesses() {
        return invalidAccesses;
    }

    /** The legacy accesses behind the data field: stalled and stale reads, dropped writes. */
    public LegacyWindow window() {
        return window;
    }
}

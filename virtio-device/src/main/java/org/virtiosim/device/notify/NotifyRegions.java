package org.virtiosim.device.notify;

import org.virtiosim.device.AddressMap;
import org.virtiosim.device.Region;
import org.virtiosim.device.VirtioSriovDevice;

/**
 * The device halves of the notification paths that bypass the legacy register file: a notify
 * register in each VF's BAR ({@code vf-bar}), a notify area in the PF's BAR with one slot per VF
 * ({@code pf-bar}), and a notify port in the PF's I/O BAR ({@code io-bar}). Each decodes
 * (function, queue) and hands it to doorbell steering.
 */
public final class NotifyRegions {
    private NotifyRegions() {
    }

    /** Installs all three in the device. */
    public static void install(VirtioSriovDevice device) {
        device.mapVfRegion(AddressMap.VF_NOTIFY, 2, new Region() {
            @Override
            public void read(int function, int offset, int size, int slot) {
                device.complete(slot, 0);
            }

            @Override
            public void write(int function, int offset, int size, long value) {
                device.doorbells().notify(function, (int) value & 0xFFFF);
            }
        });
        device.mapPfNotifyArea(new Region() {
            @Override
            public void read(int function, int offset, int size, int slot) {
                device.complete(slot, 0);
            }

            @Override
            public void write(int function, int offset, int size, long value) {
                int vf = offset / AddressMap.PF_NOTIFY_SLOT + 1;
                if (vf <= device.numVfs()) {
                    device.doorbells().notify(vf, (int) value & 0xFFFF);
                }
            }
        });
        device.mapIoNotify(new Region() {
            @Override
            public void read(int function, int offset, int size, int slot) {
                device.complete(slot, 0);
            }

            @Override
            public void write(int function, int offset, int size, long value) {
                int vf = (int) (value >>> 16 & 0xFFFF);
                if (vf >= 1 && vf <= device.numVfs()) {
                    device.doorbells().notify(vf, (int) value & 0xFFFF);
                }
            }
        });
    }
}

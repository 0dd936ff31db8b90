package org.virtiosim.device.profile;

import static org.virtiosim.device.profile.DeviceProfile.set;

import java.util.List;
import org.virtiosim.core.registry.Registry;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.legacy.VirtioFeatures;
import org.virtiosim.device.legacy.VirtioNetConfig;

/** The device profiles {@code --device-profile} and a scenario file's {@code device_profile} name: one entry each. */
public final class DeviceProfiles {
    /** The QEMU version whose virtio-net-pci {@link #QEMU_VIRTIO_NET} reproduces. */
    public static final String QEMU_VERSION = "QEMU 7.2 (Debian 12 qemu-system-x86 1:7.2+dfsg-7)";

    /**
     * QEMU's legacy virtio-net-pci ({@code -device virtio-net-pci,disable-modern=on} with
     * {@code -netdev user}, one queue pair, default properties), as the guest reads it through the
     * legacy I/O BAR.
     */
    public static final DeviceProfile QEMU_VIRTIO_NET = new DeviceProfile("qemu-virtio-net",
            "QEMU's legacy virtio-net-pci: -device virtio-net-pci,disable-modern=on with -netdev user, one queue pair",
            QEMU_VERSION + ": hw/net/virtio-net.c virtio_net_properties and virtio_net_get_features (host features "
                    + "0x79bf8064 with a backend without vnet header), virtio_net_device_realize (rx/tx 256, control queue 64, "
                    + "link up), net/net.c qemu_macaddr_default_if_unset (52:54:00:12:34:56 for the first NIC), "
                    + "hw/virtio/virtio-net-pci.c (vectors = 2 * pairs + 2)",
            List.of(
                    set(LegacyRegisterFile.HOST_FEATURES, (long) VirtioFeatures.QEMU_NET_HOST_FEATURES),
                    set(VirtioNetConfig.MAC, 0x52_54_00_12_34_56L),
                    set(LegacyRegisterFile.QUEUE_SIZES, List.of(256L, 256L, 64L)),
                    set(LegacyRegisterFile.MSIX_VECTORS, 4L),
                    set(VirtioNetConfig.NET_STATUS, (long) VirtioNetConfig.S_LINK_UP),
                    set(VirtioNetConfig.MAX_VIRTQUEUE_PAIRS_PARAM, 1L)));

    /** The simulator's own VF: every identity parameter at its default (to name it in a sweep next to another). */
    public static final DeviceProfile SIMULATOR = new DeviceProfile("simulator",
            "the simulator's virtio-net VF: every identity parameter at its default",
            "the parameters' own declarations (docs/parameters.md)",
            List.of(
                    defaulted(LegacyRegisterFile.HOST_FEATURES),
                    defaulted(VirtioNetConfig.MAC),
                    defaulted(LegacyRegisterFile.QUEUE_SIZES),
                    defaulted(LegacyRegisterFile.MSIX_VECTORS),
                    defaulted(VirtioNetConfig.NET_STATUS),
                    defaulted(VirtioNetConfig.MAX_VIRTQUEUE_PAIRS_PARAM)));

    public static final Registry<DeviceProfile> REGISTRY = new Registry<>("device profile", DeviceProfile::id,
            List.of(QEMU_VIRTIO_NET, SIMULATOR));

    private DeviceProfiles() {
    }

    private static <T> DeviceProfile.Setting<T> defaulted(org.virtiosim.core.param.Param<T> p) {
        return set(p, p.defaultValue());
    }
}

package org.virtiosim.device.scheme.aq;

import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.Backing;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.host.Ecam;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.device.host.NotifyAddresses;
import org.virtiosim.device.legacy.LegacyLayout;
import org.virtiosim.device.scheme.DeviceCost;
import org.virtiosim.device.scheme.DeviceHalf;
import org.virtiosim.device.scheme.LegacyScheme;
import org.virtiosim.device.scheme.aq.command.AdminOpcode;

/**
 * {@code aq}: admin commands on the PF's admin virtqueue (LEGACY_COMMON_CFG_WRITE/READ,
 * LEGACY_DEV_CFG_WRITE/READ, LEGACY_NOTIFY_INFO; virtio 1.3 §2.12.1.1), as Linux's vfio-virtio
 * sends them. The device's AQ DMA engine fetches ring, descriptors and command, firmware executes
 * it, the engine writes result, status and the used ring; the host polls or takes MSI-X.
 */
public final class AqScheme implements LegacyScheme {
    public static final String ID = "aq";

    public static final Param<AqAccessPath.Mode> MODE = Param.choice("aq_mode", AqAccessPath.Mode.IRQ_PARALLEL,
            "how the host driver waits for admin commands", "Linux 6.11+ vfio-virtio (irq-parallel); 6.7-6.10 poll-serial")
            .studyEveryValue("both Linux driver generations are deployed");
    public static final Param<Boolean> PREFETCH = AqEngine.PREFETCH;
    public static final Param<Long> QUEUES = Param.integer("aq_queues", "", 1, 1, 256, "admin queues on the PF",
            "Linux uses one admin queue").studyRange(1L, 8L, "assumption: Linux's one queue to one per few host CPUs serving exits");
    /** DMA tags the AQ engines share: 8-bit tags (PCIe §2.2.6.2), all of them for the device's one requester. */
    static final int DMA_TAGS = 256;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "admin commands on the PF's admin virtqueue (LEGACY_*_CFG_READ/WRITE), as Linux's vfio-virtio sends them";
    }

    @Override
    public List<Param<?>> knobs() {
        List<Param<?>> k = new java.util.ArrayList<>(List.of(MODE, QUEUES, NotifyInfoSource.PARAM, Ecam.ACCESS_NS));
        k.addAll(AqEngine.KNOBS);
        k.addAll(AqDriver.KNOBS);
        return List.copyOf(k);
    }

    @Override
    public DeviceHalf install(DeviceContext device, ParamValues params) {
        if (params.get(NotifyInfoSource.PARAM) == NotifyInfoSource.VF_CAP) {
            device.mapVfConfig(LegacyNotifyCapability.CAP, LegacyNotifyCapability.CAP_LEN, new LegacyNotifyCapability(device));
        }
        return queues(device, params);
    }

    /** The PF's admin queues: one set per device, shared by this scheme and the aq notify route. */
    static AdminQueues queues(DeviceContext device, ParamValues params) {
        return device.shared(AdminQueues.class, () -> {
            // The device starts as after reset: only LIST_QUERY and LIST_USE in use, until the driver's LIST_USE.
            AdminQueues q = new AdminQueues(device, (int) (long) params.get(QUEUES), AqEngine.from(params), DMA_TAGS,
                    AdminOpcode.USED_AFTER_RESET);
            q.setInterrupts(params.get(MODE) == AqAccessPath.Mode.IRQ_PARALLEL);
            device.map(Bar.PF_BAR0, AdminQueues.DOORBELLS, AdminQueues.DOORBELLS_SIZE, q);
            return q;
        });
    }

    @Override
    public LegacyAccessPath host(HostContext host, ParamValues params) {
        AqHost driver = driver(host, params);
        if (params.get(NotifyInfoSource.PARAM) == NotifyInfoSource.VF_CAP) {
            driver.openThroughVfCapability(host, params.get(Ecam.ACCESS_NS));
        }
        return driver;
    }

    /** The host's admin queue driver: one per host, shared by this scheme and the aq notify route. */
    static AqHost driver(HostContext host, ParamValues params) {
        return host.shared(AqHost.class, () -> new AqHost(host.kernel(), host.rootComplex(), host.layout(), host.timing(),
                AqDriver.from(params, params.get(MODE)), (int) (long) params.get(QUEUES), LegacyLayout.deviceConfigStart(false),
                LegacyLayout.deviceConfigStart(true), NotifyAddresses.of(host), host.isolation()));
    }

    @Override
    public DeviceCost cost(ParamValues params, int numVfs, int stateBytes) {
        // Nothing of its own per VF: the commands name the VF. The engine's buffers are per queue.
        return DeviceCost.of(params.get(Backing.PARAM), stateBytes, 0, 0, params.get(QUEUES) * AdminQueueDevice.engineBytes((int) (long) params.get(AqEngine.COMMANDS_IN_FLIGHT)),
                "the legacy register file reached by admin commands; one AQ engine per admin queue on the PF");
    }
}
